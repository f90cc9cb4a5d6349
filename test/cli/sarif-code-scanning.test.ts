import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeScanningViolations } from './code-scanning-rules';
import { ensureBuilt, FIXTURES, runCli } from './cli-process';
import { sarifValidator } from './sarif-schema';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Replacement {
  deletedRegion: Region;
  insertedContent: { text: string };
}
interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: Region } }[];
  partialFingerprints: Record<string, string>;
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[];
  }[];
}

/** Applies SARIF replacements (1-based lines, UTF-16 columns) to a text, last first so earlier regions stay put. */
function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1] + column - 1;
  const edits = replacements.map((r) => ({
    from: offset(r.deletedRegion.startLine, r.deletedRegion.startColumn),
    to: offset(r.deletedRegion.endLine, r.deletedRegion.endColumn),
    text: r.insertedContent.text,
  }));
  edits.sort((a, b) => b.from - a.from);
  return edits.reduce((t, e) => t.slice(0, e.from) + e.text + t.slice(e.to), text);
}

describe('CLI process: SARIF for code scanning', function () {
  this.timeout(60000);
  const validate = sarifValidator();
  let work: string;
  before(() => {
    ensureBuilt();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-code-scanning-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const copy = (fixture: string): string => {
    const dir = path.join(work, fixture);
    fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
    return dir;
  };
  const sarif = (args: string[], cwd: string) => {
    const r = runCli(['scan', ...args, '--format', 'sarif'], cwd);
    assert.equal(r.stderr, '');
    return { code: r.code, doc: JSON.parse(r.stdout), run: JSON.parse(r.stdout).runs[0] };
  };

  it('passes the OASIS schema and every GitHub code-scanning requirement, findings, fixes and failures included', () => {
    for (const args of [
      ['workspace-insecure'],
      ['broken', 'aks-insecure'],
      ['.', '--explain-unknowns', '--category', 'arm'],
    ]) {
      const { doc } = sarif(args, FIXTURES);
      assert.deepEqual(validate(doc).errors, [], args.join(' '));
      assert.deepEqual(codeScanningViolations(doc).sort(), [], args.join(' '));
    }
  });

  it('the code-scanning checks catch what GitHub would reject or show badly', () => {
    const { doc } = sarif(['workspace-insecure'], FIXTURES);
    const run = doc.runs[0];
    delete run.results[0].partialFingerprints;
    run.results[1].locations = [];
    run.tool.driver.rules[0].fullDescription.text = '';
    run.tool.driver.rules[1].properties['security-severity'] = '0.0';
    run.tool.driver.rules[2].properties.precision = 'certain';
    run.automationDetails = { id: 'no-slash' };
    assert.deepEqual(
      codeScanningViolations(doc).sort(),
      [
        '/runs/0/automationDetails/id: no category without a "/"',
        '/runs/0/tool/driver/rules/0/fullDescription/text: required',
        '/runs/0/tool/driver/rules/1/properties/security-severity: a string in (0.0, 10.0]',
        '/runs/0/tool/driver/rules/2/properties/precision: very-high, high, medium or low',
        '/runs/0/results/0/partialFingerprints/primaryLocationLineHash: required',
        '/runs/0/results/1/locations: one to ten locations',
      ].sort(),
    );
  });

  it('a file that could not be parsed: executionSuccessful false and a notification naming it, exit 1', () => {
    const { code, run } = sarif(['broken'], FIXTURES);
    assert.equal(code, 1);
    assert.equal(run.results.length, 0);
    assert.equal(run.invocations[0].executionSuccessful, false);
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.ok(notes.length > 0);
    for (const n of notes) {
      assert.equal(n.level, 'error');
      assert.match(n.message.text, /^broken\/azuredeploy\.json: /);
      assert.equal(n.locations[0].physicalLocation.artifactLocation.uri, 'broken/azuredeploy.json');
    }
    assert.equal(sarif(['aks-secure'], FIXTURES).run.invocations[0].executionSuccessful, true);
  });

  it('links nothing made up: no helpUri or informationUri for the placeholder repository, only relative or file: URIs', () => {
    const { run } = sarif(['workspace-insecure'], FIXTURES);
    assert.equal(run.tool.driver.informationUri, undefined);
    const uris = JSON.stringify(run).match(/"(?:uri|helpUri|informationUri)":\s*"[^"]*"/g) ?? [];
    for (const u of uris) assert.doesNotMatch(u, /https?:|\.invalid/, u);
  });

  it('fixes[] are the editor quick fixes: applying the preferred one removes its finding', () => {
    const dir = copy('workspace-insecure');
    const { run } = sarif(['.'], dir);
    const fqdn = (run.results as SarifResult[]).find((r) => r.ruleId === 'private-cluster-public-fqdn');
    assert.ok(fqdn?.fixes, 'the FQDN finding has a fix');
    const [fix] = fqdn.fixes;
    assert.equal(fix.description.text, 'Set enablePrivateClusterPublicFQDN to false');
    const file = path.join(dir, 'azuredeploy.json');
    for (const change of fix.artifactChanges) {
      assert.equal(change.artifactLocation.uri, 'azuredeploy.json');
      fs.writeFileSync(file, applyReplacements(fs.readFileSync(file, 'utf8'), change.replacements));
    }
    const after = sarif(['.'], dir).run.results as SarifResult[];
    assert.deepEqual(
      after.map((r) => r.ruleId),
      (run.results as SarifResult[]).map((r) => r.ruleId).filter((id) => id !== 'private-cluster-public-fqdn'),
    );
    // Every result with a fix in this deployment offers one SARIF can carry.
    assert.ok((run.results as SarifResult[]).filter((r) => r.fixes).length >= 2);
  });

  it('keeps every fingerprint when lines are inserted above the findings', () => {
    const dir = copy('aks-insecure');
    const file = path.join(dir, 'azuredeploy.json');
    const before = sarif(['.'], dir).run.results as SarifResult[];
    fs.writeFileSync(file, '\n\n\n' + fs.readFileSync(file, 'utf8'));
    const after = sarif(['.'], dir).run.results as SarifResult[];
    assert.equal(after.length, before.length);
    assert.ok(before.length > 0);
    for (const [i, r] of after.entries()) {
      assert.equal(
        r.locations[0].physicalLocation.region.startLine,
        before[i].locations[0].physicalLocation.region.startLine + 3,
      );
      assert.deepEqual(r.partialFingerprints, before[i].partialFingerprints);
    }
  });
});
