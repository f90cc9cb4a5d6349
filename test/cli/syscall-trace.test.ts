import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onPath, requireTools } from '../e2e/harness/environment';
import { LspClient, SERVER, pathUri } from '../lsp/lsp-client';
import { REPO, ensureBuilt } from './cli-process';
import { GOOD, SECRET, escapingWorkspace } from './escaping-workspace';

/**
 * A scan and a language-server session under `strace -f -e trace=network,process,openat`, on a
 * workspace whose templates try to read outside it: the trace shows no network call, no new process
 * and no file opened outside the scanned folder except the runtime's and the tool's own. Needs
 * strace (scripts/install-e2e.sh installs it): skipped with a message without it, failed under CI.
 */

interface Call {
  name: string;
  line: string;
}

function calls(trace: string): Call[] {
  return fs
    .readFileSync(trace, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = /^\d+\s+([a-z_0-9]+)\(/.exec(line);
      return m ? [{ name: m[1], line }] : [];
    });
}

const NETWORK = new Set(['socket', 'socketpair', 'connect', 'bind', 'listen', 'accept', 'accept4']);

/**
 * The shared libraries this node binary maps (the traced process runs the same binary), by real
 * path: exactly the files the dynamic loader opens for it.
 */
function mappedLibraries(): Set<string> {
  const files = fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[5])
    .filter((f): f is string => f !== undefined && /\.so(\.|$)/.test(f));
  return new Set(files.map((f) => fs.realpathSync(f)));
}

/** The cgroup files libuv reads to learn the process's memory limit (v1 and v2 names). */
const CGROUP_MEMORY = new Set(['memory.limit_in_bytes', 'memory.soft_limit_in_bytes', 'memory.max', 'memory.high']);

/**
 * Every file outside the scanned folder that a run may open, by name: node's loader and libraries,
 * OpenSSL's configuration and the extra CA file node is told to load, what V8 and libuv read of
 * /proc and the cgroup, and the tool's own entry point and bundle files. Nothing else: not a
 * folder, not a prefix.
 */
function allowedOutside(): (file: string) => boolean {
  const files = new Set([
    process.execPath,
    fs.realpathSync(process.execPath),
    '/etc/ld.so.cache',
    process.env.OPENSSL_CONF ?? '/etc/ssl/openssl.cnf',
    ...(process.env.NODE_EXTRA_CA_CERTS ? [process.env.NODE_EXTRA_CA_CERTS] : []),
    '/proc/self/maps',
    '/proc/self/cgroup',
    '/proc/meminfo',
    // V8 reads how the kernel commits memory; node opens /dev/null for a standard stream it was not given.
    '/proc/sys/vm/overcommit_memory',
    '/dev/null',
    ...['package.json', 'bin/aml-network-guard.js', 'bin/package.json'].map((f) => path.join(REPO, f)),
    ...[
      'package.json',
      'cli.js',
      'server.js',
      'analysis-worker.js',
      'viz.cjs',
      'web-tree-sitter.cjs',
      'web-tree-sitter.wasm',
      'tree-sitter-terraform.wasm',
    ].map((f) => path.join(REPO, 'dist', f)),
  ]);
  const libraries = mappedLibraries();
  const realPath = (file: string): string | undefined => {
    try {
      return fs.realpathSync(file);
    } catch {
      return undefined;
    }
  };
  return (file) =>
    files.has(file) ||
    (file.startsWith('/sys/fs/cgroup/') && CGROUP_MEMORY.has(path.basename(file))) ||
    libraries.has(realPath(file) ?? file);
}

/** What the trace shows that the tool must never do: network calls, new processes, files opened outside `folder`. */
function violations(trace: string, folder: string): string[] {
  const out: string[] = [];
  const runtimeFile = allowedOutside();
  let execs = 0;
  for (const c of calls(trace)) {
    if (NETWORK.has(c.name)) out.push(`network: ${c.line}`);
    if (c.name === 'execve' && ++execs > 1) out.push(`process: ${c.line}`);
    if (c.name === 'fork' || c.name === 'vfork') out.push(`process: ${c.line}`);
    if ((c.name === 'clone' || c.name === 'clone3') && !c.line.includes('CLONE_THREAD')) out.push(`process: ${c.line}`);
    if (c.name === 'openat') {
      const file = /openat\([^,]+, "((?:[^"\\]|\\.)*)"/.exec(c.line)?.[1];
      if (file === undefined) out.push(`openat without a path: ${c.line}`);
      else {
        const abs = path.resolve(folder, file);
        if (!(abs === folder || abs.startsWith(folder + path.sep)) && !runtimeFile(abs)) out.push(`open: ${c.line}`);
      }
    }
  }
  return out;
}

describe('system calls of a scan and of a language-server session (strace)', function () {
  this.timeout(180000);
  let tmp: string;
  let ws: string;
  let strace: string;

  before(function () {
    const found = onPath('strace');
    requireTools(this, { strace: found });
    strace = found ?? 'strace';
    ensureBuilt();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-trace-')));
    ws = escapingWorkspace(tmp);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the trace check sees a network call, a new process and an open outside the folder', () => {
    const trace = path.join(tmp, 'fake.trace');
    const lines = [
      `1 execve("${process.execPath}", ["node"], 0x0 /* 1 vars */) = 0`,
      `1 openat(AT_FDCWD, "${path.join(ws, 'good-arm', 'azuredeploy.json')}", O_RDONLY|O_CLOEXEC) = 21`,
      '1 openat(AT_FDCWD, "/proc/self/maps", O_RDONLY|O_CLOEXEC) = 22',
      '1 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM}, 88) = 2',
      '1 openat(AT_FDCWD, "/proc/self/environ", O_RDONLY|O_CLOEXEC) = 23',
      '1 openat(AT_FDCWD, "../outside/secret.json", O_RDONLY|O_CLOEXEC) = 24',
      // Beside allowed files, but not one of them: no prefix is allowed.
      '1 openat(AT_FDCWD, "/etc/ssl/private/server.key", O_RDONLY|O_CLOEXEC) = 26',
      `1 openat(AT_FDCWD, "${path.join(REPO, 'dist', 'other.js')}", O_RDONLY|O_CLOEXEC) = 27`,
      '1 openat(AT_FDCWD, "/usr/lib/x86_64-linux-gnu/libnotmapped.so.1", O_RDONLY|O_CLOEXEC) = 28',
      '1 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 25',
      '1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD) = 3',
      '3 execve("/bin/sh", ["sh"], 0x0 /* 1 vars */) = 0',
    ];
    fs.writeFileSync(trace, lines.join('\n') + '\n');
    assert.deepEqual(
      violations(trace, ws).map((v) => v.split(':')[0]),
      ['open', 'open', 'open', 'open', 'open', 'network', 'process', 'process'],
    );
  });

  it('a scan run from / opens nothing outside the scanned folder, starts no process, uses no network', () => {
    const trace = path.join(tmp, 'scan.trace');
    const args = ['-f', '-qq', '-e', 'trace=network,process,openat', '-o', trace, process.execPath];
    const r = spawnSync(strace, [...args, path.join(REPO, 'bin/aml-network-guard.js'), 'scan', ws, '-f', 'json'], {
      cwd: '/',
      encoding: 'utf8',
      timeout: 120000,
    });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as {
      findings: { file: string }[];
      problems: { code: string; message: string }[];
    };
    for (const good of GOOD)
      assert.ok(
        report.findings.some((f) => f.file.includes(`${good}${path.sep}`)),
        `${good} keeps its findings`,
      );
    assert.equal(r.stdout.includes(SECRET) || r.stdout.includes('root:x:0'), false, 'nothing outside is quoted');
    assert.deepEqual(
      report.problems.filter((p) => p.code === 'internal-error'),
      [],
    );
    assert.deepEqual(violations(trace, ws), []);
  });

  it('drawing the topology as SVG (Graphviz in WebAssembly) does the same: no browser, no network', () => {
    const trace = path.join(tmp, 'svg.trace');
    const args = ['-f', '-qq', '-e', 'trace=network,process,openat', '-o', trace, process.execPath];
    const cli = [path.join(REPO, 'bin/aml-network-guard.js'), 'graph', ws, '--format', 'svg'];
    const r = spawnSync(strace, [...args, ...cli], { cwd: '/', encoding: 'utf8', timeout: 120000 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(r.stdout, /<g id="node1" class="node">/);
    assert.deepEqual(violations(trace, ws), []);
  });

  it('a language-server session over the folder does the same, while editing an escaping template', async () => {
    const trace = path.join(tmp, 'server.trace');
    const client = new LspClient({
      command: strace,
      args: ['-f', '-qq', '-e', 'trace=network,process,openat', '-o', trace, process.execPath, SERVER, '--stdio'],
      cwd: '/',
    });
    try {
      await client.initialize(ws);
      const good = pathUri(path.join(ws, 'good-arm', 'azuredeploy.json'));
      await client.diagnostics(good, (ds) => ds.length > 0, 60000);
      const escaping = path.join(ws, 'escape-arm', 'azuredeploy.json');
      const uri = pathUri(escaping);
      const edited = fs.readFileSync(escaping, 'utf8').replace('/etc/passwd', '/etc/shadow');
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'json', version: 1, text: edited },
      });
      const ds = await client.diagnostics(uri, (d) => d.some((x) => String(x.message).includes('/etc/shadow')), 60000);
      assert.equal(JSON.stringify(ds).includes(SECRET), false);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    } finally {
      await client.stop();
    }
    assert.deepEqual(violations(trace, ws), []);
  });
});
