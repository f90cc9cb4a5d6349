import type { DeploymentContext } from '../../graph/context';
import { buildResourceId, parseResourceId } from '../../graph/resource-id';
import type { ObjectEntry, ObjectValue, Value } from '../../graph/value';
import { member, str } from '../../graph/value';
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
  accountNamed: (name: Value) => string | undefined = () => undefined,
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
  // azurerm 4.x names the account by id, 3.x by its (globally unique) name alone: the id is then
  // that of the account of this configuration with the name. The ARM id hangs below the account's.
  const byName = member(attrs, 'storage_account_name');
  const accountId = member(attrs, 'storage_account_id') ? part('storage_account_id') : byName && accountNamed(byName);
  if (service && accountId !== undefined) {
    const account = accountId.replace(/\/$/, '');
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

/**
 * The id of the resource of `type` that `attrs[nameAttr]` names within `attrs.resource_group_name`
 * (azurerm 2.x and 3.x name some parents so); symbolic where a part is.
 */
export function idByName(
  attrs: ObjectValue,
  nameAttr: string,
  type: string,
  context: DeploymentContext,
): string | undefined {
  const name = member(attrs, nameAttr);
  const group = member(attrs, 'resource_group_name');
  const nameText = name && idText(name);
  const groupText = group && idText(group);
  if (nameText === undefined || groupText === undefined) return undefined;
  return buildResourceId({ subscriptionId: context.subscriptionId, resourceGroup: groupText }, type, [nameText]);
}

/** Text of an id part: known scalars as text, unknowns as their symbol. */
export function idText(v: Value): string | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return String(v.value);
  if (v.kind === 'unknown') return v.symbol;
  return undefined;
}

/**
 * What the provider's own data sources read: `azurerm_client_config`, and `azurerm_subscription`
 * without `subscription_id`, describe the subscription this configuration deploys to, the one
 * every id computed here is in. A role assigned on `data.azurerm_subscription.current.id` is then
 * known to cover the configuration's resources.
 */
export function providerContextAttributes(
  tfType: string,
  attrs: ObjectValue,
  context: DeploymentContext,
): ObjectEntry[] {
  const span = attrs.span;
  const subscription = { key: 'subscription_id', value: str(context.subscriptionId, span) };
  const tenant = { key: 'tenant_id', value: str(context.tenantId, span) };
  if (tfType === 'azurerm_client_config') return [subscription, tenant];
  if (tfType !== 'azurerm_subscription' || member(attrs, 'subscription_id') !== undefined) return [];
  return [{ key: 'id', value: str(`/subscriptions/${context.subscriptionId}`, span) }, subscription, tenant];
}
