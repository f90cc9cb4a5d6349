import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
const CASES_ROOT = path.resolve(__dirname, '../../../../test/rules');

/** The "not evaluated" notes name the rule whose input is unknown, and no other. */
describe('review: not-evaluated notes', () => {
  before(() => initAnalysis());

  it('notes an unknown storage account under the dependency rules only, not the workspace rule', () => {
    const dir = path.join(CASES_ROOT, 'aks-vnet-dependency-private-endpoint/arm/storage-from-parameter');
    const host = new WorkspaceHost(dir);
    const [deployment] = findDeployments(host);
    const { unknowns, findings } = analyzeDeployment(deployment.files, host, defaultConfig());
    assert.deepEqual(findings, []);
    const why =
      "the storage account of Azure Machine Learning workspace 'mlw-prod' is not known: parameter 'storageId' has no value";
    assert.deepEqual(
      unknowns.map((u) => [u.ruleId, u.message, u.span.start.line + 1]),
      [
        ['aks-vnet-dependency-private-endpoint', why, 186],
        ['private-endpoint-unreachable-vnet', why, 186],
      ],
    );
  });
});
