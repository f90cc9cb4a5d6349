import { describeVnet } from '../graph/networks';
import type { ClusterInVnet } from '../graph/queries';
import { INTERNAL_LOAD_BALANCER, LOAD_BALANCER_SUBNET, PRIVATE_CLUSTER, privateCluster } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import type { RelatedLocation } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

/**
 * The ES article names two ways to keep the traffic of an AKS cluster inside its VNet: a private
 * cluster, or an internal load balancer for the deployments. A cluster in a VNet that has neither
 * puts the scoring endpoints on a public IP address, which defeats the VNet.
 */
export const aksNetworkIsolation = defineRule({
  meta: {
    id: 'aks-network-isolation',
    defaultSeverity: 'warning',
    title:
      'An AKS cluster in a VNet attached to a workspace is a private cluster or serves its deployments through an internal load balancer',
    category: 'cluster',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-network-isolation',
    fixable: false,
    messages: {
      attached:
        '{{cluster}} runs in {{vnet}} and is attached to {{workspace}}, but it is not a private cluster and {{compute}} does not use an internal load balancer ({{lbProperty}} is {{lbValue}}), so the deployments on it get a public IP address. Set {{lbProperty}} to {{internal}} and {{subnetProperty}} to a subnet of the cluster, or make {{cluster}} a private cluster ({{privateProperty}}).',
      created:
        '{{compute}} makes Azure Machine Learning create an AKS cluster in {{vnet}} with a public load balancer ({{lbProperty}} is {{lbValue}}), so the deployments on it get a public IP address. Set {{lbProperty}} to {{internal}} and {{subnetProperty}} to the cluster subnet, or attach a private cluster instead.',
      notSettable:
        '{{cluster}} runs in {{vnet}} and is attached to {{workspace}} by {{compute}}, which cannot ask for an internal load balancer, so the deployments on it get a public IP address. Set {{privateProperty}} to true, or attach the cluster as an AKS compute with loadBalancerType {{internal}} (with azapi).',
    },
    source: {
      document: 'ES',
      quote:
        'Hay dos métodos para aislar el tráfico hacia y desde el clúster de AKS a la red virtual: Clúster privado de AKS […] Equilibrador de carga interno de AKS: Este enfoque configura el punto de conexión de las implementaciones en AKS para usar una dirección IP privada en la red virtual.',
    },
  },
  check(ctx) {
    for (const setting of ctx.query.clustersInVnet()) {
      const { compute, cluster, workspace } = setting;
      const lb = ctx.query.computeLoadBalancer(compute);
      if (lb.internal.state === 'yes') continue;
      const isPrivate = privateCluster(cluster);
      if (isPrivate.state === 'yes') continue;
      if (lb.internal.state === 'unknown' || isPrivate.state === 'unknown') {
        const undecided = lb.internal.state === 'unknown' ? lb : undefined;
        ctx.notEvaluated(
          undecided ? propertySpan(compute, lb.type.path) : propertySpan(cluster.resource, PRIVATE_CLUSTER),
          `whether ${describe(cluster.resource)} is isolated from public traffic is not known: ${(undecided ? lb.internal : isPrivate).reason ?? 'a setting cannot be read'}`,
        );
        continue;
      }
      const vnet = describeVnet(setting.vnets[0]);
      const names = {
        cluster: describe(cluster.resource),
        compute: describe(compute),
        workspace: describe(workspace),
        vnet,
        internal: INTERNAL_LOAD_BALANCER,
      };
      const lbProperty = ctx.propertyName(compute, lb.type.path);
      const lbValue =
        lb.type.state === 'known' && lb.type.parsed !== undefined
          ? ctx.propertyValue(compute, lb.type.path, lb.type.parsed)
          : `not set (${ctx.propertyValue(compute, lb.type.path, 'PublicIp')} by default)`;
      const subnetProperty = ctx.propertyName(compute, LOAD_BALANCER_SUBNET);
      const runsIn = runsInRelated(setting);
      if (cluster.createdByWorkspace) {
        ctx.report({
          resource: compute,
          span: propertySpan(compute, lb.type.path),
          messageId: 'created',
          data: { compute: names.compute, vnet, lbProperty, lbValue, internal: names.internal, subnetProperty },
          related: [runsIn],
        });
        continue;
      }
      const privateProperty = ctx.propertyName(cluster.resource, PRIVATE_CLUSTER);
      const notPrivate = {
        span: propertySpan(cluster.resource, PRIVATE_CLUSTER),
        message: `${names.cluster} is not a private cluster`,
      };
      if (lb.settable)
        ctx.report({
          resource: compute,
          span: propertySpan(compute, lb.type.path),
          messageId: 'attached',
          data: { ...names, lbProperty, lbValue, subnetProperty, privateProperty },
          related: [notPrivate, runsIn],
        });
      else
        ctx.report({
          resource: cluster.resource,
          span: notPrivate.span,
          messageId: 'notSettable',
          data: { ...names, privateProperty },
          related: [
            { span: compute.nameSpan ?? compute.span, message: `${names.compute} attaches ${names.cluster}` },
            runsIn,
          ],
        });
    }
  },
});

function runsInRelated(setting: ClusterInVnet): RelatedLocation {
  const use = setting.subnets[0];
  const r = setting.cluster.resource;
  return { span: use.span ?? r.nameSpan ?? r.span, message: `${describe(r)} runs in ${describeVnet(use.vnet)}` };
}
