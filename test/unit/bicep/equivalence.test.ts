import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import type { Finding } from '../../../server/src/rulekit/rule';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { CASES_ROOT, caseExists, caseFolder } from '../../tester/cases';

function findingsIn(dir: string): Finding[] {
  const host = new WorkspaceHost(dir);
  const deployment = findDeployments(host).find((d) => d.dir === dir);
  assert.ok(deployment, `no deployment in ${dir}`);
  return analyzeDeployment(deployment.files, host, defaultConfig()).findings;
}

/** What a finding is about: rule, resource type and Azure name (ids differ in Terraform, which names groups itself). */
const about = (f: Finding): string => `${f.ruleId} ${f.resource.type} ${f.resource.name}`;

/**
 * The Bicep bad/good cases are the ARM cases' deployments written in Bicep (symbolic references,
 * nested children, `parent:`), and the Terraform ones the same in Terraform: all three give the same
 * findings on the same Azure resources. Bicep and ARM also agree on the resource ids, and the Bicep
 * findings land in the Bicep text.
 */
describe('Bicep, ARM JSON and Terraform give the same findings for the same deployment', () => {
  before(() => initAnalysis());

  const rules = fs.readdirSync(CASES_ROOT).filter((n) => fs.existsSync(path.join(CASES_ROOT, n, 'bicep')));
  for (const rule of rules) {
    for (const kind of ['bad', 'good']) {
      const names = ['arm', 'bicep', 'terraform'].map((lang) => `${rule}/${lang}/${kind}`);
      if (!names.every(caseExists)) continue;
      it(`${rule} ${kind}`, () => {
        const [arm, bicep, terraform] = names.map((n) => findingsIn(caseFolder(n)));
        const expected = arm.map(about).sort();
        assert.deepEqual(bicep.map(about).sort(), expected);
        assert.deepEqual(terraform.map(about).sort(), expected);
        assert.deepEqual(
          bicep.map((f) => `${f.ruleId} ${f.resource.key}`).sort(),
          arm.map((f) => `${f.ruleId} ${f.resource.key}`).sort(),
        );
        for (const f of bicep) {
          assert.ok(f.span.file.endsWith('.bicep'), `${f.ruleId} lands in ${f.span.file}`);
          assert.equal(f.resource.language, 'bicep');
        }
        if (kind === 'bad') assert.ok(expected.length > 0, 'a bad case has findings');
      });
    }
  }
});
