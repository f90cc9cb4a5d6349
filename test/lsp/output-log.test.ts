import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, REPO_ROOT, delay } from './lsp-client';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** What the Output channel shows: the server's window/logMessage notifications. */
describe('server log (the Output channel)', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;

  async function logged(re: RegExp, timeoutMs = 15000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = client.logs.find((l) => re.test(l));
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`no log line ${re}; logs:\n${client.logs.join('\n')}`);
      await delay(100);
    }
  }

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-log-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'insecure'), path.join(folder, 'arm'), { recursive: true });
    fs.mkdirSync(path.join(folder, 'broken'));
    fs.writeFileSync(path.join(folder, 'broken', 'main.tf'), 'resource "azurerm_subnet" "x" {\n  name = \n');
    client = new LspClient();
    client.settings = { severity: { 'aks-network-isolation': 'off' } };
    await client.initialize(folder);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('starts with the server version', async () => {
    await logged(new RegExp(`^aml-network-guard language server ${VERSION.replace(/\./g, '\\.')} \\(Node `));
  });

  it('says which settings are in effect for the folder', async () => {
    const line = await logged(/^settings in effect for /);
    assert.ok(line.includes(folder), line);
    assert.ok(line.includes('"aks-network-isolation":"off"'), line);
  });

  it('logs each analysis: folder, files, resources, findings and milliseconds', async () => {
    const line = await logged(new RegExp(`^analysed ${escape(path.join(folder, 'arm'))}: `));
    const m = /: (\d+) files?, (\d+) resources?, (\d+) findings?, (\d+) problems? in (\d+) ms$/.exec(line);
    assert.ok(m, line);
    assert.equal(m[1], '1', 'azuredeploy.json (its parameter file is read with it)');
    assert.ok(Number(m[2]) > 10, `${m[2]} resources`);
    assert.ok(Number(m[3]) > 0, `${m[3]} findings`);
  });

  it('logs an error with its file and line', async () => {
    const file = path.join(folder, 'broken', 'main.tf');
    await logged(new RegExp(`^${escape(file)}:3:1: parse-error: `));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
