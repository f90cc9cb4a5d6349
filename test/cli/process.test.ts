import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, FIXTURES, REPO, runCli } from './cli-process';
import { positionOf } from './fixture-text';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

describe('CLI process: usage, exit codes and robustness', function () {
  this.timeout(60000);
  let tmp: string;

  before(() => {
    ensureBuilt();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-cli-')));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--version prints the package version', () => {
    assert.deepEqual(runCli(['--version']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help documents usage, file semantics and exit codes, and exits 0', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith(`aml-network-guard ${VERSION}\n`));
    assert.match(r.stdout, /^ {2}aml-network-guard scan <paths\.\.\.> \[options\]$/m);
    assert.match(r.stdout, /only results located in that file are/);
    assert.match(
      r.stdout,
      /^ {2}2 {2}bad command line, a path that does not exist, or an internal error \(when a front end or a$/m,
    );
  });

  const usage: [string, string[], string][] = [
    ['no arguments', [], 'no command given; try `aml-network-guard --help`'],
    ['an unknown option', ['scan', '.', '--bogus'], "unknown option '--bogus' (see --help)"],
    [
      'a bad format',
      ['scan', '.', '--format', 'xml'],
      "--format must be one of text, json, sarif, markdown, codequality, not 'xml'",
    ],
    ['a missing path', ['scan', 'no/such/folder'], "path 'no/such/folder' does not exist"],
    ['a missing parameter file', ['scan', '.', '--parameters', 'nope.json'], "file 'nope.json' does not exist"],
    ['a folder given as a var file', ['scan', '.', '--var-file', '.'], "'.' is not a file"],
    ['a malformed --severity', ['scan', '.', '--severity', 'x'], "--severity expects RULE=LEVEL, not 'x'"],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 with one clear line for ${what}`, () => {
      assert.deepEqual(runCli(args, tmp), { code: 2, stdout: '', stderr: `aml-network-guard: ${message}\n` });
    });
  }

  it('exits 2 when --output cannot be written', () => {
    const r = runCli(['scan', '.', '--output', 'missing-dir/report.txt'], tmp);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `aml-network-guard: cannot write --output '${path.join(tmp, 'missing-dir/report.txt')}' (ENOENT)\n`,
    );
  });

  it('scans an empty folder: a clean summary and exit 0', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'empty-'));
    assert.deepEqual(runCli(['scan', '.'], dir), {
      code: 0,
      stdout: '0 findings (0 errors, 0 warnings, 0 infos); 0 notes in 0 files\n',
      stderr: '',
    });
  });

  it('a folder of files no front end reads says which and why instead of passing quietly', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'override-'));
    fs.writeFileSync(path.join(dir, 'override.tf'), 'resource "azurerm_storage_account" "st" {\n}\n');
    fs.writeFileSync(path.join(dir, 'aks_override.tf.json'), '{}');
    const why = 'not checked: Terraform override files are not merged into the configuration by this analysis';
    assert.deepEqual(runCli(['scan', '.'], dir), {
      code: 0,
      stdout: [
        `aks_override.tf.json:1:1: info not-read: ${why}`,
        `override.tf:1:1: info not-read: ${why}`,
        '',
        '0 findings (0 errors, 0 warnings, 0 infos); 2 notes (2 infos) in 0 files',
        '',
      ].join('\n'),
      stderr: '',
    });
    // Named, it is a template that could not be checked: the scan fails.
    const named = runCli(['scan', 'override.tf'], dir);
    assert.equal(named.code, 1);
    assert.equal(named.stdout.split('\n')[0], `override.tf:1:1: error not-read: ${why}`);
  });

  it('writes the report to --output and nothing to stdout', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
    const r = runCli(['scan', '.', '--format', 'json', '--output', 'report.json'], dir);
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.deepEqual(doc.summary, {
      errors: 0,
      warnings: 0,
      infos: 0,
      files: 0,
      suppressed: 0,
      findings: { errors: 0, warnings: 0, infos: 0 },
      notes: { errors: 0, warnings: 0, infos: 0 },
    });
    assert.equal(doc.root, dir);
  });

  it('walks a folder whose symlink leads back to an ancestor once, without repeating its deployment', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'loop-'));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.copyFileSync(path.join(FIXTURES, 'aks-secure/azuredeploy.json'), path.join(dir, 'a/azuredeploy.json'));
    fs.symlinkSync('..', path.join(dir, 'a/up'));
    const r = runCli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).files, ['a/azuredeploy.json']);
  });

  it('a template nested deeper than the JSON readers take is one problem where it starts, not a crash', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'deep-'));
    const depth = 200000;
    const template =
      '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", ' +
      '"resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "st1", "tags": {"x": ' +
      '['.repeat(depth) +
      ']'.repeat(depth) +
      '}}]}';
    fs.writeFileSync(path.join(dir, 'azuredeploy.json'), template);
    const r = runCli(['scan', '.'], dir);
    assert.deepEqual(r, {
      code: 1,
      stdout: [
        // The tags object is at depth 4; the 257th level is where reading stops.
        `azuredeploy.json:1:${template.indexOf('[[[') + 253}: error json-too-deep: the JSON is nested more than 256 levels deep here; the deeper part is not read`,
        '',
        '0 findings (0 errors, 0 warnings, 0 infos); 1 note (1 error) in 1 file',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it("a reader that closes the pipe early gets no stack trace, and the exit code stays the scan's", async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/aml-network-guard.js'), 'scan', 'examples'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.deepEqual({ code, stderr }, { code: 1, stderr: '' });
  });

  describe('colour', () => {
    const fixture = path.join(FIXTURES, 'aks-insecure');
    /** The first output line when stdout is a terminal (util-linux `script` provides one). */
    const inTerminal = (args: string, env: Record<string, string> = {}): string => {
      const bin = path.join(REPO, 'bin/aml-network-guard.js');
      const r = spawnSync(
        'script',
        ['-q', '-c', `"${process.execPath}" "${bin}" scan "${fixture}" ${args}`, '/dev/null'],
        {
          cwd: REPO,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: undefined, ...env },
        },
      );
      return r.stdout.split(/\r?\n/)[0];
    };
    const at = positionOf('aks-insecure/azuredeploy.json', '"enablePrivateClusterPublicFQDN"');
    const where = `:${at.line}:${at.column}: `;
    before(function () {
      if (spawnSync('script', ['--version']).status !== 0) this.skip();
    });

    it('paints the severity on a terminal', () => {
      assert.ok(inTerminal('').includes(`${where}\u001b[33mwarning\u001b[0m private-cluster-public-fqdn: `));
    });

    it('not with --no-color or NO_COLOR', () => {
      assert.ok(inTerminal('--no-color').includes(`${where}warning private-cluster-public-fqdn: `));
      assert.ok(inTerminal('', { NO_COLOR: '1' }).includes(`${where}warning private-cluster-public-fqdn: `));
    });
  });

  describe('workspace root', () => {
    let ws: string;
    before(() => {
      const base = fs.mkdtempSync(path.join(tmp, 'root-'));
      ws = path.join(base, 'ws');
      fs.mkdirSync(path.join(ws, 'main'), { recursive: true });
      fs.mkdirSync(path.join(base, 'outside'));
      const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
      fs.writeFileSync(path.join(base, 'outside/net.json'), JSON.stringify({ $schema: schema, resources: [] }));
      const link = {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: 'network',
        properties: { mode: 'Incremental', templateLink: { relativePath: '../../outside/net.json' } },
      };
      fs.writeFileSync(path.join(ws, 'main/azuredeploy.json'), JSON.stringify({ $schema: schema, resources: [link] }));
    });

    it('is the current folder when the paths are inside it; a link leaving the scanned folder is a problem, not read', () => {
      const r = runCli(['scan', 'main', '--format', 'json'], ws);
      assert.equal(r.code, 0);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.root, ws);
      assert.deepEqual(
        doc.problems.map((p: { code: string; message: string; file: string }) => [p.code, p.message, p.file]),
        [
          [
            'template-link-missing',
            `linked template not read: '${path.join(path.dirname(ws), 'outside/net.json')}' is outside the workspace folder ${path.join(ws, 'main')}`,
            'main/azuredeploy.json',
          ],
        ],
      );
    });

    it('is the folder holding every path when they are outside the current folder', () => {
      const base = path.dirname(ws);
      const elsewhere = fs.mkdtempSync(path.join(tmp, 'cwd-'));
      const r = runCli(['scan', path.join(ws, 'main'), path.join(base, 'outside'), '--format', 'json'], elsewhere);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.root, base);
      assert.deepEqual(doc.problems, []);
      assert.deepEqual(doc.files, ['outside/net.json', 'ws/main/azuredeploy.json']);
    });
  });

  describe('files that cannot be checked', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(tmp, 'huge-'));
      // One byte over the 8 MiB limit: the host refuses it without reading it.
      fs.writeFileSync(path.join(dir, 'huge.json'), Buffer.alloc(8 * 1024 * 1024 + 1, 0x20));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a template\n');
      fs.writeFileSync(path.join(tmp, 'outside.json'), '{}');
      fs.symlinkSync(path.join(tmp, 'outside.json'), path.join(dir, 'link.json'));
    });

    it('met while walking a folder, they are warnings and the scan passes', () => {
      const r = runCli(['scan', '.'], dir);
      assert.equal(r.code, 0);
      assert.equal(
        r.stdout,
        [
          `huge.json:1:1: warning file-unreadable: not checked: '${path.join(dir, 'huge.json')}' is larger than 8 MiB`,
          `link.json:1:1: warning file-unreadable: not checked: '${path.join(dir, 'link.json')}' links outside the workspace folder ${dir}`,
          '',
          '0 findings (0 errors, 0 warnings, 0 infos); 2 notes (2 warnings) in 0 files',
          '',
        ].join('\n'),
      );
    });

    it('named on the command line, an unreadable file is an error and fails the scan', () => {
      const r = runCli(['scan', 'huge.json', '--format', 'json'], dir);
      assert.equal(r.code, 1);
      const doc = JSON.parse(r.stdout);
      assert.deepEqual(
        doc.problems.map((p: { code: string; severity: string; file: string }) => [p.code, p.severity, p.file]),
        [['file-unreadable', 'error', 'huge.json']],
      );
    });

    it('a named file no front end reads is a warning, not a failure', () => {
      const r = runCli(['scan', 'notes.txt'], dir);
      assert.equal(r.code, 0);
      assert.equal(
        r.stdout.split('\n')[0],
        'notes.txt:1:1: warning not-a-template: not checked: no front end reads this file as a template',
      );
    });
  });
});
