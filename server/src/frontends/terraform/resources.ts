import type { Resource } from '../../graph/resource';
import { normalizeId } from '../../graph/resource-id';
import type { ObjectValue } from '../../graph/value';
import { at, entry, fromPlain, isUnknown, member, obj, str, unknown } from '../../graph/value';
import { setPath } from './arm-body';
import { mapProps } from './mapping-convert';
import type { TargetRef } from './mapping-table';
import { MAPPINGS, PATCHES } from './mapping-table';
import { idByName, idText } from './resource-ids';
import type { DeploymentContext } from '../../graph/context';
import type { Instance, OpaqueModule } from './module';
import { T, sameType, typeNoun } from '../../graph/types';
import { asString } from './tf-value';

/**
 * Turns evaluated Terraform resource instances into graph resources with ARM-shaped bodies,
 * keeping the Terraform spans, then applies the resources that change others (associations).
 */
export function toResources(instances: Instance[], context: DeploymentContext): Resource[] {
  const out: Resource[] = [];
  const byKey = new Map<string, Resource>();
  const patches: Instance[] = [];
  for (const inst of instances) {
    if (inst.decl.mode === 'managed' && PATCHES[inst.decl.type]) {
      patches.push(inst);
      continue;
    }
    for (const r of resourcesOf(inst)) {
      out.push(r);
      if (!byKey.has(r.key)) byKey.set(r.key, r);
    }
  }
  for (const p of patches) applyPatch(p, out, byKey, context);
  return out;
}

function resourcesOf(inst: Instance): Resource[] {
  const { decl, value, id } = inst;
  if (!id) return [];
  const nameEntry = entry(value, 'name');
  const base = {
    id: id.id,
    key: normalizeId(id.id),
    idKnown: id.known,
    type: id.type,
    name: id.names.join('/'),
    presence: inst.presence,
    presenceReason: inst.presenceReason,
    language: 'terraform' as const,
    sourceType: decl.type,
    file: decl.file,
    span: decl.block.span,
    nameSpan: nameEntry?.span ?? decl.block.headerSpan,
    symbol: inst.address,
    ...(inst.instantiatedBy && { instantiatedBy: inst.instantiatedBy }),
  };
  if (decl.mode === 'data') return [{ ...base, body: existingBody(inst), origin: 'existing' }];
  if (decl.type === 'azapi_resource') return [{ ...base, body: azapiBody(value), origin: 'declared' }];
  const mapping = MAPPINGS[decl.type];
  if (!mapping) return [];
  const body = obj([], decl.block.span);
  for (const [path, constant] of mapping.constants ?? []) setPath(body, path, str(constant));
  const mapped = mapProps(value, mapping.props, decl.block.span);
  for (const e of mapped.entries) setPath(body, e.key, e.value, e.span, e.keySpan);
  const resources: Resource[] = [{ ...base, body, origin: 'declared' }];
  for (const child of mapping.children ?? []) {
    const blocks = member(value, child.block);
    const segment = child.type.split('/').pop() ?? '';
    if (isUnknown(blocks)) {
      // A dynamic block over an unknown collection: there may be such children, so rules must not assume none.
      const childId = `${id.id}/${segment}/{${inst.address}.${child.block}}`;
      const span = blocks.span ?? decl.block.span;
      resources.push({
        ...base,
        id: childId,
        key: normalizeId(childId),
        idKnown: false,
        type: child.type,
        name: `${base.name}/{${child.block}}`,
        body: obj([{ key: 'properties', value: blocks }], span),
        origin: 'declared',
        presence: 'maybe',
        presenceReason: blocks.reason,
        span,
        nameSpan: span,
        sourceType: `${decl.type}.${child.block}`,
        symbol: `${inst.address}.${child.block}`,
        parentKey: base.key,
      });
      continue;
    }
    const list = blocks?.kind === 'array' ? blocks.items : blocks?.kind === 'object' ? [blocks] : [];
    list.forEach((b, index) => {
      if (b.kind !== 'object') return;
      const nameValue = member(b, child.nameAttr);
      const name = (nameValue && (nameValue.kind === 'unknown' ? nameValue.symbol : asString(nameValue))) ?? `${index}`;
      const childId = `${id.id}/${segment}/${name}`;
      const span = b.span ?? decl.block.span;
      resources.push({
        ...base,
        id: childId,
        key: normalizeId(childId),
        idKnown: id.known && nameValue?.kind === 'string',
        type: child.type,
        name: `${base.name}/${name}`,
        body: mapProps(b, child.props, span),
        origin: 'declared',
        span,
        nameSpan: entry(b, child.nameAttr)?.span ?? span,
        sourceType: `${decl.type}.${child.block}`,
        symbol: `${inst.address}.${child.block}[${index}]`,
        parentKey: base.key,
      });
    });
  }
  return resources;
}

/** A data source reads a resource defined elsewhere: everything but its id is unknown here. */
function existingBody(inst: Instance): ObjectValue {
  const span = inst.decl.block.span;
  const part = (key: string) => ({
    key,
    value: unknown(`${inst.address} is defined outside this configuration`, span, `{${inst.address}.${key}}`),
  });
  return obj(['location', 'sku', 'identity', 'properties'].map(part), span);
}

/** `azapi_resource` bodies are ARM-shaped already (an object, or a `jsonencode`d string in older azapi). */
function azapiBody(value: ObjectValue): ObjectValue {
  const body = member(value, 'body');
  const out = obj([], value.span);
  if (body?.kind === 'object') for (const e of body.entries) out.entries.push(e);
  else if (body?.kind === 'string') {
    try {
      const parsed = JSON.parse(body.value) as Record<string, unknown>;
      for (const [key, v] of Object.entries(parsed)) out.entries.push({ key, value: fromPlain(v, body.span) });
    } catch {
      out.entries.push({ key: 'properties', value: unknown('the azapi body is not valid JSON', body.span) });
    }
  } else if (body?.kind === 'unknown') out.entries.push({ key: 'properties', value: body });
  for (const key of ['location', 'identity']) {
    const e = entry(value, key);
    if (e && !entry(out, key)) out.entries.push(e);
  }
  return out;
}

function applyPatch(
  inst: Instance,
  resources: Resource[],
  byKey: Map<string, Resource>,
  context: DeploymentContext,
): void {
  const patch = PATCHES[inst.decl.type];
  const ref = targetOf(inst.value, patch.target, context);
  if (!ref) return;
  const mapped = mapProps(inst.value, patch.props, inst.decl.block.span);
  const target = byKey.get(normalizeId(ref.id));
  if (target) {
    if (target.origin === 'declared') {
      for (const e of mapped.entries) setPath(target.body, e.key, e.value, e.span, e.keySpan);
      const paths = patch.props.map((p) => p.arm).filter((p) => at(mapped, p) !== undefined);
      (target.setBy ??= []).push({
        sourceType: inst.decl.type,
        file: inst.decl.file,
        span: inst.decl.block.span,
        paths,
      });
    }
    return;
  }
  // No resource has that id, but when either id is not known the target may still be one of these:
  // what the patch sets on them is then unknown (never "absent", which could make a finding).
  const reason = `${inst.address} may set this, and which ${typeNoun(ref.type)} it changes is not known`;
  for (const r of resources)
    if (r.origin === 'declared' && sameType(r.type, ref.type) && (!ref.known || !r.idKnown))
      for (const e of mapped.entries) setPath(r.body, e.key, unknown(reason, e.value.span), e.span, e.keySpan);
}

/** The id of the resource a patch changes, in the first form of naming it that the instance uses. */
function targetOf(
  value: ObjectValue,
  refs: readonly TargetRef[],
  context: DeploymentContext,
): { id: string; known: boolean; type: string } | undefined {
  for (const ref of refs) {
    const attrs = 'id' in ref ? [ref.id] : [ref.name, 'resource_group_name'];
    const parts = attrs.map((a) => member(value, a));
    if (!parts[0]) continue;
    const id = 'id' in ref ? idText(parts[0]) : idByName(value, ref.name, ref.type, context);
    if (id === undefined) return undefined;
    return { id, known: parts.every((p) => p?.kind === 'string'), type: ref.type };
  }
  return undefined;
}

/**
 * A registry (or remote) module call, as the deployment it is: rules see that something they cannot
 * read is deployed here, as for an ARM template linked by URI.
 */
export function opaqueModuleResource(m: OpaqueModule): Resource {
  const id = `{${m.address}}`;
  const link = obj([{ key: 'uri', value: str(m.source, m.span) }], m.span);
  return {
    id,
    key: normalizeId(id),
    idKnown: false,
    type: T.deployment,
    name: m.address,
    body: obj([{ key: 'properties', value: obj([{ key: 'templateLink', value: link }], m.span) }], m.span),
    origin: 'declared',
    presence: 'always',
    language: 'terraform',
    file: m.span.file,
    span: m.span,
    nameSpan: m.span,
    symbol: m.address,
  };
}
