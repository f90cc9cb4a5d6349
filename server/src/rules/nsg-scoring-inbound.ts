import type { Cidr } from '../graph/cidr';
import { contains, parseCidr } from '../graph/cidr';
import type { ClusterSubnetNsg, NsgRule } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { at, isUnknown, knownString } from '../graph/value';
import { nsgUseRelated } from '../rulekit/nsg';
import { defineRule } from '../rulekit/rule';

const LOAD_BALANCER_TYPE = 'properties.properties.loadBalancerType';

/**
 * The scoring endpoint of a model deployed to an attached cluster is called through the cluster's
 * load balancer; to call it from outside the VNet, the NSG on the cluster's subnet needs an inbound
 * allow rule beyond Azure's defaults (which allow only the VNet and the load balancer probes).
 * Informational: a VNet-only endpoint may be intended.
 */
export const nsgScoringInbound = defineRule({
  meta: {
    id: 'nsg-scoring-inbound',
    defaultSeverity: 'info',
    title:
      "The NSG on the AKS subnet allows no inbound traffic from outside the VNet to the cluster's scoring endpoint",
    category: 'nsg',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'nsg-scoring-inbound',
    fixable: false,
    messages: {
      closed:
        "{{nsg}} on {{subnet}}, where {{cluster}} runs, has no inbound allow rule beyond Azure's defaults, so the scoring endpoint of models deployed to {{cluster}} cannot be called from outside the virtual network. If clients outside it must call the endpoint, add an inbound rule that allows them to the scoring endpoint's IP address; if not, this is as intended.",
    },
    source: {
      document: 'ES',
      quote:
        'Asegúrese de que el grupo de seguridad de red (NSG) que controla la red virtual tenga una regla de seguridad de entrada habilitada para la dirección IP del punto de conexión de puntuación si quiere llamarlo desde fuera de la red virtual.',
    },
  },
  check(ctx) {
    const byNsg = new Map<string, ClusterSubnetNsg[]>();
    for (const use of ctx.query.clusterSubnetNsgs()) {
      // With an internal load balancer the scoring endpoint has a private address by design.
      const compute = use.setting.compute;
      const lb = at(compute.body, LOAD_BALANCER_TYPE);
      if (isUnknown(lb)) {
        ctx.notEvaluated(
          propertySpan(compute, LOAD_BALANCER_TYPE),
          `whether ${describe(compute)} gives the scoring endpoint an internal load balancer is not known`,
          [lb],
        );
        continue;
      }
      if (knownString(lb)?.toLowerCase() === 'internalloadbalancer') continue;
      const list = byNsg.get(use.nsg.key) ?? [];
      list.push(use);
      byNsg.set(use.nsg.key, list);
    }
    for (const uses of byNsg.values()) {
      const first = uses[0];
      const vnet = ctx.graph.parent(first.subnet);
      const space = vnet ? ctx.query.vnetAddressSpace(vnet) : undefined;
      const inside = space?.state === 'known' ? space.cidrs : [];
      const open = first.evaluation.custom('Inbound').map((r) => opensToOutside(r, inside));
      const unreadable = first.evaluation.custom('Inbound').find((_, i) => open[i] === 'unknown');
      if (unreadable) {
        ctx.notEvaluated(
          unreadable.resource?.nameSpan ?? first.nsg.nameSpan ?? first.nsg.span,
          `whether ${unreadable.resource ? describe(unreadable.resource) : `rule '${unreadable.name}'`} allows inbound traffic from outside the virtual network is not known`,
        );
        continue;
      }
      if (open.includes('yes')) continue;
      const cluster = describe(first.setting.cluster.resource);
      ctx.report({
        resource: first.nsg,
        messageId: 'closed',
        data: { nsg: describe(first.nsg), subnet: describe(first.subnet), cluster },
        related: nsgUseRelated(uses),
      });
    }
  },
});

/**
 * Whether an inbound rule allows traffic from outside the VNet that the default rules do not:
 * `no` for a deny, or an allow whose every source is already allowed by `AllowVnetInBound` /
 * `AllowAzureLoadBalancerInBound` (the VirtualNetwork and AzureLoadBalancer tags, ranges of the VNet's
 * own address space); `unknown` for a rule that cannot be read.
 */
function opensToOutside(r: NsgRule, vnetSpace: readonly Cidr[]): 'yes' | 'no' | 'unknown' {
  if (r.uncertain || r.direction === undefined || r.access === undefined) return 'unknown';
  if (r.access === 'Deny') return 'no';
  if (r.sourcePrefixes === undefined) return 'unknown';
  const byDefault = (prefix: string): boolean => {
    const p = prefix.trim().toLowerCase();
    if (p === 'virtualnetwork' || p === 'azureloadbalancer') return true;
    const c = parseCidr(p.includes('/') ? p : `${p}/${p.includes(':') ? 128 : 32}`);
    return c !== undefined && vnetSpace.some((s) => contains(s, c));
  };
  return r.sourcePrefixes.every(byDefault) && !r.usesAsgs ? 'no' : 'yes';
}
