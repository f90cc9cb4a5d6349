import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { CODE_SERVER_BIN } from './environment';
import { freePort, killGroup, runOrThrow, waitFor } from './processes';

/** Settings that keep a headless VS Code quiet, offline and deterministic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  // ARM templates name a $schema URL; fetching it fails offline and would add its own problems.
  'json.schemaDownload.enable': false,
  'files.autoSave': 'off',
};

/** One code-server on 127.0.0.1 with its own extensions and user data directories. */
export class CodeServer {
  private child: ChildProcess | undefined;
  private log = '';
  readonly extensionsDir: string;
  readonly userDataDir: string;
  port = 0;

  constructor(private readonly home: string) {
    this.extensionsDir = join(home, 'extensions');
    this.userDataDir = join(home, 'user-data');
    // code-server creates neither itself, it only its subfolders.
    mkdirSync(this.extensionsDir, { recursive: true });
    mkdirSync(join(this.userDataDir, 'User'), { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What code-server printed so far (for failure messages). */
  get output(): string {
    return this.log;
  }

  async installExtension(vsix: string): Promise<void> {
    await runOrThrow(CODE_SERVER_BIN, [...this.dirArgs(), '--install-extension', vsix, '--force'], {
      timeoutMs: 60_000,
    });
  }

  async start(): Promise<void> {
    writeFileSync(join(this.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    this.port = await freePort();
    const args = [
      ...this.dirArgs(),
      '--bind-addr',
      `127.0.0.1:${this.port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ];
    // Its own process group, so that stop() also ends the extension hosts and language servers.
    const child = spawn(CODE_SERVER_BIN, args, {
      cwd: this.home,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: this.home, XDG_DATA_HOME: join(this.home, 'xdg') },
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    await waitFor(`code-server on ${this.url}\n${this.log}`, 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}\n${this.log}`);
      return (await httpStatus(this.url)) ? true : undefined;
    });
  }

  /** Copies the logs (extension host, language client output) to `dir`/code-server-logs; returns it. */
  keepLogs(dir: string): string {
    const target = join(dir, 'code-server-logs');
    rmSync(target, { recursive: true, force: true });
    cpSync(join(this.userDataDir, 'logs'), target, { recursive: true });
    return target;
  }

  /**
   * What an extension's log Output channel (`createOutputChannel(name, { log: true })`) holds so far:
   * VS Code writes it to `<name>.log` under the logs of the extension host.
   */
  outputChannel(name: string): string {
    const logs = join(this.userDataDir, 'logs');
    const files = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => basename(f) === `${name}.log`);
    return files.map((f) => readFileSync(join(logs, f), 'utf8')).join('');
  }

  async stop(): Promise<void> {
    if (this.child) await killGroup(this.child);
    this.child = undefined;
  }

  private dirArgs(): string[] {
    return ['--extensions-dir', this.extensionsDir, '--user-data-dir', this.userDataDir];
  }
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('error', () => resolve(undefined));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}
