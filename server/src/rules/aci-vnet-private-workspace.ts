import type { Tri } from '../graph/relations';
import { propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, settled } from '../graph/resource';
import { T } from '../graph/types';
import { at, isUnknown, items } from '../graph/value';
import { defineRule } from '../rulekit/rule';

const SUBNETS = 'properties.subnetIds';
/** API versions before 2021-07-01 (and azurerm 3.x `network_profile_id`) put a group in a VNet through a network profile. */
const PROFILE = 'properties.networkProfile';

/**
 * Azure ML does not support deploying to Azure Container Instances in a VNet when the workspace has
 * a private endpoint: a container group in a subnet, deployed with such a workspace, gets a warning
 * that points to managed online endpoints instead.
 */
export const aciVnetPrivateWorkspace = defineRule({
  meta: {
    id: 'aci-vnet-private-workspace',
    defaultSeverity: 'warning',
    title: 'Azure Container Instances in a VNet are not supported with a workspace that has a private endpoint',
    category: 'workspace',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aci-vnet-private-workspace',
    fixable: false,
    messages: {
      unsupported:
        '{{group}} runs in a virtual network, but {{workspace}} has a private endpoint, and Azure Machine Learning does not support deploying to Azure Container Instances in a virtual network with such a workspace. Deploy the model to a managed online endpoint with network isolation instead.',
    },
    source: {
      document: 'ES',
      quote:
        'Cuando el área de trabajo de Azure Machine Learning está configurada con un punto de conexión privado, no se admite la implementación en Azure Container Instances en una red virtual. En su lugar, considere la posibilidad de usar un punto de conexión en línea administrado con aislamiento de red.',
    },
  },
  check(ctx) {
    const workspaces = ctx.graph.ofType(T.workspace);
    if (workspaces.length === 0) return;
    for (const group of ctx.graph.ofType(T.containerGroup)) {
      if (!settled(group)) continue;
      const inVnet = subnetPath(group);
      if (inVnet.state === 'no') continue;
      if (inVnet.state === 'unknown') {
        ctx.notEvaluated(
          propertySpan(group, inVnet.path),
          `whether ${describe(group)} is in a virtual network is not known`,
        );
        continue;
      }
      const presences = workspaces.map((ws) => ({ ws, p: ctx.query.privateEndpointPresence(ws) }));
      const hit = presences.find(({ p }) => p.state === 'yes');
      if (!hit) {
        const open = presences.find(({ p }) => p.state === 'unknown');
        if (open)
          ctx.notEvaluated(
            propertySpan(group, inVnet.path),
            `whether ${describe(open.ws)} has a private endpoint is not known: ${open.p.reason ?? ''}`,
          );
        continue;
      }
      const { ws, p } = hit;
      ctx.report({
        resource: group,
        span: propertySpan(group, inVnet.path),
        messageId: 'unsupported',
        data: { group: describe(group), workspace: describe(ws) },
        related: [
          { span: ws.nameSpan ?? ws.span, message: `${describe(ws)} is deployed with ${describe(group)}` },
          ...(p.endpoint
            ? [{ span: p.endpoint.nameSpan ?? p.endpoint.span, message: `the private endpoint of ${describe(ws)}` }]
            : []),
        ],
      });
    }
  },
});

/** Whether the group names a subnet (or, in older API versions, a network profile), and where. */
function subnetPath(group: Resource): { state: Tri; path: string } {
  const subnets = at(group.body, SUBNETS);
  if (isUnknown(subnets)) return { state: 'unknown', path: SUBNETS };
  if (items(subnets).length > 0) return { state: 'yes', path: SUBNETS };
  const profile = at(group.body, PROFILE);
  if (isUnknown(profile)) return { state: 'unknown', path: PROFILE };
  const id = at(profile, 'id');
  if (isUnknown(id)) return { state: 'unknown', path: PROFILE };
  if (id !== undefined && id.kind !== 'null') return { state: 'yes', path: PROFILE };
  return { state: 'no', path: SUBNETS };
}
