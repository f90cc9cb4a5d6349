import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, ensureBuilt, runCli } from './cli-process';
import { HOSTILE } from './hostile-inputs';

interface Report {
  findings: { ruleId: string; file: string; line: number; message: string }[];
  problems: { code: string; file: string; message: string }[];
}

/** Good deployments: what they report alone, they must report beside every hostile one. */
const GOOD: Record<string, string> = {
  'good-arm': path.join(REPO, 'examples/insecure'),
  'good-bicep': path.join(REPO, 'examples/bicep-insecure'),
  'good-tf': path.join(REPO, 'test/fixtures/e2e/workspace/insecure-tf'),
};

function scan(dir: string): Report {
  const r = runCli(['scan', '.', '-f', 'json'], dir);
  assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as Report;
}

describe('CLI: hostile deployments (issue 13)', function () {
  this.timeout(180000);
  let tmp: string;
  let all: Report;
  let alone: Report;

  before(() => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-hostile-'));
    for (const [name, source] of Object.entries(GOOD))
      fs.cpSync(source, path.join(tmp, 'good', name), { recursive: true });
    alone = scan(path.join(tmp, 'good'));
    for (const [name, c] of Object.entries(HOSTILE))
      for (const [file, text] of Object.entries(c.files)) {
        const full = path.join(tmp, 'good', name, file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, text);
      }
    all = scan(path.join(tmp, 'good'));
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the good deployments report findings on their own', () => {
    assert.ok(alone.findings.length >= 8, JSON.stringify(alone.findings));
    assert.deepEqual(alone.problems, []);
  });

  for (const [name, c] of Object.entries(HOSTILE)) {
    it(`${name}: exactly its clear problems, nothing internal`, () => {
      const mine = all.problems
        .filter((p) => p.file.startsWith(`${name}${path.sep}`))
        .map((p) => [p.code, p.message, path.relative(name, p.file)]);
      assert.deepEqual(mine, c.problems);
    });
  }

  it('the good deployments beside the hostile ones keep every finding', () => {
    const good = all.findings.filter((f) => Object.keys(GOOD).some((g) => f.file.startsWith(`${g}${path.sep}`)));
    assert.deepEqual(good, alone.findings);
    assert.deepEqual(
      all.problems.filter((p) => p.code === 'internal-error'),
      [],
    );
  });
});
