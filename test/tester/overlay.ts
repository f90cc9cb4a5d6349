import { isAnnotation } from './annotations';
import { type Block, CaseError, type CaseLine } from './case-file';

/**
 * A `diff` block edits the base's file with unified-diff hunks: ` ` keeps a line, `-` removes it, `+`
 * adds one; annotation lines count as added. A hunk is found by its kept and removed lines, at the
 * line its `@@ -L` header names when they are there, else at their only place after the previous
 * hunk; so a base that moves lines around does not silently shift a case.
 */
export function applyDiff(base: readonly CaseLine[], block: Block): CaseLine[] {
  const out: CaseLine[] = [];
  let cursor = 0;
  for (const hunk of hunks(block)) {
    const at = locate(base, hunk, cursor, block);
    for (let i = cursor; i < at; i++) out.push(base[i]);
    for (const l of hunk.lines) if (l.op !== '-') out.push(l.line);
    cursor = at + hunk.lines.filter((l) => l.op !== '+').length;
  }
  for (let i = cursor; i < base.length; i++) out.push(base[i]);
  return out;
}

interface HunkLine {
  op: ' ' | '-' | '+';
  line: CaseLine;
}

interface Hunk {
  /** 0-based line the header names in the base, when it names one. */
  hint?: number;
  header: CaseLine;
  lines: HunkLine[];
}

function hunks(block: Block): Hunk[] {
  const out: Hunk[] = [];
  for (const l of block.lines) {
    if (l.text.startsWith('@@')) {
      const m = /^@@\s*-(\d+)/.exec(l.text);
      out.push({ hint: m ? Math.max(0, Number(m[1]) - 1) : undefined, header: l, lines: [] });
      continue;
    }
    const current = out[out.length - 1];
    if (!current) throw new CaseError(l.origin, 'a diff block starts with an @@ line');
    // Editors strip the trailing space of an empty kept line.
    const op = l.text === '' ? ' ' : l.text[0];
    if (op !== ' ' && op !== '-' && op !== '+')
      throw new CaseError(l.origin, `a diff line starts with ' ', '-' or '+', not '${op}'`);
    const line = { text: l.text.slice(1), origin: l.origin };
    current.lines.push({ op: op === ' ' && isAnnotation(line.text) ? '+' : op, line });
  }
  if (out.length === 0) throw new CaseError(block.origin, 'a diff block has at least one @@ hunk');
  return out;
}

function locate(base: readonly CaseLine[], hunk: Hunk, cursor: number, block: Block): number {
  const old = hunk.lines.filter((l) => l.op !== '+').map((l) => l.line.text);
  const matches = (at: number) => old.every((t, i) => base[at + i]?.text === t);
  if (hunk.hint !== undefined && hunk.hint >= cursor && matches(hunk.hint)) return hunk.hint;
  const found: number[] = [];
  for (let at = cursor; at + old.length <= base.length; at++) if (matches(at)) found.push(at);
  if (found.length === 1) return found[0];
  const where = `${block.path}${hunk.hint !== undefined ? ` at line ${hunk.hint + 1}` : ''}`;
  throw new CaseError(
    hunk.header.origin,
    found.length === 0
      ? `the hunk's kept and removed lines are not in the base's ${where}`
      : `the hunk's kept and removed lines are at ${found.length} places of ${block.path} (lines ${found
          .map((f) => f + 1)
          .join(', ')}): give its @@ -L line or more context`,
  );
}
