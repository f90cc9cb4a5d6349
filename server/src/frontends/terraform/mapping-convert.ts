import type { SourceSpan } from '../../graph/span';
import { roleIdByName } from '../../graph/tables/roles';
import type { ObjectEntry, ObjectValue, Value } from '../../graph/value';
import { arr, member, obj, str, unknown } from '../../graph/value';
import type { Prop } from './mapping-table';
import { setPath } from './arm-body';
import { readTf } from './tf-path';
import { asBool, concatParts } from './tf-value';

/**
 * Converts a Terraform attribute value into the ARM property value. `source` is the Terraform
 * object (resource or block) the attribute belongs to. Unknown inputs stay unknown.
 */
export type Convert = (value: Value, source: ObjectValue) => Value;

/** Items of a list or of repeated blocks; a single block written as an object counts as one. */
function listItems(v: Value): Value[] | undefined {
  if (v.kind === 'array') return v.items;
  if (v.kind === 'object') return [v];
  return undefined;
}

/** Repeated blocks (or a list of objects) mapped item by item with `props`. */
export function each(props: Prop[], filter?: (item: ObjectValue) => boolean): Convert {
  return (value) => {
    if (value.kind === 'unknown') return value;
    const list = listItems(value);
    if (!list) return value;
    const out: Value[] = [];
    for (const item of list) {
      if (item.kind !== 'object') {
        out.push(item);
        continue;
      }
      if (filter && !filter(item)) continue;
      out.push(mapProps(item, props, item.span));
    }
    return arr(out, value.span);
  };
}

/** Whether a private service connection block is a manual one. */
export function manual(wanted: boolean): (item: ObjectValue) => boolean {
  return (item) => {
    const flag = member(item, 'is_manual_connection');
    return (flag ? asBool(flag) === true : false) === wanted;
  };
}

/** Maps the Terraform attributes of one object onto a new ARM-shaped object. */
export function mapProps(source: ObjectValue, props: Prop[], span: SourceSpan | undefined): ObjectValue {
  const target = obj([], span);
  const done = new Set<string>();
  for (const p of props) {
    if (done.has(p.arm)) continue;
    const found = readTf(source, p.tf);
    if (!found) continue;
    done.add(p.arm);
    const value = p.convert ? p.convert(found.value, source) : found.value;
    setPath(target, p.arm, value, found.span, found.keySpan, found.blockSpan);
  }
  return target;
}

/** A list of strings becomes a list of `{ <path>: item }` objects (service endpoints, DNS zone configs). */
export function wrapEach(path: string): Convert {
  return (value) => {
    const list = listItems(value);
    if (!list) return value;
    return arr(
      list.map((item) => {
        const o = obj([], item.span);
        setPath(o, path, item, item.span);
        return o;
      }),
      value.span,
    );
  };
}

export const idObjects: Convert = wrapEach('id');

/** A list of resource ids becomes an object keyed by them (`identity_ids` → `userAssignedIdentities`). */
export const idKeys: Convert = (value) => {
  const list = listItems(value);
  if (!list) return value;
  const entries: ObjectEntry[] = [];
  for (const item of list) {
    const key = item.kind === 'string' ? item.value : item.kind === 'unknown' ? item.symbol : undefined;
    if (key === undefined) return unknown('an identity id is not known', item.span ?? value.span);
    entries.push({ key, value: obj([], item.span), span: item.span, keySpan: item.span });
  }
  return obj(entries, value.span);
};

export const enabledDisabled: Convert = (value) => {
  const b = asBool(value);
  return b === undefined ? value : str(b ? 'Enabled' : 'Disabled', value.span);
};

/** Terraform's bypass set becomes ARM's comma-separated string. */
export const bypassList: Convert = (value) => {
  const list = listItems(value);
  if (!list) return value;
  if (list.some((i) => i.kind === 'unknown')) return unknown('a bypass entry is not known', value.span);
  return str(list.map((i) => (i.kind === 'string' ? i.value : '')).join(', '), value.span);
};

/** `account_tier` + `account_replication_type` → `Standard_LRS`. */
export const storageSku: Convert = (value, source) => {
  const replication = member(source, 'account_replication_type');
  if (!replication) return value;
  return concatParts([value, str('_'), replication], value.span);
};

/** A built-in role name becomes the role definition id ARM templates write. */
export const roleByName: Convert = (value) => {
  if (value.kind !== 'string') return value;
  const guid = roleIdByName(value.value);
  if (!guid) return unknown(`the id of role '${value.value}' is not known offline`, value.span);
  return str(`/providers/Microsoft.Authorization/roleDefinitions/${guid}`, value.span);
};

/**
 * A datastore names its storage by container or share id; ARM datastores name the account, its
 * resource group and subscription. Parts of an id that are symbols stay symbols.
 */
export const datastoreAccount: Convert = (value) => {
  const text = value.kind === 'string' ? value.value : value.kind === 'unknown' ? value.symbol : undefined;
  const m = text
    ? /\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)/i.exec(
        text,
      )
    : null;
  if (!m)
    return obj(
      [{ key: 'accountName', value: unknown('the storage account of the datastore is not known', value.span) }],
      value.span,
    );
  const part = (s: string): Value =>
    s.includes('{') ? unknown('the storage account name is not known', value.span, s) : str(s, value.span);
  return obj(
    [
      { key: 'accountName', value: part(m[3]) },
      { key: 'resourceGroup', value: part(m[2]) },
      { key: 'subscriptionId', value: part(m[1]) },
    ],
    value.span,
  );
};
