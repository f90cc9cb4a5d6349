import type { ClusterSubnetNsg, NsgRule } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe } from '../graph/resource';
import { CONTAINER_REGISTRY_TAG, regionalTag } from '../graph/tables/service-tags';
import { at, items, knownString } from '../graph/value';
import { nsgUseRelated } from '../rulekit/nsg';
import { defineRule } from '../rulekit/rule';

/** Registries are reached over HTTPS. */
const HTTPS = 443;

/**
 * An NSG on the subnet of an attached cluster that limits outbound traffic must still let the nodes
 * reach Azure Container Registry (the service tag, or its regional form for the cluster's region),
 * where the workspace's images are. Reported on the deny rule that blocks the registry when no rule
 * of higher priority allows it; anything that cannot be read keeps the rule silent.
 */
export const nsgOutboundContainerRegistry = defineRule({
  meta: {
    id: 'nsg-outbound-container-registry',
    defaultSeverity: 'error',
    title: 'An NSG that limits outbound traffic from the AKS subnet must allow Azure Container Registry',
    category: 'nsg',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'nsg-outbound-container-registry',
    fixable: false,
    messages: {
      blocked:
        '{{rule}} of {{nsg}} denies outbound traffic from {{subnet}}, where {{cluster}} runs, to Azure Container Registry ({{tag}}), and no rule before it allows that traffic. Add an outbound rule that allows service tag {{tag}} on port 443, with a {{priority}} number lower than {{rulePriority}}.',
    },
    source: {
      document: 'ES',
      quote:
        'Si no quiere usar las reglas de salida predeterminadas y quiere limitar el acceso de salida de la red virtual, debe permitir el acceso a Azure Container Registry. Por ejemplo, asegúrese de que los grupos de seguridad de red (NSG) contienen una regla que permita el acceso a la etiqueta de servicio AzureContainerRegistry.RegionName, donde {RegionName} es el nombre de una región de Azure.',
    },
  },
  check(ctx) {
    // One finding per deny rule, however many cluster subnets it filters.
    const blocked = new Map<
      string,
      { rule: NsgRule & { resource: Resource }; tag: string; uses: ClusterSubnetNsg[] }
    >();
    for (const use of ctx.query.clusterSubnetNsgs()) {
      const region = clusterRegion(use);
      // Without the cluster's region, the service tag as a whole: a deny of all of it denies the regional part too.
      const tag = region === undefined ? CONTAINER_REGISTRY_TAG : regionalTag(CONTAINER_REGISTRY_TAG, region);
      const decision = use.evaluation.outbound(tag, HTTPS);
      if (decision.access === 'unknown') {
        ctx.notEvaluated(
          use.nsg.nameSpan ?? use.nsg.span,
          `whether ${describe(use.nsg)} lets ${describe(use.setting.cluster.resource)} reach ${tag} is not known: ${decision.reason ?? 'a rule cannot be read'}`,
        );
        continue;
      }
      const rule = decision.rule;
      if (decision.access === 'Allow' || !rule?.resource || rule.isDefault) continue;
      const entry = blocked.get(rule.resource.key) ?? { rule: { ...rule, resource: rule.resource }, tag, uses: [] };
      entry.uses.push(use);
      blocked.set(rule.resource.key, entry);
    }
    for (const { rule, tag, uses } of blocked.values()) {
      const first = uses[0];
      const cluster = describe(first.setting.cluster.resource);
      const r = rule.resource;
      ctx.report({
        resource: r,
        span: propertySpan(r, destinationPath(r)),
        messageId: 'blocked',
        data: {
          rule: describe(r),
          nsg: describe(first.nsg),
          subnet: describe(first.subnet),
          cluster,
          tag,
          priority: ctx.propertyName(r, 'properties.priority'),
          rulePriority: String(rule.priority),
        },
        related: nsgUseRelated(uses),
      });
    }
  },
});

/** The property that makes the rule cover the registry: its destination prefix (list or single). */
function destinationPath(r: Resource): string {
  return items(at(r.body, 'properties.destinationAddressPrefixes')).length > 0
    ? 'properties.destinationAddressPrefixes'
    : 'properties.destinationAddressPrefix';
}

/** The cluster's region as service tags write it, when known: its location, or the AML compute's. */
function clusterRegion(use: ClusterSubnetNsg): string | undefined {
  const { cluster, workspace } = use.setting;
  const own = cluster.createdByWorkspace
    ? at(cluster.resource.body, 'properties.computeLocation')
    : at(cluster.resource.body, 'location');
  // An AML-created cluster without computeLocation is created in the workspace's region.
  const value = cluster.createdByWorkspace && own === undefined ? at(workspace.body, 'location') : own;
  return knownString(value)?.replace(/\s+/g, '').toLowerCase();
}
