import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readYaml, TempRepo } from './ci-steps';
import { ensureBuilt, REPO } from './cli-process';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  exclude?: string;
  pass_filenames?: boolean;
  [key: string]: unknown;
}

/** The keys of a hook in a manifest (pre-commit's clientlib.py, MANIFEST_HOOK_DICT, 3.x). */
const HOOK_KEYS = new Set([
  'id',
  'name',
  'entry',
  'language',
  'alias',
  'files',
  'exclude',
  'types',
  'types_or',
  'exclude_types',
  'additional_dependencies',
  'args',
  'always_run',
  'fail_fast',
  'pass_filenames',
  'description',
  'language_version',
  'log_file',
  'minimum_pre_commit_version',
  'require_serial',
  'stages',
  'verbose',
]);

/**
 * `.pre-commit-hooks.yaml`, run the way pre-commit runs it: pre-commit itself would install the
 * hook with `npm install` from the registry (language: node), which a test cannot do offline, so
 * this test does its steps by hand. It checks what `npm pack` puts in the package (what pre-commit
 * installs), puts the package's bin on PATH as a global install does, selects the staged files as
 * pre-commit does (`git diff --staged --name-only`, then the `files` and `exclude` patterns), and
 * runs `entry` with them as arguments in the repository root.
 */
describe('pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(120000);
  const hooks = readYaml(path.join(REPO, '.pre-commit-hooks.yaml')) as Hook[];
  const hook = hooks[0];
  let repo: TempRepo;
  let bin: string;

  before(() => {
    ensureBuilt();
    // What `npm install -g <package>` does with package.json `bin`: a link on PATH.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-bin-'));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    for (const [name, target] of Object.entries(pkg.bin)) fs.symlinkSync(path.join(REPO, target), path.join(bin, name));
  });
  after(() => fs.rmSync(bin, { recursive: true, force: true }));
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.remove());

  /** Stages the files, then runs the hook on what pre-commit would pass it. */
  const commit = (...staged: string[]) => {
    repo.git('add', '--', ...staged);
    const files = repo
      .git('diff', '--staged', '--name-only', '--no-ext-diff', '--diff-filter=ACMRTUXB')
      .split('\n')
      .filter((f) => f && new RegExp(hook.files ?? '').test(f) && !(hook.exclude && new RegExp(hook.exclude).test(f)));
    const [command, ...args] = hook.entry.split(' ');
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    const r = spawnSync(command, [...args, ...files], { cwd: repo.root, env, encoding: 'utf8', timeout: 60000 });
    return { files, code: r.status, output: r.stdout + r.stderr };
  };

  it('is one hook with the keys pre-commit knows, a node package whose bin is the entry', () => {
    assert.equal(hooks.length, 1);
    for (const key of ['id', 'name', 'entry', 'language']) assert.equal(typeof hook[key], 'string', key);
    assert.deepEqual(
      Object.keys(hook).filter((k) => !HOOK_KEYS.has(k)),
      [],
    );
    assert.equal(hook.language, 'node');
    assert.notEqual(hook.pass_filenames, false, 'the staged files are its arguments');
    assert.doesNotMatch(hook.entry, /["'\\]/, 'the entry is split on spaces here, as shlex would split it');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok(pkg.bin[hook.entry.split(' ')[0]]);
  });

  it('the package pre-commit installs (npm pack) holds the built CLI, not only its sources', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = new Set((JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
    for (const f of [
      'bin/aml-network-guard.js',
      'dist/cli.js',
      'dist/web-tree-sitter.cjs',
      'dist/tree-sitter-terraform.wasm',
    ])
      assert.ok(files.has(f), f);
    assert.equal(
      [...files].some((f) => f.startsWith('server/') || f.startsWith('test/')),
      false,
    );
  });

  it('npm pack, with its prepare build, prints only the tarball name: pre-commit reads stdout as the file to install', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    const r = spawnSync('npm', ['pack', '--dry-run'], { cwd: REPO, encoding: 'utf8', timeout: 90000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${pkg.name}-${pkg.version}.tgz`);
  });

  it('fails the commit of a template with an error-level finding, naming the rule', () => {
    repo.edit('infra/ws/azuredeploy.json', '{', '{\n');
    const r = commit('infra/ws/azuredeploy.json');
    assert.deepEqual(r.files, ['infra/ws/azuredeploy.json']);
    assert.equal(r.code, 1, r.output);
    assert.match(r.output, /^infra\/ws\/azuredeploy\.json:\d+:\d+: error private-cluster-public-fqdn: /m);
    assert.equal(r.output.includes('\u001b['), false, 'no colours in the hook output');
  });

  it('passes a commit of a clean template and of files that are no templates; other deployments are not its business', () => {
    repo.edit('infra/secure/azuredeploy.json', '{', '{\n');
    fs.mkdirSync(repo.file('.vscode'));
    fs.writeFileSync(repo.file('.vscode/settings.json'), '{ "editor.tabSize": 2 }\n');
    fs.writeFileSync(repo.file('NOTES.md'), 'notes\n');
    const r = commit('infra/secure/azuredeploy.json', '.vscode/settings.json', 'NOTES.md');
    assert.deepEqual(r.files.sort(), ['.vscode/settings.json', 'infra/secure/azuredeploy.json']);
    assert.equal(r.code, 0, r.output);
    assert.doesNotMatch(r.output, /infra\/ws/);
  });
});
