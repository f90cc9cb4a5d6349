import type { AddResourcesIntent } from '../fixes/intent';
import type { Ref, ResourceGraph } from '../graph/graph';
import type { SourceSpan } from '../graph/span';
import type { SubnetUse, VnetRef } from '../graph/networks';
import { describeVnet } from '../graph/networks';
import type { ClusterIdentity } from '../graph/queries';
import type { Tri } from '../graph/relations';
import { clusterNetwork, distinctVnets, propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, settled } from '../graph/resource';
import { lastName, parseResourceId } from '../graph/resource-id';
import { T } from '../graph/types';
import { BUILT_IN_ROLES, rolesGranting } from '../graph/tables/roles';
import { isUnknown } from '../graph/value';
import { addRoleAssignmentsFix } from '../rulekit/role-fixes';
import type { RuleContext } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

const IDENTITY = 'identity.type';
const NETWORK_CONTRIBUTOR = rolesGranting(BUILT_IN_ROLES.networkContributor);

/**
 * An attached AKS cluster placed in a subnet of a VNet that this deployment does not create (an
 * existing VNet, a subnet id from a parameter, a VNet in another resource group) needs Network
 * Contributor for its identity on the VNet's resource group; the VNet or the subnet as scope also
 * does. The cluster identity is the control plane's (system- or user-assigned), not the kubelet's.
 */
export const aksNetworkContributorRole = defineRule({
  meta: {
    id: 'aks-network-contributor-role',
    defaultSeverity: 'warning',
    title: "An AKS cluster in a VNet created elsewhere needs Network Contributor on the VNet's resource group",
    category: 'identity',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-network-contributor-role',
    fixable: true,
    messages: {
      missing:
        "{{cluster}} runs in {{subnet}} of {{vnet}}, {{why}}, but its {{identity}} has no Network Contributor role there. Assign Network Contributor to the cluster's {{identity}} on {{group}} (or on the virtual network or the subnet).",
    },
    source: {
      document: 'ES',
      quote:
        'Si crea o asocia un clúster de AKS al proporcionar una red virtual creada anteriormente, debe conceder a la entidad de servicio (SP) o la identidad administrada del clúster de AKS el rol Colaborador de la red del grupo de recursos que contiene la red virtual.',
    },
  },
  check(ctx) {
    const done = new Set<string>();
    for (const { compute, cluster: ref } of ctx.query.attachments()) {
      if (ref.state !== 'resolved' || ref.cluster.createdByWorkspace) continue;
      const r = ref.cluster.resource;
      if (!settled(r)) continue;
      const network = clusterNetwork(ctx.graph, ref.cluster);
      if (network.state === 'unknown') {
        ctx.notEvaluated(network.span ?? r.nameSpan ?? r.span, network.reason);
        continue;
      }
      if (network.state === 'none') continue;
      for (const vnet of distinctVnets(network.subnets)) {
        if (done.has(`${r.key} ${vnet.key}`)) continue;
        done.add(`${r.key} ${vnet.key}`);
        const uses = network.subnets.filter((s) => s.vnet.state === 'known' && s.vnet.key === vnet.key);
        const place = placement(ctx.graph, vnet, r);
        if (place.state === 'unknown') {
          ctx.notEvaluated(uses[0].span ?? r.nameSpan ?? r.span, place.reason);
          continue;
        }
        if (place.state === 'here') continue;
        const identity = ctx.query.clusterIdentity(ref.cluster);
        const skip = identityReason(identity);
        if (skip) {
          ctx.notEvaluated(propertySpan(r, IDENTITY), skip);
          continue;
        }
        const verdict = subnetsGranted(ctx.graph, uses, (target) =>
          ctx.query.hasRole(identity, NETWORK_CONTRIBUTOR, target),
        );
        if (verdict.state === 'unknown') {
          ctx.notEvaluated(
            verdict.use?.span ?? r.nameSpan ?? r.span,
            verdict.reason ?? 'a role assignment cannot be read',
          );
          continue;
        }
        if (verdict.state === 'yes' || !verdict.use) continue;
        const cluster = describe(r);
        const group = resourceGroupOf(vnet.id);
        const who = identityNoun(identity);
        const subnet = ctx.graph.resolve(verdict.use.value);
        const fix = roleFix(ctx, identity, vnet, subnet, verdict.use);
        ctx.report({
          resource: r,
          span: verdict.use.span,
          messageId: 'missing',
          data: {
            cluster,
            subnet: subnetName(subnet),
            vnet: describeVnet(vnet),
            why: place.why,
            identity: who,
            group: group === undefined ? 'the resource group of the virtual network' : `resource group '${group}'`,
          },
          related: [
            { span: propertySpan(r, IDENTITY), message: `the ${who} of ${cluster}` },
            ...(vnet.resource
              ? [{ span: vnet.resource.nameSpan ?? vnet.resource.span, message: `${describeVnet(vnet)} ${place.why}` }]
              : []),
            ...(r === compute
              ? []
              : [{ span: compute.nameSpan ?? compute.span, message: `${cluster} is attached here` }]),
          ],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

type KnownVnet = Extract<VnetRef, { state: 'known' }>;

/** Network Contributor on the VNet where the deployment names it, else on the subnet the cluster uses. */
function roleFix(
  ctx: RuleContext,
  identity: ClusterIdentity,
  vnet: KnownVnet,
  subnet: Ref | undefined,
  use: SubnetUse,
): AddResourcesIntent | undefined {
  const role = [BUILT_IN_ROLES.networkContributor];
  if (vnet.resource)
    return addRoleAssignmentsFix(
      ctx,
      identity,
      role,
      { kind: 'resource', resource: vnet.resource },
      describeVnet(vnet),
    );
  const name = subnetName(subnet);
  if (subnet?.state === 'resolved')
    return addRoleAssignmentsFix(ctx, identity, role, { kind: 'resource', resource: subnet.resource }, name);
  if (subnet?.state !== 'external') return undefined;
  const writtenAt = [use.span ?? use.value.span].filter((s): s is SourceSpan => s !== undefined);
  return addRoleAssignmentsFix(ctx, identity, role, { kind: 'id', id: subnet.id, writtenAt }, name);
}

/** Whether this deployment creates the VNet next to the cluster (`here`), or the cluster joins one made elsewhere. */
function placement(
  graph: ResourceGraph,
  vnet: KnownVnet,
  cluster: Resource,
): { state: 'here' } | { state: 'elsewhere'; why: string } | { state: 'unknown'; reason: string } {
  const v = vnet.resource;
  if (!v || v.origin === 'existing') {
    // A VNet named by parameters may be one that this deployment declares.
    const twin = graph
      .ofType(T.virtualNetwork)
      .find((d) => d.origin === 'declared' && d !== v && couldBeSame(vnet.key, d.key));
    if (twin)
      return {
        state: 'unknown',
        reason: `${describeVnet(vnet)} may be ${describe(twin)}, which this deployment creates`,
      };
    return { state: 'elsewhere', why: 'which this deployment does not create' };
  }
  if (v.presence === 'maybe')
    return {
      state: 'unknown',
      reason: `${describe(v)} is deployed only under a condition, so it may be created elsewhere`,
    };
  const mine = parseResourceId(cluster.id)?.resourceGroup;
  const theirs = parseResourceId(v.id)?.resourceGroup;
  if (mine === undefined || theirs === undefined || mine.toLowerCase() === theirs.toLowerCase())
    return { state: 'here' };
  if (mine.includes('{') || theirs.includes('{'))
    return {
      state: 'unknown',
      reason: `whether ${describe(v)} is in the resource group of ${describe(cluster)} is not known`,
    };
  return { state: 'elsewhere', why: `which is in resource group '${theirs}', not the cluster's` };
}

/**
 * Whether two VNet keys may name the same VNet once parameters have values: segment by segment,
 * a segment with a symbol may be anything. A VNet known only as "the VNet of this subnet parameter"
 * may be any VNet.
 */
function couldBeSame(a: string, b: string): boolean {
  if (!a.startsWith('/') || !b.startsWith('/')) return true;
  const x = a.split('/');
  const y = b.split('/');
  if (x.length !== y.length) return a.includes('{') || b.includes('{');
  return x.every((s, i) => s === y[i] || s.includes('{') || y[i].includes('{'));
}

/** Why the rule cannot tell whether the identity is missing the role; undefined when it can. */
function identityReason(identity: ClusterIdentity): string | undefined {
  const cluster = describe(identity.cluster.resource);
  if (identity.type === 'unknown')
    return `the identity of ${cluster} is not known${identity.reason ? `: ${identity.reason}` : ''}`;
  if (identity.type === 'None') return `${cluster} names no identity`;
  // A service principal or an identity made elsewhere may have been given the role before this deployment.
  if (!identity.createdHere)
    return `the ${identityNoun(identity)} of ${cluster} exists before this deployment, so its role may be assigned elsewhere`;
  return undefined;
}

/** Every subnet of the VNet the cluster uses must be covered (a subnet scope covers only that subnet). */
function subnetsGranted(
  graph: ResourceGraph,
  uses: SubnetUse[],
  granted: (target: string) => { state: Tri; reason?: string },
): { state: Tri; use?: SubnetUse; reason?: string } {
  let missing: SubnetUse | undefined;
  for (const use of uses) {
    const ref = graph.resolve(use.value);
    const target =
      ref?.state === 'resolved'
        ? ref.resource.id
        : ref?.state === 'external'
          ? ref.id
          : isUnknown(use.value)
            ? use.value.symbol
            : undefined;
    if (target === undefined) return { state: 'unknown', use, reason: 'the id of the subnet is not known' };
    const check = granted(target);
    if (check.state === 'unknown')
      return { state: 'unknown', use, reason: check.reason ?? 'a role assignment cannot be read' };
    if (check.state === 'no') missing ??= use;
  }
  return missing ? { state: 'no', use: missing } : { state: 'yes' };
}

function identityNoun(identity: ClusterIdentity): string {
  if (identity.type === 'ServicePrincipal') return 'service principal';
  if (identity.type !== 'UserAssigned') return 'system-assigned identity';
  const [first] = identity.userAssigned;
  return first?.state === 'resolved' ? describe(first.resource) : 'user-assigned identity';
}

function subnetName(ref: Ref | undefined): string {
  if (ref?.state === 'resolved') return describe(ref.resource);
  const name = ref?.state === 'external' ? lastName(ref.id) : undefined;
  return name === undefined ? 'its subnet' : `subnet '${name}'`;
}

function resourceGroupOf(id: string): string | undefined {
  const rg = parseResourceId(id)?.resourceGroup;
  return rg === undefined || rg.includes('{') ? undefined : rg;
}
