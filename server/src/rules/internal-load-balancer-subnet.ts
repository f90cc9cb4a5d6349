import type { Ref } from '../graph/graph';
import type { SubnetUse } from '../graph/networks';
import { describeVnet } from '../graph/networks';
import type { ClusterInVnet, KnownVnet } from '../graph/queries';
import { INTERNAL_LOAD_BALANCER, subnetSpanIn } from '../graph/queries';
import type { Tri } from '../graph/relations';
import { propertySpan } from '../graph/relations';
import { describe, settled, unsettledReason } from '../graph/resource';
import { lastName } from '../graph/resource-id';
import { at, isUnknown, items, member, str } from '../graph/value';
import { setPropertyFix } from '../rulekit/fixes';
import type { RuleContext } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

/**
 * An internal load balancer takes its private address from a subnet of the cluster's VNet, named by
 * the AKS compute's `loadBalancerSubnet` (the SDK's `load_balancer_subnet`, which the ES sample sets to
 * the cluster's own subnet). Without it, or with a subnet the VNet does not have, Azure ML cannot
 * place the load balancer.
 */
export const internalLoadBalancerSubnet = defineRule({
  meta: {
    id: 'internal-load-balancer-subnet',
    defaultSeverity: 'error',
    title: 'An AKS compute with an internal load balancer names a subnet of the cluster VNet in loadBalancerSubnet',
    category: 'network',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'internal-load-balancer-subnet',
    fixable: true,
    messages: {
      missing:
        '{{compute}} asks for an internal load balancer ({{typeProperty}} {{internal}}) but sets no {{subnetProperty}}, so Azure Machine Learning has no subnet of {{vnet}} to give it an address from. Set {{subnetProperty}} to {{target}}.',
      notInVnet:
        "{{compute}} puts its internal load balancer in subnet '{{subnet}}' ({{subnetProperty}}), which is not a subnet of {{vnet}}, where {{cluster}} runs. Set {{subnetProperty}} to {{target}}.",
    },
    source: {
      document: 'ES',
      quote:
        'Al adjuntar un clúster existente al área de trabajo, use los parámetros load_balancer_type y load_balancer_subnet de AksCompute.attach_configuration() configurar el equilibrador de carga.',
    },
  },
  check(ctx) {
    for (const setting of ctx.query.clustersInVnet()) {
      const { compute, cluster } = setting;
      const lb = ctx.query.computeLoadBalancer(compute);
      if (lb.type.state === 'unknown') {
        ctx.notEvaluated(
          propertySpan(compute, lb.type.path),
          `the load balancer type of ${describe(compute)} is not known`,
          [lb.type.value],
        );
        continue;
      }
      if (lb.internal.state !== 'yes') continue;
      const subnet = lb.subnet;
      const subnetProperty = ctx.propertyName(compute, subnet.path);
      const own = ownSubnetName(ctx, setting.subnets[0]);
      const vnet = setting.vnets[0];
      const target = own
        ? ctx.propertyValue(compute, subnet.path, own)
        : `the name of a subnet of ${describeVnet(vnet)}`;
      const fixes = own ? [setPropertyFix(ctx, compute, subnet.path, own)] : [];
      const runsIn = {
        span: subnetSpanIn(setting, vnet),
        message: `${describe(cluster.resource)} runs in ${describeVnet(vnet)}`,
      };
      if (subnet.state === 'absent') {
        ctx.report({
          resource: compute,
          span: propertySpan(compute, lb.type.path),
          messageId: 'missing',
          data: {
            compute: describe(compute),
            typeProperty: ctx.propertyName(compute, lb.type.path),
            internal: INTERNAL_LOAD_BALANCER,
            subnetProperty,
            vnet: describeVnet(vnet),
            target,
          },
          related: [runsIn],
          fixes,
        });
        continue;
      }
      const subnetSpan = propertySpan(compute, subnet.path);
      if (subnet.state === 'unknown' || subnet.parsed === undefined) {
        ctx.notEvaluated(subnetSpan, `the load balancer subnet of ${describe(compute)} is not known`, [subnet.value]);
        continue;
      }
      const found = inClusterVnet(ctx, setting, subnet.parsed);
      if (found.state === 'yes') continue;
      if (found.state === 'unknown') {
        ctx.notEvaluated(
          subnetSpan,
          `whether '${subnet.parsed}' is a subnet of the cluster's network is not known: ${found.reason}`,
        );
        continue;
      }
      ctx.report({
        resource: compute,
        span: subnetSpan,
        messageId: 'notInVnet',
        data: {
          compute: describe(compute),
          subnet: subnet.parsed,
          subnetProperty,
          vnet: describeVnet(vnet),
          cluster: describe(cluster.resource),
          target,
        },
        related: [
          runsIn,
          ...(vnet.resource
            ? [
                {
                  span: vnet.resource.nameSpan ?? vnet.resource.span,
                  message: `${describeVnet(vnet)} is declared here`,
                },
              ]
            : []),
        ],
        fixes,
      });
    }
  },
});

/** The name of the subnet a cluster's first node pool (or the compute's `subnetId`) uses, when it is written out. */
function ownSubnetName(ctx: RuleContext, use: SubnetUse | undefined): string | undefined {
  const ref: Ref | undefined = use && ctx.graph.resolve(use.value);
  if (!ref) return undefined;
  const id =
    ref.state === 'resolved'
      ? ref.resource.idKnown
        ? ref.resource.id
        : undefined
      : ref.state === 'external'
        ? ref.id
        : undefined;
  return id === undefined ? undefined : lastName(id);
}

/**
 * Whether the cluster's VNet has a subnet of that name (names compare case-insensitively, as Azure's
 * do). A value with `/` is read as a subnet id and compared by its VNet. Only a VNet this deployment
 * creates, with every subnet known, can answer `no`.
 */
function inClusterVnet(ctx: RuleContext, setting: ClusterInVnet, name: string): { state: Tri; reason?: string } {
  if (name.includes('/')) {
    const of = ctx.query.vnetOf(str(name));
    if (of.state === 'unknown') return { state: 'unknown', reason: of.reason };
    return { state: setting.vnets.some((v) => v.key === of.key) ? 'yes' : 'no' };
  }
  let reason: string | undefined;
  for (const vnet of setting.vnets) {
    const answer = hasSubnetNamed(ctx, vnet, name.toLowerCase());
    if (answer.state === 'yes') return answer;
    if (answer.state === 'unknown') reason ??= answer.reason;
  }
  const opaque = ctx.query.opaqueDeployments()[0];
  reason ??= opaque && `${describe(opaque)} is not analysed and may add subnets`;
  return reason ? { state: 'unknown', reason } : { state: 'no' };
}

function hasSubnetNamed(ctx: RuleContext, vnet: KnownVnet, name: string): { state: Tri; reason?: string } {
  const r = vnet.resource;
  if (!r) return { state: 'unknown', reason: `the subnets of ${describeVnet(vnet)} are not declared here` };
  if (!settled(r)) return { state: 'unknown', reason: unsettledReason(r) };
  const inline = at(r.body, 'properties.subnets');
  if (isUnknown(inline)) return { state: 'unknown', reason: inline.reason };
  // An inline subnet that cannot be read may be the one named.
  let reason = items(inline).some((s) => isUnknown(s) || isUnknown(member(s, 'name')))
    ? `a subnet of ${describe(r)} is not known`
    : undefined;
  for (const { subnet } of ctx.query.subnets(r)) {
    if (!subnet.idKnown) reason ??= `the name of ${describe(subnet)} is not known`;
    else if (lastName(subnet.id)?.toLowerCase() === name) return { state: 'yes' };
  }
  return reason ? { state: 'unknown', reason } : { state: 'no' };
}
