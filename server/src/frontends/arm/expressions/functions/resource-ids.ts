import type { Value } from '../../../../graph/value';
import type { Part, Site } from '../evaluate';
import { interpolate, textPart } from '../symbols';
import { partText } from '../../names';
import type { Table } from './util';
import { fail } from './util';

/** `resourceId` and friends: ids built exactly as ARM builds them, unknown parts kept as symbols. */
export const RESOURCE_ID_FUNCTIONS: Table = {
  resourceid: {
    impl: (args, site) => {
      const at = typeIndex(args, 2);
      if (at === undefined) return fail(site, 'needs a resource type such as Microsoft.Network/virtualNetworks');
      const sub = at >= 2 ? part(args[0]) : site.env.scope.subscriptionId;
      const rg = at >= 1 ? part(args[at - 1]) : site.env.scope.resourceGroup;
      if (sub === undefined || rg === undefined)
        return fail(site, 'needs a resource group (this template deploys at subscription scope)');
      return withNames(site, args, at, (type, names) =>
        resourceIdValue({ subscriptionId: sub, resourceGroup: rg }, type, names),
      );
    },
    handlesUnknown: true,
  },
  subscriptionresourceid: {
    impl: (args, site) => {
      const at = typeIndex(args, 1);
      if (at === undefined) return fail(site, 'needs a resource type');
      const sub = at >= 1 ? part(args[0]) : site.env.scope.subscriptionId;
      if (sub === undefined) return fail(site, 'the subscription id must be a string');
      return withNames(site, args, at, (type, names) => resourceIdValue({ subscriptionId: sub }, type, names));
    },
    handlesUnknown: true,
  },
  tenantresourceid: {
    impl: (args, site) => withNames(site, args, 0, (type, names) => resourceIdValue({}, type, names)),
    handlesUnknown: true,
  },
  extensionresourceid: {
    impl: (args, site) => {
      const base = args[0] ? part(args[0]) : undefined;
      if (base === undefined) return fail(site, 'needs the id of the resource it extends');
      return withNames(site, args, 1, (type, names) => extensionIdValue(base, type, names));
    },
    handlesUnknown: true,
  },
};

/** The id of a resource in a scope: a string, or an unknown whose symbol is the id with symbols in place. */
export function resourceIdValue(
  scope: { subscriptionId?: Part; resourceGroup?: Part },
  type: string,
  names: readonly Part[],
): Value {
  const parts: Part[] = [];
  if (scope.subscriptionId !== undefined) parts.push('/subscriptions/', scope.subscriptionId);
  if (scope.resourceGroup !== undefined) parts.push('/resourceGroups/', scope.resourceGroup);
  for (const p of providerPath(type, names)) parts.push(p);
  return interpolate(parts);
}

/**
 * The id of a declared resource, as text, and whether it is fully known: an unknown id keeps its
 * symbol so that references written elsewhere with the same expressions still meet it.
 */
export function declaredId(
  extensionOf: Part | undefined,
  scope: { subscriptionId?: Part; resourceGroup?: Part },
  type: string,
  names: readonly Part[],
): { id: string; known: boolean } {
  const v =
    extensionOf !== undefined ? extensionIdValue(extensionOf, type, names) : resourceIdValue(scope, type, names);
  if (v.kind === 'string') return { id: v.value, known: true };
  if (v.kind === 'unknown' && v.symbol) return { id: v.symbol, known: false };
  return { id: `{${type}/${names.map(partText).join('/')}}`, known: false };
}

/** The id of an extension resource (a role assignment, a diagnostic setting) on the resource `base`. */
export function extensionIdValue(base: Part, type: string, names: readonly Part[]): Value {
  return interpolate([typeof base === 'string' ? base.replace(/\/$/, '') : base, ...providerPath(type, names)]);
}

function providerPath(type: string, names: readonly Part[]): Part[] {
  const segments = type.split('/');
  const parts: Part[] = [`/providers/${segments[0]}`];
  segments.slice(1).forEach((t, i) => parts.push(`/${t}/`, names[i] ?? ''));
  return parts;
}

function typeIndex(args: readonly Value[], maxScopeArgs: number): number | undefined {
  for (let i = 0; i <= maxScopeArgs && i < args.length; i++) {
    const a = args[i];
    if (a.kind === 'string' && a.value.includes('/')) return i;
  }
  return undefined;
}

function withNames(
  site: Site,
  args: readonly Value[],
  at: number,
  build: (type: string, names: Part[]) => Value,
): Value {
  const type = args[at];
  if (type?.kind !== 'string') return fail(site, 'needs a resource type');
  const names: Part[] = [];
  for (const a of args.slice(at + 1)) {
    const p = part(a);
    if (p === undefined) return fail(site, `a resource name cannot be a ${a.kind}`);
    names.push(p);
  }
  const expected = type.value.split('/').length - 1;
  if (names.length !== expected)
    return fail(site, `type '${type.value}' needs ${expected} name${expected === 1 ? '' : 's'}, found ${names.length}`);
  return build(type.value, names);
}

function part(v: Value): Part | undefined {
  return textPart(v);
}
