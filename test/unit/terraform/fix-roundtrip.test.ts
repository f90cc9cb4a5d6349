import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { writeFix } from '../../../server/src/fixes';
import { applyEdits } from '../../../server/src/fixes/apply-edits';
import { caseFolder } from '../../tester/cases';
import { MemoryHost } from './helpers';

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir))
    if (name.endsWith('.tf')) out[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  return out;
}

function analyse(files: Record<string, string>) {
  const host = new MemoryHost(files);
  return analyzeDeployment(host.deployment(), host, defaultConfig());
}

/** The quick fix of each Terraform bad case, applied to the .tf text, makes its finding disappear. */
describe('terraform quick fixes end to end', () => {
  before(() => initAnalysis());

  for (const [rule, expected, title] of [
    [
      'private-cluster-public-fqdn',
      /private_cluster_public_fqdn_enabled = false/,
      'Set private_cluster_public_fqdn_enabled to false',
    ],
    [
      'aks-workspace-region-mismatch',
      /location += azurerm_machine_learning_workspace\.ml\.location/,
      'Use the location of Azure Machine Learning workspace azurerm_machine_learning_workspace.ml for AKS cluster azurerm_kubernetes_cluster.aks',
    ],
  ] as const) {
    it(`fixes ${rule}/terraform/bad`, () => {
      const files = filesOf(caseFolder(`${rule}/terraform/bad`));
      const finding = analyse(files).findings.find((f) => f.ruleId === rule);
      const fix = finding?.fixes[0];
      assert.ok(finding && fix, 'the finding offers a fix');
      assert.equal(fix.title, title, 'the title names the Terraform attribute');
      const file = path.basename(finding.span.file);
      const edits = writeFix(fix, (f) => files[path.basename(f)]);
      assert.ok(edits && edits.length > 0);
      const text = applyEdits(files[file], edits);
      assert.match(text, expected);
      const after = analyse({ ...files, [file]: text });
      assert.deepEqual(after.problems, []);
      assert.deepEqual(
        after.findings.filter((f) => f.ruleId === rule),
        [],
      );
    });
  }
});
