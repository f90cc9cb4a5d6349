import { ResourceGraph } from './graph';
import type { Resource } from './resource';
import { normalizeId } from './resource-id';
import { T, sameType } from './types';
import type { ObjectValue, Value } from './value';
import { entry, knownString, member, obj } from './value';

/**
 * Collections that ARM lets you declare either inline in the parent's body or as child resources.
 * Both forms become child resources in the graph so that rules have one shape to read.
 */
const INLINE_CHILDREN: { parentType: string; path: string[]; childType: string }[] = [
  { parentType: T.virtualNetwork, path: ['properties', 'subnets'], childType: T.subnet },
  { parentType: T.virtualNetwork, path: ['properties', 'virtualNetworkPeerings'], childType: T.peering },
  { parentType: T.networkSecurityGroup, path: ['properties', 'securityRules'], childType: T.securityRule },
];

/** Builds the graph from what the front ends produced, expanding inline child collections. */
export function buildGraph(declared: readonly Resource[]): ResourceGraph {
  const all: Resource[] = [];
  const seen = new Set<string>();
  for (const r of declared) {
    all.push(r);
    seen.add(r.key);
  }
  for (const r of declared) {
    for (const child of inlineChildren(r)) {
      // A child declared both inline and as a resource: the explicit resource wins, as it would in ARM.
      if (seen.has(child.key)) continue;
      seen.add(child.key);
      all.push(child);
    }
  }
  return new ResourceGraph(all);
}

function inlineChildren(parent: Resource): Resource[] {
  const out: Resource[] = [];
  for (const spec of INLINE_CHILDREN) {
    if (!sameType(parent.type, spec.parentType)) continue;
    let list: Value | undefined = parent.body;
    for (const step of spec.path) list = member(list, step);
    if (list?.kind !== 'array') continue;
    const segment = spec.childType.split('/').pop() ?? '';
    list.items.forEach((item, index) => {
      if (item.kind !== 'object') return;
      const nameValue = member(item, 'name');
      const name = knownString(nameValue) ?? (nameValue?.kind === 'unknown' ? nameValue.symbol : undefined);
      if (name === undefined) return;
      const id = `${parent.id}/${segment}/${name}`;
      out.push({
        id,
        key: normalizeId(id),
        idKnown: parent.idKnown && knownString(nameValue) !== undefined,
        type: spec.childType,
        name: `${parent.name}/${name}`,
        body: childBody(item),
        origin: parent.origin,
        presence: parent.presence,
        presenceReason: parent.presenceReason,
        language: parent.language,
        file: parent.file,
        span: item.span ?? parent.span,
        nameSpan: entry(item, 'name')?.span ?? nameValue?.span ?? item.span ?? parent.nameSpan,
        symbol: `${parent.symbol}.${segment}[${index}]`,
        parentKey: parent.key,
        inline: true,
      });
    });
  }
  return out;
}

/** An inline item is `{ name, properties, … }`: the same shape as the child resource's body. */
function childBody(item: ObjectValue): ObjectValue {
  return obj(
    item.entries.filter((e) => e.key.toLowerCase() !== 'name'),
    item.span,
  );
}
