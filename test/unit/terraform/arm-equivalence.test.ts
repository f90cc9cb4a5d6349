import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { CASES_ROOT, caseExists, caseFolder } from '../../tester/cases';

/** What a finding is about, whatever the language: rule, resource type and Azure name. */
function findingsOf(dir: string): string[] {
  const host = new WorkspaceHost(dir);
  const deployment = findDeployments(host).find((d) => d.dir === dir);
  assert.ok(deployment, `no deployment in ${dir}`);
  return analyzeDeployment(deployment.files, host, defaultConfig())
    .findings.map((f) => `${f.ruleId} ${f.resource.type} ${f.resource.name}`)
    .sort();
}

/**
 * The Terraform bad/good cases are the ARM cases' deployments written in Terraform: both must give
 * the same findings on the same Azure resources (ranges differ, being in each language's text).
 */
describe('terraform and ARM give the same findings for the same deployment', () => {
  before(() => initAnalysis());

  const rules = fs.readdirSync(CASES_ROOT).filter((n) => fs.existsSync(path.join(CASES_ROOT, n, 'terraform')));
  for (const rule of rules) {
    for (const kind of ['bad', 'good']) {
      const [arm, tf] = ['arm', 'terraform'].map((lang) => `${rule}/${lang}/${kind}`);
      if (!caseExists(arm) || !caseExists(tf)) continue;
      it(`${rule} ${kind}`, () => {
        const expected = findingsOf(caseFolder(arm));
        assert.deepEqual(findingsOf(caseFolder(tf)), expected);
        if (kind === 'bad') assert.ok(expected.length > 0, 'a bad case has findings');
      });
    }
  }
});
