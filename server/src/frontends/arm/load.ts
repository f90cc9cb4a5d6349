import * as path from 'node:path';
import { contextLocation } from '../../graph/context';
import type { Resource } from '../../graph/resource';
import { T, sameType } from '../../graph/types';
import type { Value } from '../../graph/value';
import { member, unknown } from '../../graph/value';
import { Budget } from '../budget';
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
import { markOpen } from './expressions/symbols';
import type { TemplateInit } from './template';
import { Template } from './template';

/**
 * Loads the ARM templates of one deployment: each top-level template with its parameter files,
 * every nested and linked deployment they contain, and the resources all of them declare.
 */
export function loadTemplates(files: readonly SourceFile[], host: FileHost, options: LoadOptions): LoadResult {
  const run = new ArmRun(host, options.budget ?? new Budget());
  const entries = entryFiles(files, run.session);
  for (const file of files) {
    const doc = run.session.doc(path.resolve(file.path), file.text);
    if (!entries.has(doc.file)) continue;
    run.root(doc, {
      context: options.context,
      scope: rootScope(options, templateScope(file.text)),
      deploymentName: options.context.deploymentName,
      supplied: parameterValues(doc.file, options.parameterFiles, host, run.session),
      presence: { presence: 'always' },
    });
  }
  return run.finish();
}

/** How a template used as a Bicep module is deployed: its scope, name and parameters come from the module. */
export interface ArmModuleInit {
  file: string;
  text: string;
  context: TemplateInit['context'];
  scope: DeploymentScope;
  deploymentName: TemplateInit['deploymentName'];
  supplied: ReadonlyMap<string, Value>;
  presence: TemplateInit['presence'];
  nestedIn: string;
  /** The deployment's budget, shared with the Bicep module that deploys this template. */
  budget: Budget;
}

/** An ARM template a Bicep `module` deploys: its resources, problems and outputs (`{ name: value }`). */
export function loadArmModule(host: FileHost, init: ArmModuleInit): LoadResult & { outputs: Value } {
  const run = new ArmRun(host, init.budget);
  const doc = run.session.doc(init.file, init.text);
  const tpl = run.root(doc, { ...init, supplied: lowerKeys(init.supplied) });
  let outputs: Value = { kind: 'object', entries: [] };
  const shaped = tpl?.outputs();
  if (shaped?.kind === 'object')
    outputs = {
      kind: 'object',
      entries: shaped.entries.map((e) => ({ ...e, value: member(e.value, 'value') ?? unknown('no value') })),
    };
  return { ...run.finish(), outputs };
}

function lowerKeys(values: ReadonlyMap<string, Value>): Map<string, Value> {
  return new Map([...values].map(([k, v]) => [k.toLowerCase(), v]));
}

/** One load: templates declared into one resource table, nested and linked deployments followed. */
class ArmRun {
  readonly session: Session;
  private readonly table: ResourceTable;
  private readonly inner = new Map<Instance, Template | undefined>();
  private readonly linked = new Set<string>();

  constructor(host: FileHost, budget: Budget) {
    this.session = new Session(host, budget);
    this.table = new ResourceTable(this.session);
  }

  private readonly resolveReference = (from: Template, target: Value, full: boolean): Value | undefined => {
    const inst = this.table.lookup(from, target);
    if (!inst || inst.existing) return undefined;
    if (sameType(inst.type, T.deployment)) {
      const tpl = this.innerOf(inst);
      if (!tpl) return undefined;
      const outputs: Value = tpl.outputs();
      const state: Value = { kind: 'object', entries: [{ key: 'outputs', value: outputs }] };
      return full ? { kind: 'object', entries: [{ key: 'properties', value: state }] } : state;
    }
    const body = this.table.body(inst);
    // What is read from it is named after the resource: `{<id>}.identity.principalId` (full) or `{<id>}.properties.x`.
    return body
      ? markOpen(runtimeState(body, inst, full), full ? `{${inst.id}}` : `{${inst.id}}.properties`, {
          id: inst.id,
          path: full ? [] : ['properties'],
        })
      : undefined;
  };

  /** A deployment's template, read and declared once, on first need (its outputs may be needed early). */
  private innerOf(inst: Instance): Template | undefined {
    if (this.inner.has(inst)) return this.inner.get(inst);
    this.inner.set(inst, undefined);
    const nested = nestedTemplate(inst, this.resolveReference, this.linked);
    this.inner.set(inst, nested?.template);
    if (nested?.fresh) this.table.declareAll(nested.template);
    return nested?.template;
  }

  root(
    doc: JsonDoc,
    init: Pick<TemplateInit, 'context' | 'scope' | 'deploymentName' | 'supplied' | 'presence' | 'nestedIn'>,
  ): Template | undefined {
    const root = doc.root;
    if (root?.type !== 'object') return undefined;
    let tpl: Template | undefined;
    guarded(this.session, doc, () => {
      tpl = new Template({
        ...init,
        doc,
        root,
        session: this.session,
        resolveReference: this.resolveReference,
        chain: [doc.file],
      });
      this.table.declareAll(tpl);
    });
    return tpl;
  }

  finish(): LoadResult {
    const { table, session } = this;
    // Declaring a nested template may add more deployments to the list: the loop picks them up.
    for (let i = 0; i < table.instances.length; i++) {
      const inst = table.instances[i];
      if (sameType(inst.type, T.deployment) && !inst.existing)
        guarded(session, inst.template.doc, () => this.innerOf(inst));
    }
    const resources: Resource[] = [];
    for (const inst of table.instances)
      guarded(session, inst.template.doc, () => resources.push(table.toResource(inst)));
    // The graph keeps the first resource of each id: a declaration must win over an `existing` reference to it.
    const declaredFirst = [
      ...resources.filter((r) => r.origin === 'declared'),
      ...resources.filter((r) => r.origin === 'existing'),
    ];
    return { resources: declaredFirst, problems: session.problems, references: session.references };
  }
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
