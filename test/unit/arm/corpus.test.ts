import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armFrontEnd } from '../../../server/src/frontends/arm';
import type { LoadResult, SourceFile } from '../../../server/src/frontends/frontend';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import { T } from '../../../server/src/graph/types';
import { at, knownString, toPlain } from '../../../server/src/graph/value';
import { WorkspaceHost } from '../../../server/src/workspace';

/**
 * Real public templates (`/work/shared/corpus`): quickstarts written by hand and Azure Verified
 * Modules compiled from Bicep (`main.json`, languageVersion 2.0, nested module deployments).
 */
const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');

function templateFolders(dir: string): Map<string, SourceFile[]> {
  const out = new Map<string, SourceFile[]>();
  const visit = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.json')) {
        const text = fs.readFileSync(full, 'utf8');
        if (!armFrontEnd.claims(full, text)) continue;
        const list = out.get(d) ?? [];
        list.push({ path: full, text });
        out.set(d, list);
      }
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return out;
}

/** A value of the declared type for every parameter that has none, as a user's parameter file would give. */
function fullParameters(files: SourceFile[]): string {
  const values: Record<string, { value: unknown }> = {};
  for (const f of files) {
    const params =
      (
        JSON.parse(f.text) as {
          parameters?: Record<string, { type?: string; defaultValue?: unknown; allowedValues?: unknown[] }>;
        }
      ).parameters ?? {};
    for (const [name, p] of Object.entries(params)) {
      if (p.defaultValue !== undefined) continue;
      const type = (p.type ?? 'string').toLowerCase();
      const value =
        p.allowedValues?.[0] ??
        (type === 'int'
          ? 1
          : type === 'bool'
            ? true
            : type === 'array'
              ? []
              : type.includes('object')
                ? {}
                : `p-${name}`.toLowerCase());
      values[name] = { value };
    }
  }
  return JSON.stringify({ parameters: values });
}

function loadFolder(dir: string, files: SourceFile[], fill: boolean): LoadResult {
  const paramFile = path.join(dir, '__all-parameters__.json');
  const host = new WorkspaceHost(CORPUS, new Map(fill ? [[paramFile, fullParameters(files)]] : []));
  return armFrontEnd.load(files, host, {
    context: fill ? { ...DEFAULT_CONTEXT, location: 'westeurope' } : DEFAULT_CONTEXT,
    parameterFiles: fill ? [paramFile] : [],
  });
}

describe('ARM front end: real templates from the corpus', function () {
  this.timeout(20000);
  const folders = templateFolders(CORPUS);

  it('finds the ARM templates of the corpus', function () {
    if (!fs.existsSync(CORPUS)) this.skip();
    assert.ok(folders.size >= 6, `only ${folders.size} folders with templates`);
  });

  for (const [dir, files] of folders) {
    const name = path.relative(CORPUS, dir);

    it(`${name}: loads with no front-end error`, () => {
      const r = loadFolder(dir, files, false);
      assert.deepEqual(
        r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`),
        [],
      );
      assert.ok(r.resources.length > 0, 'no resources');
    });

    it(`${name}: every id is known once every parameter has a value`, () => {
      // With all deployment inputs given (a parameter file covering every parameter without a
      // default, and a location), nothing a template computes from them may stay unknown.
      const r = loadFolder(dir, files, true);
      assert.deepEqual(
        r.resources.filter((x) => !x.idKnown).map((x) => x.id),
        [],
      );
    });
  }
});

describe('ARM front end: an Azure Verified Module with its options set', () => {
  // bicep-avm-ml-workspace/main.json is compiled Bicep: the private endpoint and the compute are
  // modules (nested deployments, symbolic names, lambdas, tryGet, null-for-default parameters).
  const dir = path.join(CORPUS, 'bicep-avm-ml-workspace');
  const subnet =
    '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/pe';
  const cluster =
    '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/aks/providers/Microsoft.ContainerService/managedClusters/aks1';
  const zone =
    '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms';
  const dependency = (type: string, name: string): { value: string } => ({
    value: `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/deps/providers/${type}/${name}`,
  });
  const params = {
    parameters: {
      name: { value: 'mlw1' },
      sku: { value: 'Basic' },
      associatedStorageAccountResourceId: dependency('Microsoft.Storage/storageAccounts', 'st1'),
      associatedKeyVaultResourceId: dependency('Microsoft.KeyVault/vaults', 'kv1'),
      associatedApplicationInsightsResourceId: dependency('Microsoft.Insights/components', 'ai1'),
      privateEndpoints: {
        value: [
          {
            subnetResourceId: subnet,
            privateDnsZoneGroup: { privateDnsZoneGroupConfigs: [{ privateDnsZoneResourceId: zone }] },
          },
        ],
      },
      computes: { value: [{ name: 'aks', computeType: 'AKS', resourceId: cluster, location: 'westeurope' }] },
    },
  };

  function loadWorkspace(): LoadResult {
    const file = path.join(dir, 'main.json');
    const paramFile = path.join(dir, 'options.parameters.json');
    const host = new WorkspaceHost(CORPUS, new Map([[paramFile, JSON.stringify(params)]]));
    return armFrontEnd.load([{ path: file, text: fs.readFileSync(file, 'utf8') }], host, {
      context: DEFAULT_CONTEXT,
      parameterFiles: [paramFile],
    });
  }

  it('builds the workspace, its private endpoint, DNS zone group and AKS compute with known ids', function () {
    if (!fs.existsSync(dir)) this.skip();
    const r = loadWorkspace();
    assert.deepEqual(r.problems, []);
    const rg = `/subscriptions/${DEFAULT_CONTEXT.subscriptionId}/resourceGroups/${DEFAULT_CONTEXT.resourceGroup}/providers`;
    const declared = r.resources.filter((x) => x.origin === 'declared' && x.type !== T.deployment);
    assert.deepEqual(
      declared.map((x) => [x.id, x.idKnown, x.presence]),
      [
        [`${rg}/Microsoft.MachineLearningServices/workspaces/mlw1`, true, 'always'],
        [`${rg}/Microsoft.MachineLearningServices/workspaces/mlw1/computes/aks`, true, 'always'],
        [`${rg}/Microsoft.Network/privateEndpoints/pep-mlw1-amlworkspace-0`, true, 'always'],
        [
          `${rg}/Microsoft.Network/privateEndpoints/pep-mlw1-amlworkspace-0/privateDnsZoneGroups/default`,
          true,
          'always',
        ],
      ],
    );
    const [workspace, compute, endpoint, zoneGroup] = declared;
    assert.equal(
      knownString(at(workspace.body, 'properties.storageAccount')),
      params.parameters.associatedStorageAccountResourceId.value,
    );
    assert.equal(knownString(at(compute.body, 'properties.resourceId')), cluster);
    assert.equal(knownString(at(compute.body, 'properties.computeType')), 'AKS');
    assert.equal(knownString(at(endpoint.body, 'properties.subnet.id')), subnet);
    assert.deepEqual(toPlain(at(endpoint.body, 'properties.privateLinkServiceConnections[0].properties')), {
      privateLinkServiceId: workspace.id,
      groupIds: ['amlworkspace'],
    });
    assert.equal(
      knownString(at(zoneGroup.body, 'properties.privateDnsZoneConfigs[0].properties.privateDnsZoneId')),
      zone,
    );
  });
});

describe('ARM front end: the AKS Verified Module with node pools in a subnet', () => {
  const dir = path.join(CORPUS, 'bicep-avm-aks-managed-cluster');
  const subnet =
    '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/aks';
  const pool = (name: string, mode?: string): Record<string, unknown> => ({
    name,
    count: 2,
    vmSize: 'Standard_D4s_v5',
    mode,
    vnetSubnetResourceId: subnet,
  });
  const params = {
    parameters: {
      name: { value: 'aks1' },
      primaryAgentPoolProfiles: { value: [pool('system', 'System')] },
      agentPools: { value: [pool('user1')] },
      apiServerAccessProfile: { value: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false } },
      managedIdentities: { value: { systemAssigned: true } },
    },
  };

  it('puts the primary pool and the agent-pool module in the subnet; a null option raises no warning', function () {
    if (!fs.existsSync(dir)) this.skip();
    const file = path.join(dir, 'main.json');
    const paramFile = path.join(dir, 'options.parameters.json');
    const host = new WorkspaceHost(CORPUS, new Map([[paramFile, JSON.stringify(params)]]));
    const r = armFrontEnd.load([{ path: file, text: fs.readFileSync(file, 'utf8') }], host, {
      context: DEFAULT_CONTEXT,
      parameterFiles: [paramFile],
    });
    // osSKU is nullable with allowedValues; the module passes null for it, which is not a mistake.
    assert.deepEqual(r.problems, []);
    const [cluster] = r.resources.filter((x) => x.type === T.managedCluster && x.origin === 'declared');
    assert.equal(cluster.name, 'aks1');
    assert.equal(knownString(at(cluster.body, 'properties.agentPoolProfiles[0].vnetSubnetID')), subnet);
    assert.deepEqual(toPlain(at(cluster.body, 'properties.apiServerAccessProfile')), {
      enablePrivateCluster: true,
      enablePrivateClusterPublicFQDN: false,
    });
    const pools = r.resources.filter((x) => x.type === T.agentPool);
    assert.deepEqual(
      pools.map((p) => [p.name, p.parentKey, knownString(at(p.body, 'properties.vnetSubnetID'))]),
      [['aks1/user1', cluster.key, subnet]],
    );
  });
});
