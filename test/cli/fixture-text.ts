import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './cli-process';

/** 1-based line and column of the first occurrence of `needle` in a fixture: expectations follow the file. */
export function positionOf(fixture: string, needle: string): { line: number; column: number } {
  const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' is not in ${fixture}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The fixture path as the CLI prints it when run from the repository root. */
export function shown(fixture: string): string {
  return `test/fixtures/cli/${fixture}`;
}
