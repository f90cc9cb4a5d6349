import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './environment';

/** A fresh temp directory for one suite (code-server data, workspace copy, logs). */
export function tempHome(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `amlng-${prefix}-`));
}

/** Copies test/fixtures/e2e/<name> into `home`, so the tests may edit it, and returns the copy. */
export function copyFixture(name: string, home: string): string {
  const target = join(home, name);
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'e2e', name), target, { recursive: true });
  return target;
}

/** The 1-based line and column of the first occurrence of `needle` in a file. */
export function positionOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not found in ${file}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 };
}
