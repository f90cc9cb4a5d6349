import * as path from 'node:path';
import { contextLocation } from '../../graph/context';
import type { Resource } from '../../graph/resource';
import { T, sameType } from '../../graph/types';
import type { Value } from '../../graph/value';
import type { FileHost, LoadOptions, LoadResult, SourceFile } from '../frontend';
import { templateScope } from './detect';
import type { DeploymentScope } from './expressions/evaluate';
import { nestedTemplate } from './deployments';
import { entryPoints } from '../entry-points';
import { linkedTemplates } from './links';
import type { JsonDoc } from './json-values';
import { parameterValues } from './parameters';
import type { Instance } from './resources';
import { ResourceTable, runtimeState } from './resources';
import { Session } from './session';
import { Template } from './template';

/**
 * Loads the ARM templates of one deployment: each top-level template with its parameter files,
 * every nested and linked deployment they contain, and the resources all of them declare.
 */
export function loadTemplates(files: readonly SourceFile[], host: FileHost, options: LoadOptions): LoadResult {
  const session = new Session(host);
  const table = new ResourceTable(session);
  const inner = new Map<Instance, Template | undefined>();
  const linked = new Set<string>();

  const resolveReference = (from: Template, target: Value, full: boolean): Value | undefined => {
    const inst = table.lookup(from, target);
    if (!inst || inst.existing) return undefined;
    if (sameType(inst.type, T.deployment)) {
      const tpl = innerOf(inst);
      if (!tpl) return undefined;
      const outputs: Value = tpl.outputs();
      const state: Value = { kind: 'object', entries: [{ key: 'outputs', value: outputs }] };
      return full ? { kind: 'object', entries: [{ key: 'properties', value: state }] } : state;
    }
    const body = table.body(inst);
    return body ? runtimeState(body, inst, full) : undefined;
  };

  /** A deployment's template, read and declared once, on first need (its outputs may be needed early). */
  const innerOf = (inst: Instance): Template | undefined => {
    if (inner.has(inst)) return inner.get(inst);
    inner.set(inst, undefined);
    const tpl = nestedTemplate(inst, resolveReference, linked);
    inner.set(inst, tpl);
    if (tpl) table.declareAll(tpl);
    return tpl;
  };

  const entries = entryFiles(files, session);
  for (const file of files) {
    const doc = session.doc(path.resolve(file.path), file.text);
    if (doc.root?.type !== 'object' || !entries.has(doc.file)) continue;
    const root = doc.root;
    guarded(session, doc, () => {
      const tpl = new Template({
        doc,
        root,
        context: options.context,
        scope: rootScope(options, templateScope(file.text)),
        deploymentName: options.context.deploymentName,
        supplied: parameterValues(doc.file, options.parameterFiles, host, session),
        session,
        resolveReference,
        chain: [doc.file],
        presence: { presence: 'always' },
      });
      table.declareAll(tpl);
    });
  }
  // Declaring a nested template may add more deployments to the list: the loop picks them up.
  for (let i = 0; i < table.instances.length; i++) {
    const inst = table.instances[i];
    if (sameType(inst.type, T.deployment) && !inst.existing) guarded(session, inst.template.doc, () => innerOf(inst));
  }
  const resources: Resource[] = [];
  for (const inst of table.instances) guarded(session, inst.template.doc, () => resources.push(table.toResource(inst)));
  // The graph keeps the first resource of each id: a declaration must win over an `existing` reference to it.
  const declaredFirst = [
    ...resources.filter((r) => r.origin === 'declared'),
    ...resources.filter((r) => r.origin === 'existing'),
  ];
  return { resources: declaredFirst, problems: session.problems };
}

function rootScope(options: LoadOptions, scope: ReturnType<typeof templateScope>): DeploymentScope {
  const { context } = options;
  const location = contextLocation(context);
  if (scope === 'resourceGroup')
    return { subscriptionId: context.subscriptionId, resourceGroup: context.resourceGroup, location };
  if (scope === 'subscription') return { subscriptionId: context.subscriptionId, location };
  return { location };
}

/**
 * The templates to load as top-level deployments: those no other template of this load links by a
 * literal `relativePath` (the others are loaded through that link).
 */
function entryFiles(files: readonly SourceFile[], session: Session): Set<string> {
  const order = files.map((f) => path.resolve(f.path));
  const ours = new Set(order);
  const links = new Map<string, string[]>();
  for (const file of files) {
    if (!file.text.includes('relativePath')) continue;
    const doc = session.doc(path.resolve(file.path), file.text);
    links.set(
      doc.file,
      linkedTemplates(doc).filter((t) => ours.has(t)),
    );
  }
  return entryPoints(order, (f) => links.get(f) ?? []);
}

/** Deep input can still exhaust the stack somewhere; that becomes a problem, and the rest stays. */
function guarded(session: Session, doc: JsonDoc, run: () => void): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    session.report(doc, 0, 0, 'template-too-deep', 'error', 'the template is nested too deeply to analyse');
  }
}
