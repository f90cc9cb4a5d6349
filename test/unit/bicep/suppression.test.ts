import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { WorkspaceHost } from '../../../server/src/workspace';
import { caseFolder } from '../../tester/cases';

const BAD = path.join(caseFolder('private-cluster-public-fqdn/bicep/bad'), 'main.bicep');

function findings(text: string): string[] {
  const dir = path.dirname(BAD);
  const host = new WorkspaceHost(dir, new Map([[BAD, text]]));
  return analyzeDeployment([{ path: BAD, text }], host, defaultConfig()).findings.map((f) => f.ruleId);
}

/** `// aml-network-guard-disable-next-line` works in Bicep as in JSONC, above the line of the finding. */
describe('bicep suppression comments', () => {
  before(initAnalysis);

  it('silences the named rule on the next line only', () => {
    const text = fs.readFileSync(BAD, 'utf8');
    assert.deepEqual(findings(text), ['private-cluster-public-fqdn']);
    const line = '      enablePrivateClusterPublicFQDN: true';
    assert.ok(text.includes(line));
    const suppressed = text.replace(
      line,
      `      // aml-network-guard-disable-next-line private-cluster-public-fqdn\n${line}`,
    );
    assert.deepEqual(findings(suppressed), []);
    const other = text.replace(line, `      // aml-network-guard-disable-next-line some-other-rule\n${line}`);
    assert.deepEqual(findings(other), ['private-cluster-public-fqdn']);
  });
});
