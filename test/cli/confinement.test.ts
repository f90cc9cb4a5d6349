import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, runCli } from './cli-process';
import { GOOD, SECRET, escapingWorkspace } from './escaping-workspace';

interface Report {
  findings: { ruleId: string; file: string; line: number; message: string }[];
  problems: { code: string; file: string; message: string }[];
}

/** Scans `folder` from `cwd` as JSON. */
function scan(folder: string, cwd: string): Report {
  const r = runCli(['scan', folder, '-f', 'json'], cwd);
  assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}: ${r.stderr}`);
  assert.equal(r.stdout.includes(SECRET) || r.stdout.includes('root:x:0'), false, 'nothing from outside is quoted');
  return JSON.parse(r.stdout) as Report;
}

/**
 * Reads outside the scanned folder (issue 13): whatever the current folder (here `/`), a link,
 * module or file read leaving the folder is one clear problem naming the path, never read and never
 * quoted, and the good deployments beside keep every finding.
 */
describe('CLI: templates that read outside the scanned folder', function () {
  this.timeout(120000);
  let tmp: string;
  let ws: string;
  let all: Report;

  before(() => {
    ensureBuilt();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-escape-')));
    ws = escapingWorkspace(tmp);
    all = scan(ws, '/');
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('each escape is one clear problem at the template that tries it', () => {
    const shown = (text: string) => text.split(ws).join('<ws>').split(tmp).join('<tmp>');
    const rows = all.problems
      .filter((p) => !GOOD.some((g) => p.file.includes(`${g}${path.sep}`)))
      .map((p) => [p.code, shown(p.message), path.relative(ws, path.resolve('/', p.file))]);
    const outsideWs = 'is outside the workspace folder <ws>';
    const linksOut = 'links outside the workspace folder <ws>';
    assert.deepEqual(rows, [
      ['template-link-missing', `linked template not read: '/etc/passwd' ${outsideWs}`, 'escape-arm/azuredeploy.json'],
      [
        'template-link-missing',
        `linked template not read: '<tmp>/outside/secret.json' ${outsideWs}`,
        'escape-arm/azuredeploy.json',
      ],
      [
        'template-link-missing',
        `linked template not read: '/proc/self/environ' ${outsideWs}`,
        'escape-arm/azuredeploy.json',
      ],
      [
        'template-link-missing',
        `linked template not read: '<ws>/escape-arm/linked.json' ${linksOut}`,
        'escape-arm/azuredeploy.json',
      ],
      ['file-unreadable', `not checked: '<ws>/escape-arm/linked.json' ${linksOut}`, 'escape-arm/linked.json'],
      ['module-missing', `module not read: '<tmp>/outside/mod.bicep' ${outsideWs}`, 'escape-bicep/main.bicep'],
      [
        'module-missing',
        `module 'up': no Terraform files could be read in '../../outside' ('<tmp>/outside' ${outsideWs})`,
        'escape-tf/main.tf',
      ],
      ['file-unreadable', `not checked: '<ws>/linked-folder' ${linksOut}`, 'linked-folder'],
    ]);
  });

  it('the good deployments beside keep every finding, and nothing is internal', () => {
    const alone: Report['findings'] = [];
    for (const good of GOOD) {
      const report = scan(path.join(ws, good), '/');
      for (const f of report.findings) alone.push(f);
    }
    const beside = all.findings.filter((f) => GOOD.some((g) => f.file.includes(`${g}${path.sep}`)));
    const key = (f: Report['findings'][number]) => `${f.ruleId} ${path.basename(f.file)}:${f.line} ${f.message}`;
    assert.ok(alone.length >= 6, JSON.stringify(alone));
    assert.deepEqual(beside.map(key).sort(), alone.map(key).sort());
    assert.deepEqual(
      all.problems.filter((p) => p.code === 'internal-error'),
      [],
    );
  });
});
