import type { EndpointPresence } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, settled, unsettledReason } from '../graph/resource';
import { T } from '../graph/types';
import type { Value } from '../graph/value';
import { at, isUnknown, knownString } from '../graph/value';
import { setPropertyFix } from '../rulekit/fixes';
import type { RelatedLocation, RuleContext } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

const BYPASS = 'properties.networkAcls.bypass';
const IDENTITY = 'identity.type';
const TRUSTED = 'AzureServices';

/**
 * EN special notes 1 and 5 ask for the trusted-services exception ("Allow Azure services on the
 * trusted services list") on a storage account with a private endpoint, and on the storage of a
 * workspace that uses a user-assigned identity: without it Azure Machine Learning cannot reach the
 * account through the firewall. Absent, `bypass` is the API default `AzureServices`, which is fine.
 */
export const storageTrustedServicesBypass = defineRule({
  meta: {
    id: 'storage-trusted-services-bypass',
    defaultSeverity: 'error',
    title:
      'A storage account with a private endpoint, or used by a workspace with a user-assigned identity, lets trusted Azure services bypass its firewall',
    category: 'trusted-services',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'storage-trusted-services-bypass',
    fixable: true,
    messages: {
      endpoint:
        '{{storage}} has a private endpoint ({{endpoint}}) but {{property}} is {{value}}, so trusted Azure services such as Azure Machine Learning cannot pass its firewall. Set {{property}} to {{fixed}}.',
      userAssigned:
        '{{storage}} is the storage account of {{workspace}}, which uses a user-assigned managed identity, but {{property}} is {{value}}, so the workspace cannot reach it as a trusted Azure service. Set {{property}} to {{fixed}}.',
    },
    source: {
      document: 'EN',
      quote:
        'For storage account private endpoint, make sure to enable Allow Azure services on the trusted services list to access this storage account.',
    },
  },
  check(ctx) {
    const users = userAssignedWorkspaces(ctx);
    for (const storage of ctx.graph.ofType(T.storageAccount)) {
      if (storage.origin !== 'declared') continue;
      const bypass = at(storage.body, BYPASS);
      if (bypass === undefined || bypass.kind === 'null') continue;
      const where = propertySpan(storage, BYPASS);
      const entries = bypassEntries(bypass);
      if (entries?.some((e) => e.toLowerCase() === TRUSTED.toLowerCase())) continue;
      const trigger = triggerOf(storage, ctx.query.privateEndpointPresence(storage), users);
      if (trigger.state === 'no') continue;
      if (trigger.state === 'unknown') {
        ctx.notEvaluated(
          where,
          `whether ${describe(storage)} needs the trusted-services exception is not known: ${trigger.reason}`,
        );
        continue;
      }
      if (!entries) {
        ctx.notEvaluated(where, `the ${ctx.propertyName(storage, BYPASS)} of ${describe(storage)} is not known`, [
          bypass,
        ]);
        continue;
      }
      if (storage.presence !== 'always') {
        ctx.notEvaluated(where, unsettledReason(storage));
        continue;
      }
      const text = entries.join(', ');
      const fixedEntries = [...entries.filter((e) => e.toLowerCase() !== 'none'), TRUSTED].join(', ');
      const common = {
        storage: describe(storage),
        property: ctx.propertyName(storage, BYPASS),
        value: ctx.propertyValue(storage, BYPASS, text),
        fixed: ctx.propertyValue(storage, BYPASS, fixedEntries),
      };
      const fixes = [setPropertyFix(ctx, storage, BYPASS, fixedEntries)];
      if (trigger.state === 'endpoint') {
        ctx.report({
          resource: storage,
          span: where,
          messageId: 'endpoint',
          data: { ...common, endpoint: describe(trigger.endpoint) },
          related: [
            {
              span: trigger.endpoint.nameSpan ?? trigger.endpoint.span,
              message: `${describe(trigger.endpoint)} connects privately to ${describe(storage)}`,
            },
          ],
          fixes,
        });
        continue;
      }
      ctx.report({
        resource: storage,
        span: where,
        messageId: 'userAssigned',
        data: { ...common, workspace: describe(trigger.user.resource) },
        related: [trigger.user.related],
        fixes,
      });
    }
  },
});

/** The services a `bypass` value lets through ("Logging, Metrics"), or undefined when it is not known. */
function bypassEntries(bypass: Value): string[] | undefined {
  const text = knownString(bypass);
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

interface IdentityUser {
  resource: Resource;
  related: RelatedLocation;
}

type UserState = { state: 'yes'; user: IdentityUser } | { state: 'unknown'; reason: string };

/** The storage accounts of workspaces that use a user-assigned identity, by key; `open` when any account may be one. */
interface IdentityUsers {
  byStorage: Map<string, UserState>;
  open?: string;
}

function userAssignedWorkspaces(ctx: RuleContext): IdentityUsers {
  const out: IdentityUsers = { byStorage: new Map() };
  for (const ws of ctx.graph.ofType(T.workspace)) {
    if (ws.origin !== 'declared') continue;
    const type = at(ws.body, IDENTITY);
    const userAssigned = isUnknown(type) ? undefined : identityTypes(knownString(type)).includes('userassigned');
    if (userAssigned === false) continue;
    const storage = ctx.query.workspaceDependencies(ws).find((d) => d.role === 'storageAccount')?.ref;
    if (!storage || storage.state === 'external') continue;
    if (storage.state === 'unknown') {
      out.open ??= `the storage account of ${describe(ws)} is not known: ${storage.reason}`;
      continue;
    }
    const key = storage.resource.key;
    if (userAssigned && settled(ws)) {
      const related = {
        span: propertySpan(ws, IDENTITY),
        message: `${describe(ws)} uses a user-assigned managed identity`,
      };
      out.byStorage.set(key, { state: 'yes', user: { resource: ws, related } });
    } else if (out.byStorage.get(key)?.state !== 'yes') {
      const reason = settled(ws)
        ? `whether ${describe(ws)}, which uses it, has a user-assigned identity is not known`
        : unsettledReason(ws);
      out.byStorage.set(key, { state: 'unknown', reason });
    }
  }
  return out;
}

/** `SystemAssigned, UserAssigned` → `['systemassigned', 'userassigned']`. */
function identityTypes(type: string | undefined): string[] {
  return (type ?? '').split(',').map((t) => t.trim().toLowerCase());
}

type Trigger =
  | { state: 'endpoint'; endpoint: Resource }
  | { state: 'userAssigned'; user: IdentityUser }
  | { state: 'no' }
  | { state: 'unknown'; reason: string };

/** Why the account needs the exception: its private endpoint first, else the workspace identity. */
function triggerOf(storage: Resource, presence: EndpointPresence, users: IdentityUsers): Trigger {
  if (presence.state === 'yes' && presence.endpoint) return { state: 'endpoint', endpoint: presence.endpoint };
  const user = users.byStorage.get(storage.key);
  if (user?.state === 'yes') return { state: 'userAssigned', user: user.user };
  const reason =
    (presence.state === 'unknown' ? presence.reason : undefined) ??
    (user?.state === 'unknown' ? user.reason : undefined) ??
    users.open;
  return reason === undefined ? { state: 'no' } : { state: 'unknown', reason };
}
