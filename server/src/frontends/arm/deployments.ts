import type { Node } from 'jsonc-parser';
import * as path from 'node:path';
import type { Value } from '../../graph/value';
import { unknown } from '../../graph/value';
import type { DeploymentScope } from './expressions/evaluate';
import type { JsonDoc } from './json-values';
import { child, members, spanOf, stringOf } from './json-values';
import { partText } from './names';
import { keyVaultSecret } from './parameters';
import type { Instance } from './resources';
import type { ReferenceResolver } from './template';
import { Template, parameterSymbol } from './template';

/** Linked templates deeper than this are not followed (real deployments stay far below). */
const MAX_LINK_DEPTH = 32;

/**
 * The template a `Microsoft.Resources/deployments` resource deploys: inline (`inner` or `outer`
 * expression scope) or linked by `relativePath`, with the parameters the deployment passes and the
 * scope (`subscriptionId`, `resourceGroup`) it targets. Undefined when it cannot be read; the
 * reason is reported as a problem.
 */
export function nestedTemplate(
  inst: Instance,
  resolveReference: ReferenceResolver,
  linked: Set<string>,
): Template | undefined {
  const outer = inst.template;
  const { session } = outer;
  const props = child(inst.node, 'properties');
  const report = (node: Node, code: string, severity: 'error' | 'warning' | 'info', message: string): void =>
    session.report(outer.doc, node.offset, node.offset + node.length, code, severity, message);
  let doc: JsonDoc = outer.doc;
  let root = child(props, 'template');
  let chain = outer.init.chain;
  let innerScope = stringOf(child(child(props, 'expressionEvaluationOptions'), 'scope'))?.toLowerCase() === 'inner';
  let instantiatedBy = outer.init.instantiatedBy;
  if (!root) {
    const link = child(props, 'templateLink');
    if (!link) return undefined;
    const relative = child(link, 'relativePath');
    if (!relative) {
      report(
        link,
        'template-link-remote',
        'info',
        'a template linked by URI or template spec is not read; its resources are not analysed',
      );
      return undefined;
    }
    const target = outer.evalNode(relative, inst.frame);
    if (target.kind !== 'string') {
      report(
        relative,
        'template-link-unknown',
        'info',
        'the linked template path is not known before deployment; its resources are not analysed',
      );
      return undefined;
    }
    const file = path.resolve(path.dirname(outer.doc.file), target.value);
    if (chain.includes(file)) {
      report(
        relative,
        'template-link-cycle',
        'warning',
        `linked template '${target.value}' links back to itself; the cycle is not followed`,
      );
      return undefined;
    }
    const text = session.host.read(file);
    if (text === undefined) {
      report(
        relative,
        'template-link-missing',
        'warning',
        `linked template not read: ${session.host.whyUnreadable(file)}`,
      );
      return undefined;
    }
    doc = session.doc(file, text);
    root = doc.root;
    chain = [...chain, file];
    linked.add(file);
    innerScope = true;
    const nameNode = child(inst.node, 'name') ?? inst.node;
    instantiatedBy = [
      ...(instantiatedBy ?? []),
      {
        span: spanOf(outer.doc, nameNode),
        message: `deployment '${partText(inst.names[0] ?? 'deployment')}' deploys this template here`,
      },
    ];
  }
  if (root?.type !== 'object') return undefined;
  if (chain.length > MAX_LINK_DEPTH) {
    report(
      inst.node,
      'template-link-depth',
      'warning',
      `nested deployments deeper than ${MAX_LINK_DEPTH} levels are not followed`,
    );
    return undefined;
  }
  const deploymentName = inst.names[0] ?? 'deployment';
  const nestedIn = partText(deploymentName);
  return new Template({
    doc,
    root,
    context: outer.init.context,
    scope: targetScope(inst, outer.init.scope),
    deploymentName,
    supplied: innerScope ? passedParameters(inst, props, nestedIn) : new Map(),
    outer: innerScope ? undefined : outer,
    session,
    resolveReference,
    chain,
    presence: { presence: inst.presence, reason: inst.presenceReason },
    nestedIn,
    instantiatedBy,
  });
}

/** `properties.parameters` of the deployment, evaluated where the deployment is declared. */
function passedParameters(inst: Instance, props: Node | undefined, nestedIn: string): Map<string, Value> {
  const outer = inst.template;
  const values = new Map<string, Value>();
  const node = child(props, 'parameters');
  if (node?.type === 'string') {
    const all = outer.evalNode(node, inst.frame);
    if (all.kind === 'object')
      for (const e of all.entries) values.set(e.key.toLowerCase(), valueOf(e.value, e.key, nestedIn));
    return values;
  }
  for (const m of members(node)) {
    const value = child(m.value, 'value');
    if (value) values.set(m.key.toLowerCase(), outer.evalNode(value, inst.frame));
    // Bicep writes conditional parameters as one expression for the whole `{ value }` wrapper.
    else if (m.value.type === 'string')
      values.set(m.key.toLowerCase(), valueOf(outer.evalNode(m.value, inst.frame), m.key, nestedIn));
    else if (child(m.value, 'reference')) values.set(m.key.toLowerCase(), keyVaultSecret(m.key, nestedIn));
  }
  return values;
}

function valueOf(wrapper: Value, name: string, nestedIn: string): Value {
  if (wrapper.kind === 'object') {
    const v = wrapper.entries.find((e) => e.key.toLowerCase() === 'value');
    if (v) return v.value;
  }
  return unknown(`parameter '${name}' is not passed a plain value`, undefined, parameterSymbol(name, nestedIn));
}

/** The scope of the nested template: the deployment's own target, with that group's location. */
function targetScope(inst: Instance, parent: DeploymentScope): DeploymentScope {
  const { subscriptionId, resourceGroup } = inst.targetScope;
  const sameGroup =
    resourceGroup !== undefined &&
    parent.resourceGroup !== undefined &&
    partText(resourceGroup).toLowerCase() === partText(parent.resourceGroup).toLowerCase() &&
    (subscriptionId === undefined ||
      parent.subscriptionId === undefined ||
      partText(subscriptionId).toLowerCase() === partText(parent.subscriptionId).toLowerCase());
  const location = sameGroup
    ? parent.location
    : unknown(
        'the location of the target resource group is not known',
        undefined,
        `{resourceGroup('${resourceGroup === undefined ? '' : partText(resourceGroup)}').location}`,
      );
  return { subscriptionId, resourceGroup, location };
}
