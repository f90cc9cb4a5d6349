import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { IgnorePattern } from '../config';

const compiled = new Map<string, Minimatch | undefined>();

/** Beyond these a glob is not a path pattern but a way to stall the analysis (brace expansion is exponential). */
const MAX_GLOB_LENGTH = 512;
const MAX_ALTERNATIVES = 64;

/**
 * Why a glob is refused, or undefined: too long, or braces that expand to too many patterns
 * (`{a,b}` twenty times is a million). The reader reports it on the value; the matcher skips it.
 */
export function globTrouble(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `it is longer than ${MAX_GLOB_LENGTH} characters`;
  let rest = glob;
  let alternatives = 1;
  // Innermost groups first; an outer group then counts each inner one as one alternative of its own
  // (an over-estimate, which is the safe side).
  for (let group = /\{([^{}]*)\}/.exec(rest); group; group = /\{([^{}]*)\}/.exec(rest)) {
    const range = /^(-?\d+)\.\.(-?\d+)/.exec(group[1]);
    const letters = /^([a-zA-Z])\.\.([a-zA-Z])/.exec(group[1]);
    const count = range
      ? Math.abs(Number(range[2]) - Number(range[1])) + 1
      : letters
        ? Math.abs(letters[2].charCodeAt(0) - letters[1].charCodeAt(0)) + 1
        : group[1].split(',').length;
    alternatives *= count;
    if (alternatives > MAX_ALTERNATIVES) return `its braces expand to more than ${MAX_ALTERNATIVES} patterns`;
    rest = rest.slice(0, group.index) + 'x' + rest.slice(group.index + group[0].length);
  }
  return undefined;
}

/**
 * Whether `file` (absolute) is ignored. A pattern is a glob relative to its base folder, matched
 * against the path and against each folder above it, so `legacy` and `legacy/**` both ignore what is
 * in `legacy/`, and `*.json` only matches in the base folder itself (`**\/*.json` at any depth). A
 * pattern starting with `!` analyses a path again; the last pattern that matches decides.
 */
export function isIgnored(patterns: readonly IgnorePattern[], file: string): boolean {
  let ignored = false;
  for (const p of patterns) {
    const negated = p.glob.startsWith('!');
    if (negated === !ignored) continue; // this pattern cannot change the answer
    if (matches(p.base, negated ? p.glob.slice(1) : p.glob, file)) ignored = !negated;
  }
  return ignored;
}

function matches(base: string, glob: string, file: string): boolean {
  const rel = path.relative(base, path.resolve(file));
  if (rel === '' || rel.split(path.sep)[0] === '..' || path.isAbsolute(rel)) return false;
  const matcher = compile(glob);
  if (!matcher) return false;
  const parts = rel.split(path.sep);
  for (let i = 1; i <= parts.length; i++) if (matcher.match(parts.slice(0, i).join('/'))) return true;
  return false;
}

function compile(glob: string): Minimatch | undefined {
  if (!compiled.has(glob)) {
    // `./x`, `/x` and `x/` all mean the path x under the base.
    const normal = glob.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    compiled.set(
      glob,
      globTrouble(normal) === undefined
        ? new Minimatch(normal, { dot: true, nonegate: true, nocomment: true })
        : undefined,
    );
  }
  return compiled.get(glob);
}

/** An editor setting or `--ignore` value: an absolute path is its own base. */
export function ignorePattern(base: string, glob: string): IgnorePattern {
  const negated = glob.startsWith('!');
  const body = negated ? glob.slice(1) : glob;
  if (!path.isAbsolute(body)) return { base, glob };
  const root = path.parse(body).root;
  return { base: root, glob: `${negated ? '!' : ''}${path.relative(root, body).split(path.sep).join('/')}` };
}
