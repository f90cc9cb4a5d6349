import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** The repository root (tests run from out/test/e2e/harness). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Where scripts/install-e2e.sh puts debugging output and code-server. */
export const E2E_DIR = join(REPO_ROOT, '.e2e');

export const CODE_SERVER_BIN = join(E2E_DIR, 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM_BIN = '/usr/bin/chromium';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` on PATH. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Checks that the tools a suite needs are installed. Under CI a missing tool is a failure (CI must
 * run the end-to-end tests); on a developer machine the suite is skipped with the reason printed.
 */
export function requireTools(ctx: Mocha.Context, tools: Record<string, string | undefined>): void {
  const missing = Object.entries(tools)
    .filter(([, path]) => path === undefined || !executable(path))
    .map(([name, path]) => `${name} (${path ?? 'not on PATH'})`);
  if (missing.length === 0) return;
  const message = `end-to-end tools missing: ${missing.join(', ')}; run scripts/install-e2e.sh`;
  if (process.env.CI) throw new Error(message);
  console.log(`    skipped: ${message}`);
  ctx.skip();
}
