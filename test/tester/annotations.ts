import type { Severity } from '../../server/src/graph/problem';
import { CaseError, type CaseLine, type Origin } from './case-file';

/**
 * Annotations say where a finding must land, under the line it lands on (rust-analyzer's annotated
 * fixtures): `// ^^^^ error <rule-id>` in JSONC and Bicep, `# ^^^^ …` in Terraform; the carets give the
 * columns. After the rule id, in any order: `ends +N:C` (the range ends N lines below, at 1-based
 * column C), `related: <file:line | @anchor>, …` (every related location, by line), `fix` (it offers
 * a quick fix). `// ^ @name` names the line above as an anchor for `related`. Annotation lines are
 * removed before analysis, so the ranges are those of the real text.
 */

export interface FindingAnnotation {
  kind: 'finding';
  severity: Severity;
  rule: string;
  /** 0-based, in the file as analysed. */
  line: number;
  start: number;
  endLine: number;
  end: number;
  related: string[];
  fix: boolean;
  origin: Origin;
}

export interface AnchorAnnotation {
  kind: 'anchor';
  name: string;
  line: number;
  origin: Origin;
}

export type Annotation = FindingAnnotation | AnchorAnnotation;

const CARETS = /^(\s*(?:\/\/|#)?\s*)(\^+)(?:\s+(.*))?$/;
const FINDING = /^(error|warning|info)\s+([a-z0-9]+(?:-[a-z0-9]+)*)(.*)$/;
const ANCHOR = /^@([A-Za-z0-9_-]+)$/;

export function isAnnotation(text: string): boolean {
  return CARETS.test(text);
}

/** The text lines without their annotations, and the annotations with the 0-based line they mark. */
export function stripAnnotations(lines: readonly CaseLine[]): { lines: CaseLine[]; annotations: Annotation[] } {
  const kept: CaseLine[] = [];
  const annotations: Annotation[] = [];
  for (const l of lines) {
    const m = CARETS.exec(l.text);
    if (!m) {
      kept.push(l);
      continue;
    }
    if (kept.length === 0) throw new CaseError(l.origin, 'an annotation marks the line above it, and there is none');
    annotations.push(annotation(m[1].length, m[2].length, (m[3] ?? '').trim(), kept.length - 1, l.origin));
  }
  return { lines: kept, annotations };
}

function annotation(column: number, width: number, tail: string, line: number, origin: Origin): Annotation {
  const anchor = ANCHOR.exec(tail);
  if (anchor) return { kind: 'anchor', name: anchor[1], line, origin };
  const m = FINDING.exec(tail);
  if (!m)
    throw new CaseError(
      origin,
      `an annotation reads '^^^ <error|warning|info> <rule-id> …' or '^ @anchor', not '${tail}'`,
    );
  let rest = m[3];
  const take = (re: RegExp): RegExpExecArray | null => {
    const found = re.exec(rest);
    if (found) rest = rest.slice(0, found.index) + rest.slice(found.index + found[0].length);
    return found;
  };
  const ends = take(/\s+ends\s+\+(\d+):(\d+)\b/);
  // A reference is `file:line` or `@anchor`, so the word `fix` is never taken for one.
  const related = take(/\s+related:\s*([^\s,]*[:@][^\s,]*(?:\s*,\s*[^\s,]*[:@][^\s,]*)*)/);
  const fix = take(/\s+fix\b/);
  if (rest.trim()) throw new CaseError(origin, `unreadable part of the annotation: '${rest.trim()}'`);
  return {
    kind: 'finding',
    severity: m[1] as Severity,
    rule: m[2],
    line,
    start: column,
    endLine: ends ? line + Number(ends[1]) : line,
    end: ends ? Number(ends[2]) - 1 : column + width,
    related: related ? related[1].split(/\s*,\s*/) : [],
    fix: fix !== null,
    origin,
  };
}
