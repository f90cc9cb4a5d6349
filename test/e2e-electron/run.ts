// Runs suite/ inside a real desktop VS Code (Electron) with the extension loaded from this
// repository. Needs the internet: @vscode/test-electron downloads VS Code into .vscode-test/ the
// first time. Not part of `npm test` (the CI machine is offline); run it with `npm run test:electron`
// after `npm run build`. VSCODE_VERSION picks the release (default: the one code-server 4.100.3 is).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

const REPO_ROOT = join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'amlng-electron-'));
  const workspace = join(home, 'workspace');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'e2e', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(__dirname, 'suite', 'index'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(home, 'user-data')}`,
        `--extensions-dir=${join(home, 'extensions')}`,
      ],
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`electron tests failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
