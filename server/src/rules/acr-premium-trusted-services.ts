import type { ClusterInVnet } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { clusterNetwork, propertySpan } from '../graph/relations';
import { describe, settled, unsettledReason } from '../graph/resource';
import { armPropertyName } from '../graph/spelling';
import { T, sameType } from '../graph/types';
import { at, isUnknown, knownString } from '../graph/value';
import { setPropertyFix } from '../rulekit/fixes';
import { addRegistryFix } from '../rulekit/private-link-fixes';
import type { RelatedLocation, RuleContext } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

const SKU = 'sku.name';
const BYPASS = 'properties.networkRuleBypassOptions';
const REGISTRY = 'properties.containerRegistry';
const PREMIUM = 'Premium';
const TRUSTED = 'AzureServices';

const MESSAGES = {
  sku: '{{registry}} is the container registry of {{workspace}}, which {{secured}}, but it is a {{value}} registry: only a Premium registry can be reached through a private endpoint. Set {{property}} to {{fixed}}.',
  bypass:
    '{{registry}} is the container registry of {{workspace}}, which {{secured}}, but {{property}} is {{value}}, so trusted Microsoft services such as Azure Machine Learning cannot pass its firewall. Set {{property}} to {{fixed}}.',
  missing: {
    text: "{{workspace}} {{secured}} but names no container registry ({{property}}): the default registry the workspace creates is Basic and cannot be made private. Create a Premium registry that allows trusted Microsoft services and set the workspace's {{property}} to it.",
    severity: 'warning',
  },
} as const;

/**
 * EN special note 3: in a secure AKS inferencing environment the workspace's registry must be
 * Premium (the only SKU that takes private endpoints and firewall rules) and let trusted Microsoft
 * services through. The notes are about a secured workspace, so a public workspace is left alone.
 */
export const acrPremiumTrustedServices = defineRule({
  meta: {
    id: 'acr-premium-trusted-services',
    defaultSeverity: 'error',
    title:
      'The container registry of a secured workspace is Premium and lets trusted Microsoft services through its firewall',
    category: 'trusted-services',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'acr-premium-trusted-services',
    fixable: true,
    messages: MESSAGES,
    source: {
      document: 'EN',
      quote:
        "If you're using default ACR created by workspace, ensure you have the premium SKU for ACR. Also enable the Firewall exception to allow trusted Microsoft services to access ACR.",
    },
  },
  check(ctx) {
    const inVnet = ctx.query.clustersInVnet();
    const checked = new Set<string>();
    for (const ws of ctx.graph.ofType(T.workspace)) {
      if (ws.origin !== 'declared') continue;
      const secured = securedBy(ctx, ws, inVnet);
      if (secured.state === 'no') continue;
      const dependency = ctx.query.workspaceDependencies(ws).find((d) => d.role === 'containerRegistry');
      const where = dependency ? propertySpan(ws, dependency.path) : (ws.nameSpan ?? ws.span);
      if (secured.state === 'unknown') {
        ctx.notEvaluated(where, `whether ${describe(ws)} is a secured workspace is not known: ${secured.reason}`);
        continue;
      }
      if (ws.presence !== 'always') {
        ctx.notEvaluated(where, unsettledReason(ws));
        continue;
      }
      if (!dependency) {
        const attached = inVnet.find((c) => c.workspace === ws);
        const vnet = attached?.vnets[0];
        const fix = addRegistryFix(ctx, ws, REGISTRY, attached && vnet && { setting: attached, vnet });
        ctx.report({
          resource: ws,
          messageId: 'missing',
          data: { workspace: describe(ws), secured: secured.what, property: ctx.propertyName(ws, REGISTRY) },
          related: [secured.related],
          fixes: fix ? [fix] : [],
        });
        continue;
      }
      const ref = dependency.ref;
      if (ref.state === 'unknown') {
        ctx.notEvaluated(where, `the container registry of ${describe(ws)} is not known: ${ref.reason}`);
        continue;
      }
      if (ref.state === 'external' || !settled(ref.resource)) {
        const what =
          ref.state === 'external' ? `${ref.id} is not declared in this deployment` : unsettledReason(ref.resource);
        ctx.notEvaluated(where, `${what}, so its SKU and firewall exception are not known`);
        continue;
      }
      const registry = ref.resource;
      if (!sameType(registry.type, T.containerRegistry) || checked.has(registry.key)) continue;
      checked.add(registry.key);
      const related = [secured.related, { span: where, message: `${describe(ws)} uses ${describe(registry)}` }];
      checkRegistry(ctx, registry, { workspace: describe(ws), secured: secured.what }, related);
    }
  },
});

type Ctx = RuleContext<typeof MESSAGES>;

function checkRegistry(
  ctx: Ctx,
  registry: Resource,
  about: { workspace: string; secured: string },
  related: RelatedLocation[],
): void {
  const common = { registry: describe(registry), ...about };
  const sku = at(registry.body, SKU);
  const skuName = knownString(sku);
  if (isUnknown(sku))
    ctx.notEvaluated(propertySpan(registry, SKU), `the SKU of ${describe(registry)} is not known`, [sku]);
  else if (skuName !== undefined && skuName.toLowerCase() !== PREMIUM.toLowerCase()) {
    const property = skuProperty(ctx, registry);
    const fixed = ctx.propertyValue(registry, SKU, PREMIUM);
    ctx.report({
      resource: registry,
      span: propertySpan(registry, SKU),
      messageId: 'sku',
      data: { ...common, property, value: ctx.propertyValue(registry, SKU, skuName), fixed },
      related,
      fixes: [setPropertyFix(ctx, registry, SKU, PREMIUM, `Set ${property} to ${fixed}`)],
    });
  }
  const bypass = at(registry.body, BYPASS);
  // Absent, networkRuleBypassOptions is the API default AzureServices (rules.md).
  if (bypass === undefined || bypass.kind === 'null') return;
  if (isUnknown(bypass)) {
    ctx.notEvaluated(
      propertySpan(registry, BYPASS),
      `whether ${describe(registry)} lets trusted Microsoft services through is not known`,
      [bypass],
    );
    return;
  }
  const value = knownString(bypass);
  if (value === undefined || value.trim().toLowerCase() === TRUSTED.toLowerCase()) return;
  ctx.report({
    resource: registry,
    span: propertySpan(registry, BYPASS),
    messageId: 'bypass',
    data: {
      ...common,
      property: ctx.propertyName(registry, BYPASS),
      value: ctx.propertyValue(registry, BYPASS, value),
      fixed: ctx.propertyValue(registry, BYPASS, TRUSTED),
    },
    related,
    fixes: [setPropertyFix(ctx, registry, BYPASS, TRUSTED)],
  });
}

/** `sku` in Terraform; `sku.name` where the language writes ARM names (its last segment alone says too little). */
function skuProperty(ctx: RuleContext, registry: Resource): string {
  const name = ctx.propertyName(registry, SKU);
  return name === armPropertyName(SKU) ? SKU : name;
}

type Secured =
  { state: 'yes'; what: string; related: RelatedLocation } | { state: 'no' } | { state: 'unknown'; reason: string };

/**
 * The secure setting the EN notes are about: an AKS cluster in a VNet is attached to the workspace,
 * or the workspace has a private endpoint. Unknown when either may be so.
 */
function securedBy(ctx: RuleContext, ws: Resource, inVnet: readonly ClusterInVnet[]): Secured {
  const attached = inVnet.find((c) => c.workspace === ws);
  if (attached) {
    const cluster = attached.cluster.resource;
    return {
      state: 'yes',
      what: `is attached to ${describe(cluster)} in a VNet`,
      related: {
        span: attached.compute.nameSpan ?? attached.compute.span,
        message: `${describe(cluster)} is attached to ${describe(ws)} here`,
      },
    };
  }
  const presence = ctx.query.privateEndpointPresence(ws);
  if (presence.state === 'yes' && presence.endpoint) {
    const pe = presence.endpoint;
    return {
      state: 'yes',
      what: `has a private endpoint (${describe(pe)})`,
      related: { span: pe.nameSpan ?? pe.span, message: `${describe(pe)} connects privately to ${describe(ws)}` },
    };
  }
  if (presence.state === 'unknown') return { state: 'unknown', reason: presence.reason ?? '' };
  const open = ctx.query.attachments(ws).find(({ cluster: ref }) => {
    if (ref.state !== 'resolved') return true;
    if (!settled(ref.cluster.resource)) return true;
    return clusterNetwork(ctx.graph, ref.cluster).state === 'unknown';
  });
  if (open)
    return {
      state: 'unknown',
      reason: `whether the cluster ${describe(open.compute)} attaches is in a VNet is not known`,
    };
  return { state: 'no' };
}
