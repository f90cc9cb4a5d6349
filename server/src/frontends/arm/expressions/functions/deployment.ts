import type { ObjectEntry, Value } from '../../../../graph/value';
import { fromPlain, unknown } from '../../../../graph/value';
import type { Site } from '../evaluate';
import { callSymbol, interpolate, markOpen, partValue, runtimeUnknown } from '../symbols';
import type { Table } from './util';
import { arity, fail, n, s, strict } from './util';

/** What the template reads from its deployment: parameters, variables, loops, scope and other resources. */
export const DEPLOYMENT_FUNCTIONS: Table = {
  parameters: strict((args, site) => lookup(args, site, 'parameter')),
  variables: strict((args, site) => lookup(args, site, 'variable')),
  copyindex: strict((args, site) => {
    const a = arity(site, args, 0, 2);
    if (a) return a;
    const name = args.find((x) => x.kind === 'string');
    const offset = args.find((x) => x.kind === 'number');
    const index = site.env.copyIndex(name?.kind === 'string' ? name.value : undefined);
    if (index === undefined)
      return fail(
        site,
        name?.kind === 'string' ? `no copy loop named '${name.value}' here` : 'used outside a copy loop',
      );
    if (index.kind !== 'number' || offset?.kind !== 'number') return index;
    return n(index.value + offset.value);
  }),
  resourcegroup: strict((args, site) => {
    const a = arity(site, args, 0);
    if (a) return a;
    const { scope } = site.env;
    if (scope.resourceGroup === undefined || scope.subscriptionId === undefined)
      return fail(site, 'this template does not deploy to a resource group');
    return object([
      ['id', interpolate(['/subscriptions/', scope.subscriptionId, '/resourceGroups/', scope.resourceGroup])],
      ['name', partValue(scope.resourceGroup)],
      ['type', s('Microsoft.Resources/resourceGroups')],
      ['location', scope.location],
      ['properties', object([['provisioningState', s('Succeeded')]])],
    ]);
  }),
  subscription: strict((args, site) => {
    const a = arity(site, args, 0);
    if (a) return a;
    const { scope, context } = site.env;
    if (scope.subscriptionId === undefined) return fail(site, 'this template does not deploy to a subscription');
    return object([
      ['id', interpolate(['/subscriptions/', scope.subscriptionId])],
      ['subscriptionId', partValue(scope.subscriptionId)],
      ['tenantId', s(context.tenantId)],
      [
        'displayName',
        unknown('the subscription display name is only known at deployment', undefined, '{subscription().displayName}'),
      ],
    ]);
  }),
  tenant: strict((args, site) => {
    const a = arity(site, args, 0);
    if (a) return a;
    return object([
      ['tenantId', s(site.env.context.tenantId)],
      ['id', s(`/tenants/${site.env.context.tenantId}`)],
    ]);
  }),
  deployment: strict((args, site) => {
    const a = arity(site, args, 0);
    if (a) return a;
    return markOpen(object([['name', partValue(site.env.deploymentName)]]));
  }),
  environment: strict((args, site) => arity(site, args, 0) ?? fromPlain(PUBLIC_CLOUD)),
  reference: { impl: reference, handlesUnknown: true },
  utcnow: strict(() => unknown('utcNow() changes with every deployment')),
  newguid: strict(() => unknown('newGuid() changes with every deployment')),
  pickzones: strict(() => unknown('pickZones() depends on the region’s zones at deployment')),
};

/** `list*()` (listKeys, listSecrets…): secrets and runtime state, never in the template. */
export function listFunction(args: Value[], site: Site): Value {
  return unknown(`${site.call.name}() returns runtime values`, undefined, callSymbol(site.call.name, args));
}

function lookup(args: Value[], site: Site, what: 'parameter' | 'variable'): Value {
  const a = arity(site, args, 1);
  if (a) return a;
  const name = args[0];
  if (name.kind !== 'string') return fail(site, `expects a ${what} name`);
  const v = what === 'parameter' ? site.env.parameter(name.value) : site.env.variable(name.value);
  return v ?? fail(site, `the template declares no ${what} '${name.value}'`);
}

function reference(args: Value[], site: Site): Value {
  const a = arity(site, args, 1, 3);
  if (a) return a;
  const full = args.some((x, i) => i > 0 && x.kind === 'string' && x.value.toLowerCase() === 'full');
  const target = args[0];
  const hit = site.env.reference(target, full);
  if (hit) return markOpen(hit);
  const why = target.kind === 'unknown' ? target.reason : 'the referenced resource is not part of this deployment';
  const symbol = callSymbol('reference', full ? [target, s('Full')] : [target]);
  // A resource declared elsewhere, named by id: what is read from it still names it (a principal id says whose).
  const id = target.kind === 'string' && target.value.startsWith('/') ? target.value : undefined;
  return runtimeUnknown(why, symbol, id === undefined ? undefined : { id, path: full ? [] : ['properties'] });
}

function object(entries: [string, Value][]): Value {
  return { kind: 'object', entries: entries.map(([key, value]): ObjectEntry => ({ key, value })) };
}

/** `environment()` in Azure's public cloud, the only one a what-if-style preview assumes. */
const PUBLIC_CLOUD = {
  name: 'AzureCloud',
  gallery: 'https://gallery.azure.com/',
  graph: 'https://graph.windows.net/',
  portal: 'https://portal.azure.com',
  graphAudience: 'https://graph.windows.net/',
  activeDirectoryDataLake: 'https://datalake.azure.net/',
  batch: 'https://batch.core.windows.net/',
  media: 'https://rest.media.azure.net',
  sqlManagement: 'https://management.core.windows.net:8443/',
  vmImageAliasDoc:
    'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
  resourceManager: 'https://management.azure.com/',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com/',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  suffixes: {
    acrLoginServer: '.azurecr.io',
    azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
    azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
    azureFrontDoorEndpointSuffix: 'azurefd.net',
    keyvaultDns: '.vault.azure.net',
    sqlServerHostname: '.database.windows.net',
    storage: 'core.windows.net',
  },
};
