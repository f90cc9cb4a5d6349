import type { LineChange } from '../fixes/line-diff';
import { lineChanges, splitLines } from '../fixes/line-diff';

/** Lines of unchanged text around each change, as `diff -u` and `git diff` show them. */
const CONTEXT = 3;

/**
 * The unified diff from `before` (undefined: the file is new) to `after` of the file at `name` (a
 * path relative to the root the diff applies in, `/` separated), with `a/` and `b/` prefixes as git
 * writes them, so that `patch -p1` and `git apply` take it. Empty when the texts are the same.
 */
export function unifiedDiff(name: string, before: string | undefined, after: string): string {
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  const changes = lineChanges(a, b);
  if (changes.length === 0) return '';
  let out = `--- ${before === undefined ? '/dev/null' : `a/${name}`}\n+++ b/${name}\n`;
  for (const hunk of hunks(changes)) out += hunkText(hunk, a, b);
  return out;
}

/** Changes close enough that their context lines meet or touch, shown as one hunk. */
function hunks(changes: readonly LineChange[]): LineChange[][] {
  const out: LineChange[][] = [];
  for (const c of changes) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && c.aStart - prev.aEnd <= 2 * CONTEXT) last.push(c);
    else out.push([c]);
  }
  return out;
}

function hunkText(changes: readonly LineChange[], a: readonly string[], b: readonly string[]): string {
  const first = changes[0];
  const last = changes[changes.length - 1];
  const aStart = Math.max(0, first.aStart - CONTEXT);
  const aEnd = Math.min(a.length, last.aEnd + CONTEXT);
  // Context lines are the same in both texts, so the new side starts as many lines before its change.
  const bStart = first.bStart - (first.aStart - aStart);
  const bEnd = last.bEnd + (aEnd - last.aEnd);
  let body = '';
  let i = aStart;
  for (const c of changes) {
    for (; i < c.aStart; i++) body += line(' ', a[i]);
    for (; i < c.aEnd; i++) body += line('-', a[i]);
    for (let j = c.bStart; j < c.bEnd; j++) body += line('+', b[j]);
  }
  for (; i < aEnd; i++) body += line(' ', a[i]);
  return `@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@\n${body}`;
}

/** A hunk's line range as `diff -u` writes it: an empty range is named by the line before it. */
function range(start: number, length: number): string {
  if (length === 0) return `${start},0`;
  return length === 1 ? `${start + 1}` : `${start + 1},${length}`;
}

function line(mark: string, text: string): string {
  return text.endsWith('\n') ? `${mark}${text}` : `${mark}${text}\n\\ No newline at end of file\n`;
}
