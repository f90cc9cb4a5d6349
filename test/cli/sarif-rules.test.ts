import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import { ensureBuilt, REPO, runCli } from './cli-process';
import { sarifValidator } from './sarif-schema';

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown?: string };
  defaultConfiguration: { level: string };
}

describe('CLI process: SARIF rule catalogue', function () {
  this.timeout(60000);
  let empty: string;
  before(() => {
    ensureBuilt();
    empty = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-sarif-'));
  });
  after(() => fs.rmSync(empty, { recursive: true, force: true }));

  it('describes every registered rule, with its docs page, in a schema-valid document', () => {
    const r = runCli(['scan', '.', '--format', 'sarif'], empty);
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(sarifValidator()(doc).errors, []);
    const rules: SarifRule[] = doc.runs[0].tool.driver.rules;
    assert.deepEqual(
      rules.map((x) => x.id),
      ALL_RULES.map((x) => x.meta.id),
    );
    const levels = { error: 'error', warning: 'warning', info: 'note' };
    for (const [i, rule] of rules.entries()) {
      const meta = ALL_RULES[i].meta;
      const page = path.join(REPO, 'docs/rules', `${meta.id}.md`);
      assert.equal(rule.shortDescription.text, meta.title);
      // The manifest's repository is a placeholder (example.invalid): no link beats a dead one.
      assert.equal(rule.helpUri, undefined);
      assert.equal(rule.defaultConfiguration.level, levels[meta.defaultSeverity]);
      assert.equal(rule.help.markdown, fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : undefined);
    }
  });
});
