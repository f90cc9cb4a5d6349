import type { DeploymentContext } from '../../graph/context';
import { buildResourceId, parseResourceId } from '../../graph/resource-id';
import type { ObjectValue, Value } from '../../graph/value';
import { member } from '../../graph/value';
import { MAPPINGS } from './mapping-table';

export interface ComputedId {
  id: string;
  /** False when a part is a symbol (`{var.prefix}-vnet`): the id still matches references built the same way. */
  known: boolean;
  type: string;
  /** One name per type segment. */
  names: string[];
}

/**
 * The id Azure will give a resource, from its Terraform attributes: what `.id` evaluates to.
 * Undefined for resource types the mapping does not know.
 */
export function computeId(
  tfType: string,
  attrs: ObjectValue,
  address: string,
  context: DeploymentContext,
): ComputedId | undefined {
  let known = true;
  const part = (attr: string): string => {
    const v = member(attrs, attr);
    const text = v ? idText(v) : undefined;
    if (text !== undefined && v?.kind !== 'unknown') return text;
    known = false;
    return text ?? `{${address}.${attr}}`;
  };
  const withKnown = (id: Omit<ComputedId, 'known'>): ComputedId => ({ ...id, known });

  if (tfType === 'azurerm_resource_group') {
    const name = part('name');
    return withKnown({
      id: `/subscriptions/${context.subscriptionId}/resourceGroups/${name}`,
      type: 'Microsoft.Resources/resourceGroups',
      names: [name],
    });
  }
  if (tfType === 'azapi_resource') return azapiId(attrs, part, withKnown);
  const service = STORAGE_CHILDREN[tfType];
  if (service && member(attrs, 'storage_account_id')) {
    // azurerm 4.x names the account by id; the ARM id of a container or share hangs below it.
    const account = part('storage_account_id').replace(/\/$/, '');
    const name = part('name');
    const parsed = parseResourceId(account);
    return withKnown({
      id: `${account}/${service.path}/${name}`,
      type: service.type,
      names: [...(parsed?.names ?? []), 'default', name],
    });
  }
  const mapping = MAPPINGS[tfType];
  if (!mapping) return undefined;
  const { id: spec, type } = mapping;
  const names = spec.names.map(part);
  if (spec.scope) {
    const scope = part(spec.scope).replace(/\/$/, '');
    return withKnown({ id: scope + buildResourceId({}, type, names), type, names });
  }
  if (spec.parentId) {
    const parent = part(spec.parentId).replace(/\/$/, '');
    const parsed = parseResourceId(parent);
    const segment = type.split('/').pop() ?? '';
    return withKnown({ id: `${parent}/${segment}/${names[0]}`, type, names: [...(parsed?.names ?? []), ...names] });
  }
  const resourceGroup = part('resource_group_name');
  return withKnown({
    id: buildResourceId({ subscriptionId: context.subscriptionId, resourceGroup }, type, names),
    type,
    names,
  });
}

const STORAGE_CHILDREN: Record<string, { path: string; type: string }> = {
  azurerm_storage_container: {
    path: 'blobServices/default/containers',
    type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
  },
  azurerm_storage_share: {
    path: 'fileServices/default/shares',
    type: 'Microsoft.Storage/storageAccounts/fileServices/shares',
  },
};

/** `azapi_resource`: `type = "Ns/t@version"`, a name, and the parent's id (a resource group or a resource). */
function azapiId(
  attrs: ObjectValue,
  part: (attr: string) => string,
  withKnown: (id: Omit<ComputedId, 'known'>) => ComputedId,
): ComputedId | undefined {
  const typeValue = member(attrs, 'type');
  if (typeValue?.kind !== 'string') return undefined;
  const type = typeValue.value.split('@')[0];
  const segments = type.split('/');
  const name = part('name');
  const parent = part('parent_id').replace(/\/$/, '');
  if (segments.length > 2) {
    const parsed = parseResourceId(parent);
    return withKnown({
      id: `${parent}/${segments[segments.length - 1]}/${name}`,
      type,
      names: [...(parsed?.names ?? []), name],
    });
  }
  return withKnown({ id: `${parent}/providers/${type}/${name}`, type, names: [name] });
}

/** Text of an id part: known scalars as text, unknowns as their symbol. */
function idText(v: Value): string | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return String(v.value);
  if (v.kind === 'unknown') return v.symbol;
  return undefined;
}
