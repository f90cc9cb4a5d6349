import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeploymentResult } from '../../../server/src/analysis';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import type { AnalysisConfig } from '../../../server/src/config';
import { defaultConfig } from '../../../server/src/config';
import type { Rule } from '../../../server/src/rulekit/rule';
import { ALL_RULES } from '../../../server/src/rulekit/registry';
import { WorkspaceHost } from '../../../server/src/workspace';
import { applyEdits } from '../../../server/src/fixes/apply-edits';

const REPO = path.resolve(__dirname, '../../../..');
const RULE = 'private-cluster-public-fqdn';
const DIRECTIVE = 'aml-network-guard-disable-next-line';
const ARM = path.join(REPO, 'test/fixtures/cli/aks-insecure/azuredeploy.json');
const ARM_UNKNOWN = path.join(REPO, 'test/fixtures/cli/aks-unknown/azuredeploy.json');
const TF = path.join(REPO, 'test/fixtures/lsp/workspace/terraform/main.tf');
const BICEP_DIR = path.join(REPO, 'test/fixtures/lsp/workspace/bicep');
const ARM_LINE = '          "enablePrivateClusterPublicFQDN": true';

function analyse(
  file: string,
  text: string,
  config: Partial<AnalysisConfig> = {},
  rules: readonly Rule[] = ALL_RULES,
): DeploymentResult {
  const dir = path.dirname(file);
  const host = new WorkspaceHost(dir, new Map([[file, text]]));
  const files = fs
    .readdirSync(dir)
    .map((n) => path.join(dir, n))
    .map((p) => ({ path: p, text: p === file ? text : fs.readFileSync(p, 'utf8') }));
  return analyzeDeployment(files, host, { ...defaultConfig(), ...config }, { rules });
}

/** `text` with `insert` on its own line before the first line containing `before`. */
function above(text: string, before: string, insert: string): string {
  const at = text.indexOf(before);
  assert.ok(at >= 0, before);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return text.slice(0, lineStart) + insert + '\n' + text.slice(lineStart);
}

const unused = (r: DeploymentResult) => r.problems.filter((p) => p.code === 'unused-suppression');

describe('suppressions applied to an analysis', () => {
  before(initAnalysis);
  const arm = fs.readFileSync(ARM, 'utf8');

  it('(ARM) silences the named rule on the next line, keeping it as suppressed with its reason', () => {
    assert.deepEqual(
      analyse(ARM, arm).findings.map((f) => f.ruleId),
      [RULE],
    );
    const text = above(arm, ARM_LINE, `          // ${DIRECTIVE} ${RULE} -- reached through the hub jumpbox`);
    const r = analyse(ARM, text);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(unused(r), []);
    assert.equal(r.suppressed.length, 1);
    const { finding, suppression } = r.suppressed[0];
    assert.equal(finding.ruleId, RULE);
    assert.equal(suppression.kind, 'next-line');
    assert.equal(suppression.justification, 'reached through the hub jumpbox');
    assert.equal(suppression.span.start.line, finding.span.start.line - 1);
  });

  it('(ARM) silences a rule in the whole file with disable-file, and every rule without ids', () => {
    const file = analyse(ARM, arm.replace('{', `{\n  /* aml-network-guard-disable-file ${RULE} */`));
    assert.deepEqual(
      file.suppressed.map((s) => [s.finding.ruleId, s.suppression.kind]),
      [[RULE, 'file']],
    );
    const blanket = analyse(ARM, above(arm, ARM_LINE, `          // ${DIRECTIVE}`));
    assert.deepEqual([blanket.findings.length, blanket.suppressed.length, unused(blanket).length], [0, 1, 0]);
  });

  it('(ARM) reports a suppression that matches nothing, with a fix that deletes its line', () => {
    // A blank line between the comment and the finding: next-line means the very next line.
    const text = above(arm, ARM_LINE, `          // ${DIRECTIVE} ${RULE}\n`);
    const r = analyse(ARM, text);
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      [RULE],
    );
    const [p] = unused(r);
    assert.equal(p.severity, 'info');
    assert.equal(
      p.message,
      `${DIRECTIVE} ${RULE} suppresses nothing: there is no such finding on line ${p.span.start.line + 2}. Remove it.`,
    );
    assert.equal(p.fix?.title, 'Remove the unused suppression comment');
    assert.equal(applyEdits(text, p.fix!.edits), above(arm, ARM_LINE, ''));
  });

  it('(ARM) reports one unused id of several on the id, and its fix removes only that id', () => {
    const text = above(arm, ARM_LINE, `          // ${DIRECTIVE} ${RULE}, aks-workspace-region-mismatch -- why`);
    const r = analyse(ARM, text);
    assert.equal(r.suppressed.length, 1);
    const [p] = unused(r);
    assert.equal(
      p.message,
      'aks-workspace-region-mismatch has no finding on line ' +
        `${p.span.start.line + 2}, so this part of the suppression is unused. Remove it from the suppression.`,
    );
    assert.equal(p.span.end.character - p.span.start.character, 'aks-workspace-region-mismatch'.length);
    assert.equal(applyEdits(text, p.fix!.edits), above(arm, ARM_LINE, `          // ${DIRECTIVE} ${RULE} -- why`));
  });

  it('(ARM) names a mistyped rule id, suggests the right one, and does not suppress', () => {
    const text = above(arm, ARM_LINE, `          // ${DIRECTIVE} privte-cluster-public-fqdn`);
    const r = analyse(ARM, text);
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      [RULE],
    );
    assert.match(unused(r)[0].message, /'privte-cluster-public-fqdn' is not a rule id \(did you mean '/);
  });

  it('never calls a suppression unused when its rule did not run (off, failed, not selected)', () => {
    const text = above(arm, ARM_LINE, `          // ${DIRECTIVE} aks-workspace-region-mismatch`);
    assert.equal(unused(analyse(ARM, text)).length, 1);
    assert.deepEqual(unused(analyse(ARM, text, { severities: { 'aks-workspace-region-mismatch': 'off' } })), []);
    const failing: Rule = { ...ALL_RULES[4], check: () => assert.fail('boom') };
    assert.equal(failing.meta.id, 'aks-workspace-region-mismatch');
    const r = analyse(ARM, text, {}, [failing]);
    assert.ok(r.problems.some((p) => p.code === 'internal-error'));
    assert.deepEqual(unused(r), []);
    assert.deepEqual(unused(analyse(ARM, text, {}, [ALL_RULES[5]])), []);
  });

  it('follows unusedSuppressions: off hides, error raises', () => {
    const text = above(arm, ARM_LINE, `          // ${DIRECTIVE} aks-workspace-region-mismatch`);
    assert.deepEqual(unused(analyse(ARM, text, { unusedSuppressions: 'off' })), []);
    assert.equal(unused(analyse(ARM, text, { unusedSuppressions: 'error' }))[0].severity, 'error');
  });

  it('counts a not-evaluated note on the line as a use, and still lists the note', () => {
    const unknownText = fs.readFileSync(ARM_UNKNOWN, 'utf8');
    const text = above(
      unknownText,
      '"enablePrivateClusterPublicFQDN"',
      `          // ${DIRECTIVE} ${RULE} -- public until DNS moves`,
    );
    const r = analyse(ARM_UNKNOWN, text);
    assert.deepEqual([r.findings.length, unused(r).length], [0, 0]);
    assert.deepEqual(
      r.unknowns.map((u) => u.ruleId),
      [RULE],
    );
  });

  it('(Terraform) reads # and // suppressions; the fix deletes the comment and keeps the code', () => {
    const tf = fs.readFileSync(TF, 'utf8');
    const line = '  private_cluster_public_fqdn_enabled = true';
    const hash = analyse(TF, above(tf, line, `  # ${DIRECTIVE} ${RULE} -- hub DNS`));
    assert.deepEqual(
      hash.suppressed.map((s) => [s.finding.ruleId, s.suppression.justification]),
      [[RULE, 'hub DNS']],
    );
    const stale = tf.replace('  name ', `  // ${DIRECTIVE} ${RULE}\n  name `);
    const r = analyse(TF, stale);
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      [RULE],
    );
    assert.equal(applyEdits(stale, unused(r)[0].fix!.edits), tf);
    const trailing = tf.replace('"aks-tf"', `"aks-tf" # ${DIRECTIVE} ${RULE}`);
    assert.equal(applyEdits(trailing, unused(analyse(TF, trailing))[0].fix!.edits), tf);
  });

  it('(Bicep) reads // suppressions in a module file the deployment uses', () => {
    const file = path.join(BICEP_DIR, 'cluster.bicep');
    const bicep = fs.readFileSync(file, 'utf8');
    const line = '      enablePrivateClusterPublicFQDN: true';
    const r = analyse(file, above(bicep, line, `      // ${DIRECTIVE} ${RULE} -- accepted risk`));
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.suppressed.map((s) => [s.finding.ruleId, s.suppression.justification]),
      [[RULE, 'accepted risk']],
    );
  });
});
