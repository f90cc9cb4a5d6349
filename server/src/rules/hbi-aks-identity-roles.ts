import type { ClusterIdentity, RoleCheck } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe, settled } from '../graph/resource';
import type { BuiltInRole } from '../graph/tables/roles';
import { BUILT_IN_ROLES, rolesGranting } from '../graph/tables/roles';
import { at, isUnknown, knownBoolean } from '../graph/value';
import { addRoleAssignmentsFix } from '../rulekit/role-fixes';
import { defineRule } from '../rulekit/rule';

const HBI = 'properties.hbiWorkspace';
const IDENTITY = 'identity.type';
const REQUIRED = [BUILT_IN_ROLES.storageBlobDataContributor, BUILT_IN_ROLES.storageAccountContributor];

/**
 * An AKS cluster attached to a high business impact workspace needs a system-assigned managed
 * identity that holds Storage Blob Data Contributor and Storage Account Contributor on the
 * workspace's storage account (on the account, its resource group or the subscription).
 */
export const hbiAksIdentityRoles = defineRule({
  meta: {
    id: 'hbi-aks-identity-roles',
    defaultSeverity: 'error',
    title:
      'An AKS cluster attached to a high business impact workspace needs a system-assigned identity with two storage roles',
    category: 'identity',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'hbi-aks-identity-roles',
    fixable: true,
    messages: {
      notSystemAssigned:
        '{{cluster}} is attached to {{workspace}}, a high business impact workspace, but {{uses}}. Give it a system-assigned managed identity (set identity.type to {{value}}) and assign that identity Storage Blob Data Contributor and Storage Account Contributor on {{storage}}.',
      missingRoles:
        "{{cluster}} is attached to {{workspace}}, a high business impact workspace, but its system-assigned identity does not hold {{roles}} on {{storage}}. Assign {{roles}} to the cluster's system-assigned identity on {{storage}} (or its resource group).",
    },
    source: {
      document: 'EN',
      quote:
        'When attaching AKS cluster to a high business impact (HBI) workspace, assign a system-assigned managed identity with both Storage Blob Data Contributor and Storage Account Contributor roles.',
    },
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const { workspace, compute, cluster: ref } of ctx.query.attachments()) {
      const where = compute.nameSpan ?? compute.span;
      if (!workspace || !settled(workspace)) {
        ctx.notEvaluated(
          where,
          `the workspace of ${describe(compute)} is declared elsewhere, so whether it is a high business impact workspace is not known`,
        );
        continue;
      }
      const hbi = at(workspace.body, HBI);
      if (isUnknown(hbi)) {
        ctx.notEvaluated(
          propertySpan(workspace, HBI),
          `whether ${describe(workspace)} is a high business impact workspace is not known`,
        );
        continue;
      }
      // Absent, hbiWorkspace is false (the API default).
      if (knownBoolean(hbi) !== true) continue;
      if (ref.state !== 'resolved') {
        ctx.notEvaluated(
          where,
          `the cluster ${describe(compute)} attaches is not declared here, so its identity and roles are not known`,
        );
        continue;
      }
      const r = ref.cluster.resource;
      const identity = ctx.query.clusterIdentity(ref.cluster);
      if (identity.type === 'unknown') {
        ctx.notEvaluated(
          propertySpan(r, IDENTITY),
          `the identity of ${describe(r)} is not known${identity.reason ? `: ${identity.reason}` : ''}`,
        );
        continue;
      }
      if (reported.has(`${r.key} ${workspace.key}`)) continue;
      const cluster = describe(r);
      const storageDep = ctx.query.workspaceDependencies(workspace).find((d) => d.role === 'storageAccount');
      const storageRef = storageDep?.ref;
      const storage =
        storageRef?.state === 'resolved'
          ? describe(storageRef.resource)
          : storageRef?.state === 'external'
            ? `storage account '${storageRef.id}'`
            : 'the workspace storage account';
      const related = [
        { span: propertySpan(workspace, HBI), message: `${describe(workspace)} is a high business impact workspace` },
        ...(r === compute ? [] : [{ span: where, message: `${cluster} is attached here` }]),
        ...(storageDep
          ? [{ span: propertySpan(workspace, storageDep.path), message: `${describe(workspace)} uses ${storage}` }]
          : []),
      ];
      if (identity.type !== 'SystemAssigned') {
        reported.add(`${r.key} ${workspace.key}`);
        ctx.report({
          resource: r,
          span: propertySpan(r, IDENTITY),
          messageId: 'notSystemAssigned',
          data: {
            cluster,
            workspace: describe(workspace),
            uses: uses(identity),
            value: ctx.propertyValue(r, IDENTITY, 'SystemAssigned'),
            storage,
          },
          related,
        });
        continue;
      }
      const storageId =
        storageRef?.state === 'resolved'
          ? storageRef.resource.id
          : storageRef?.state === 'external'
            ? storageRef.id
            : undefined;
      if (storageId === undefined) {
        ctx.notEvaluated(
          storageDep ? propertySpan(workspace, storageDep.path) : (workspace.nameSpan ?? workspace.span),
          `the storage account of ${describe(workspace)} is not known`,
        );
        continue;
      }
      const checks: [BuiltInRole, RoleCheck][] = REQUIRED.map((role) => [
        role,
        ctx.query.hasRole(identity, rolesGranting(role), storageId),
      ]);
      const open = checks.find(([, c]) => c.state === 'unknown');
      if (open) {
        ctx.notEvaluated(
          propertySpan(r, IDENTITY),
          `whether ${cluster} holds ${open[0].name} on ${storage} is not known: ${open[1].reason ?? 'a role assignment cannot be read'}`,
        );
        continue;
      }
      const lacking = checks.filter(([, c]) => c.state === 'no').map(([role]) => role);
      const missing = lacking.map((role) => role.name);
      if (missing.length === 0) continue;
      const fix =
        storageRef?.state === 'resolved'
          ? addRoleAssignmentsFix(ctx, identity, lacking, { kind: 'resource', resource: storageRef.resource }, storage)
          : undefined;
      reported.add(`${r.key} ${workspace.key}`);
      ctx.report({
        resource: r,
        span: propertySpan(r, IDENTITY),
        messageId: 'missingRoles',
        data: {
          cluster,
          workspace: describe(workspace),
          roles: missing.length === 1 ? `the ${missing[0]} role` : `the ${missing.join(' and ')} roles`,
          storage,
        },
        related,
        fixes: fix ? [fix] : [],
      });
    }
  },
});

function uses(identity: ClusterIdentity): string {
  switch (identity.type) {
    case 'UserAssigned':
      return 'it uses a user-assigned identity';
    case 'ServicePrincipal':
      return 'it uses a service principal';
    default:
      return 'it has no managed identity';
  }
}
