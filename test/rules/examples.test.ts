import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { initAnalysis } from '../../server/src/analysis';
import { analyseFolder } from '../tester/analyse';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** Rule ids that fire on a folder, each once, sorted. */
function firedRules(folder: string): string[] {
  const result = analyseFolder(path.join(EXAMPLES, folder));
  assert.deepEqual(
    result.problems.map((p) => p.message),
    [],
    `${folder} loads without problems`,
  );
  return [...new Set(result.findings.map((f) => f.ruleId))].sort();
}

describe('examples', () => {
  before(() => initAnalysis());

  for (const [insecure, secure] of [
    ['insecure', 'secure'],
    ['bicep-insecure', 'bicep-secure'],
  ]) {
    it(`${insecure}/ makes each of the AKS inferencing rules it shows fire`, () => {
      assert.deepEqual(firedRules(insecure), [
        'aks-network-isolation',
        'aks-vnet-dependency-private-endpoint',
        'aks-vnet-workspace-private-endpoint',
        'aks-workspace-region-mismatch',
        'private-cluster-public-fqdn',
        'private-endpoint-dns-zone-group',
        'private-endpoint-unreachable-vnet',
      ]);
    });

    it(`${secure}/ fires no rule at all`, () => {
      assert.deepEqual(firedRules(secure), []);
    });
  }
});
