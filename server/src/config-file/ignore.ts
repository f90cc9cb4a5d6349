import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { IgnorePattern } from '../config';

const compiled = new Map<string, Minimatch>();

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
  const parts = rel.split(path.sep);
  for (let i = 1; i <= parts.length; i++) if (matcher.match(parts.slice(0, i).join('/'))) return true;
  return false;
}

function compile(glob: string): Minimatch {
  let m = compiled.get(glob);
  if (!m) {
    // `./x`, `/x` and `x/` all mean the path x under the base.
    const normal = glob.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    m = new Minimatch(normal, { dot: true, nonegate: true, nocomment: true });
    compiled.set(glob, m);
  }
  return m;
}

/** An editor setting or `--ignore` value: an absolute path is its own base. */
export function ignorePattern(base: string, glob: string): IgnorePattern {
  const negated = glob.startsWith('!');
  const body = negated ? glob.slice(1) : glob;
  if (!path.isAbsolute(body)) return { base, glob };
  const root = path.parse(body).root;
  return { base: root, glob: `${negated ? '!' : ''}${path.relative(root, body).split(path.sep).join('/')}` };
}
