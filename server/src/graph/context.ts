import type { Value } from './value';
import { unknown, str } from './value';

/**
 * The deployment a template is evaluated against. Like a what-if preview, a placeholder
 * subscription and resource group make `resourceGroup().id`-based names and ids consistent
 * across the deployment; the user can set real ones in settings or on the command line.
 */
export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  tenantId: string;
  deploymentName: string;
  /**
   * The resource group's location. When not configured it stays a symbol: it compares equal to
   * itself (every `resourceGroup().location`) and to nothing else.
   */
  location?: string;
}

export const DEFAULT_CONTEXT: DeploymentContext = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'aml-network-guard-rg',
  tenantId: '00000000-0000-0000-0000-000000000000',
  deploymentName: 'aml-network-guard',
};

export const RESOURCE_GROUP_LOCATION_SYMBOL = '{resourceGroup().location}';

export function contextLocation(ctx: DeploymentContext): Value {
  return ctx.location !== undefined
    ? str(ctx.location)
    : unknown(
        'the resource group location is not known before deployment (set context.location in .amlnetworkguard.json, or --location)',
        undefined,
        RESOURCE_GROUP_LOCATION_SYMBOL,
      );
}
