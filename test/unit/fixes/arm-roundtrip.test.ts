import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { parse } from 'jsonc-parser';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { writeFix } from '../../../server/src/fixes';
import type { Finding } from '../../../server/src/rulekit/rule';
import { WorkspaceHost, deploymentOf } from '../../../server/src/workspace';
import { applyEdits } from '../../../server/src/fixes/apply-edits';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lsp');

/** Analyses the folder of `file`, with `text` as its (unsaved) content when given. */
function analyse(file: string, text?: string): { findings: Finding[]; text: string } {
  const overlay = new Map(text === undefined ? [] : [[file, text]]);
  const host = new WorkspaceHost(path.dirname(file), overlay);
  const deployment = deploymentOf(host, file);
  const result = analyzeDeployment(deployment.files, host, defaultConfig());
  assert.deepEqual(result.problems, []);
  return { findings: result.findings, text: text ?? fs.readFileSync(file, 'utf8') };
}

/** Applies the fix of the one finding of `ruleId`, checks the result parses, and returns the new text. */
function fixOnce(file: string, ruleId: string): string {
  const { findings, text } = analyse(file);
  const matching = findings.filter((f) => f.ruleId === ruleId);
  assert.equal(matching.length, 1, `one ${ruleId} finding expected`);
  const fix = matching[0].fixes[0];
  assert.ok(fix, 'the finding has a fix intent');
  const edits = writeFix(fix, (f) => (f === file ? text : undefined));
  assert.ok(edits, 'the writer writes the fix');
  const fixed = applyEdits(text, edits);
  const errors: ParseError[] = [];
  parse(fixed, errors);
  assert.deepEqual(errors, []);
  return fixed;
}

describe('ARM fixes, applied and re-analysed', () => {
  before(() => initAnalysis());

  it('private-cluster-public-fqdn: the flag becomes false and the finding goes away', () => {
    const file = path.join(FIXTURES, 'workspace', 'cluster', 'azuredeploy.json');
    const fixed = fixOnce(file, 'private-cluster-public-fqdn');
    const original = fs.readFileSync(file, 'utf8');
    assert.equal(
      fixed,
      original.replace('"enablePrivateClusterPublicFQDN": true', '"enablePrivateClusterPublicFQDN": false'),
    );
    const after = analyse(file, fixed).findings.map((f) => f.ruleId);
    assert.ok(!after.includes('private-cluster-public-fqdn'), after.join());
  });

  it("aks-workspace-region-mismatch: the cluster takes the workspace's location expression", () => {
    const file = path.join(FIXTURES, 'fixes', 'region', 'azuredeploy.json');
    const before = analyse(file).findings.map((f) => f.ruleId);
    const fixed = fixOnce(file, 'aks-workspace-region-mismatch');
    const original = fs.readFileSync(file, 'utf8');
    assert.equal(
      fixed,
      original.replace(
        '"name": "aks",\n      "location": "eastus"',
        `"name": "aks",\n      "location": "[parameters('location')]"`,
      ),
    );
    const after = analyse(file, fixed).findings.map((f) => f.ruleId);
    // Only the fixed finding is gone; the others are untouched.
    assert.deepEqual(
      after,
      before.filter((id) => id !== 'aks-workspace-region-mismatch'),
    );
  });

  it('offers no fix when the flag comes from a parameter', () => {
    const file = path.join(FIXTURES, 'fixes', 'fqdn-parameter', 'azuredeploy.json');
    const { findings, text } = analyse(file);
    const finding = findings.find((f) => f.ruleId === 'private-cluster-public-fqdn');
    assert.ok(finding?.fixes[0], 'the rule still reports the parameter default');
    assert.equal(
      writeFix(finding.fixes[0], () => text),
      undefined,
    );
  });
});
