import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { initAnalysis } from '../../server/src/analysis';
import type { Finding } from '../../server/src/rulekit/rule';
import { analyseFolder } from '../tester/analyse';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/**
 * What the insecure deployment gets wrong, the same in every language: one finding per line, as
 * `severity rule resource-name`, sorted (examples/README.md explains each).
 */
const INSECURE = [
  'error aks-vnet-dependency-private-endpoint kv-ml-inference-001',
  'error aks-vnet-dependency-private-endpoint kv-ml-inference-dev',
  'error aks-vnet-dependency-private-endpoint stmlinferencedev001',
  'error aks-vnet-workspace-private-endpoint mlw-inference-dev',
  'error aks-workspace-region-mismatch aks-ml-inference',
  'error private-cluster-public-fqdn aks-ml-inference',
  'error private-endpoint-dns-zone-group pe-st-blob',
  'error private-endpoint-unreachable-vnet pe-acr',
  'warning aks-network-isolation mlw-inference-dev/aks-inference-dev',
];

/**
 * Where each language reports them, in the order of INSECURE: `file:line:column` (1-based), then
 * `on <name>` when the finding is about another resource there. azurerm's inference cluster cannot
 * ask for an internal load balancer, so in Terraform the isolation warning is on the cluster.
 */
const WHERE: Record<string, string[]> = {
  insecure: [
    'azuredeploy.json:147:15',
    'azuredeploy.json:286:15',
    'azuredeploy.json:271:15',
    'azuredeploy.json:300:15',
    'azuredeploy.json:220:7',
    'azuredeploy.json:247:11',
    'azuredeploy.json:568:15',
    'azuredeploy.json:643:9',
    'azuredeploy.json:362:15',
  ],
  'bicep-insecure': [
    'main.bicep:96:9',
    'main.bicep:209:9',
    'main.bicep:196:9',
    'main.bicep:222:9',
    'main.bicep:165:3',
    'main.bicep:189:7',
    'main.bicep:326:9',
    'modules/private-endpoint.bicep:24:5',
    'main.bicep:265:9',
  ],
  'terraform-insecure': [
    'workspace.tf:19:3',
    'dev.tf:16:3',
    'dev.tf:5:3',
    'dev.tf:25:3',
    'aks.tf:3:3',
    'aks.tf:7:3',
    'private-endpoints.tf:44:3',
    'modules/private-endpoint/main.tf:7:3',
    'dev.tf:40:3 on aks-ml-inference-dev',
  ],
};

const SECURE = ['secure', 'bicep-secure', 'terraform-secure'];

/** Every finding of a folder as `severity rule resource-name at file:line:column`, sorted. */
function findingsOf(folder: string): string[] {
  const dir = path.join(EXAMPLES, folder);
  const result = analyseFolder(dir);
  assert.deepEqual(
    result.problems.map((p) => p.message),
    [],
    `${folder} loads without problems`,
  );
  return result.findings.map((f) => `${identity(f)} at ${where(dir, f)}`).sort();
}

/** An INSECURE line at a WHERE location, as findingsOf writes it. */
function expected(finding: string, location: string): string {
  const [at, resource] = location.split(' on ');
  return `${resource ? finding.replace(/\S+$/, resource) : finding} at ${at}`;
}

const identity = (f: Finding) => `${f.severity} ${f.ruleId} ${f.resource.name}`;

const where = (dir: string, f: Finding) =>
  `${path.relative(dir, f.span.file).split(path.sep).join('/')}:${f.span.start.line + 1}:${f.span.start.character + 1}`;

describe('examples', () => {
  before(() => initAnalysis());

  for (const [folder, locations] of Object.entries(WHERE)) {
    it(`${folder}/ reports each mistake it shows, once, on the resource and line that has it`, () => {
      assert.deepEqual(findingsOf(folder), INSECURE.map((f, i) => expected(f, locations[i])).sort());
    });
  }

  for (const folder of SECURE) {
    it(`${folder}/ reports nothing`, () => {
      assert.deepEqual(findingsOf(folder), []);
    });
  }
});
