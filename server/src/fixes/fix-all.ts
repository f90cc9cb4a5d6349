import type { Problem, Severity } from '../graph/problem';
import type { Finding } from '../rulekit/rule';
import { applyEdits } from './apply-edits';
import { LineMap } from '../graph/span';
import { writeFix } from './index';
import type { FixIntent } from './intent';
import { lineReplacements } from './line-diff';
import type { TextEdit } from './writer';

/** What a fix-all needs of an analysis: its findings and its front-end problems. */
export interface FixAnalysis {
  findings: readonly Finding[];
  problems: readonly Problem[];
}

export interface FixAllRequest<A extends FixAnalysis = FixAnalysis> {
  /** The analysis of the texts as they are now. */
  initial: A;
  /** Which findings to fix (those of one file, of one rule…). */
  wanted(finding: Finding): boolean;
  /** Whether a fix may write this file: a fix that edits any other is not applied. */
  writable(file: string): boolean;
  /** The text of a file before any fix (the editor's buffer, else the disk); undefined when there is none. */
  read(file: string): string | undefined;
  /** The same analysis again, with `texts` (every file the fixes changed, by path) in place of what `read` gives. */
  analyse(texts: ReadonlyMap<string, string>): Promise<A>;
}

/** One fix applied: the finding it fixed, the fix's title, and every changed file's text after it. */
export interface FixStep {
  finding: Finding;
  title: string;
  texts: ReadonlyMap<string, string>;
  after: FixAnalysis;
}

export interface FixAllResult<A extends FixAnalysis = FixAnalysis> {
  /** The fixed text of every file the fixes changed (a file that `read` did not have is new). */
  texts: Map<string, string>;
  steps: FixStep[];
  /** Wanted findings whose preferred fix was not applied, and why. */
  skipped: { finding: Finding; why: string }[];
  /** The analysis of the fixed texts. */
  final: A;
}

/**
 * More rounds than any deployment has fixable findings. A fix may reveal a finding (a new private
 * endpoint shows its missing zone group), so the rounds are not bounded by the first count alone.
 */
export const MAX_FIX_ROUNDS = 100;

/** What stays the same about a finding when edits elsewhere move its text. */
export const findingIdentity = (f: Finding): string => `${f.ruleId} ${f.resource.key} ${f.messageId}`;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Applies the preferred fix of every wanted finding, one fix at a time, re-analysing after each:
 * fixes interact (two findings may ask for the same private DNS zone; an added endpoint brings a
 * finding of its own), so each is written against the texts and findings the previous ones left.
 * A fix is kept only when the analysis afterwards has no new front-end problem and no longer has
 * its finding; otherwise it is undone and its finding left alone. Each finding is fixed at most
 * once, so two fixes undoing each other cannot loop.
 */
export async function fixAll<A extends FixAnalysis>(request: FixAllRequest<A>): Promise<FixAllResult<A>> {
  let texts = new Map<string, string>();
  let current = request.initial;
  const steps: FixStep[] = [];
  const skipped: FixAllResult['skipped'] = [];
  const tried = new Set<string>();
  const read = (file: string): string | undefined => texts.get(file) ?? request.read(file);
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const next = nextFinding(current.findings, request.wanted, tried);
    if (!next) break;
    const { finding, fix } = next;
    tried.add(findingIdentity(finding));
    const edits = safeEdits(fix, read, request.writable);
    if (typeof edits === 'string') {
      skipped.push({ finding, why: edits });
      continue;
    }
    const edited = new Map(texts);
    for (const [file, text] of editedFiles(edits, read)) edited.set(file, text);
    const after = await request.analyse(edited);
    const why = regression(current, after, finding);
    if (why) {
      skipped.push({ finding, why });
      continue;
    }
    texts = edited;
    current = after;
    steps.push({ finding, title: fix.title, texts: edited, after });
  }
  return { texts, steps, skipped, final: current };
}

/** The most severe wanted finding not tried yet that has a preferred fix, in the order the analysis gives. */
function nextFinding(
  findings: readonly Finding[],
  wanted: (finding: Finding) => boolean,
  tried: ReadonlySet<string>,
): { finding: Finding; fix: FixIntent } | undefined {
  let best: { finding: Finding; fix: FixIntent } | undefined;
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred === true);
    if (!fix || tried.has(findingIdentity(finding)) || !wanted(finding)) continue;
    if (!best || RANK[finding.severity] < RANK[best.finding.severity]) best = { finding, fix };
  }
  return best;
}

/** The fix's edits, or why they cannot be applied (not written, a file it may not write, overlapping edits). */
function safeEdits(
  fix: FixIntent,
  read: (file: string) => string | undefined,
  writable: (file: string) => boolean,
): TextEdit[] | string {
  let edits: TextEdit[] | undefined;
  try {
    edits = writeFix(fix, read);
  } catch (err) {
    return `the fix failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!edits) return 'no fix can be written safely here';
  const outside = edits.find((e) => !writable(e.span.file));
  if (outside) return `it would write ${outside.span.file}, which may not be written here`;
  if (overlapping(edits)) return 'the fix has overlapping edits';
  return edits;
}

function overlapping(edits: readonly TextEdit[]): boolean {
  const before = (a: TextEdit['span']['start'], b: TextEdit['span']['start']) =>
    a.line < b.line || (a.line === b.line && a.character < b.character);
  return edits.some((a, i) =>
    edits.some(
      (b, j) =>
        i < j && a.span.file === b.span.file && before(a.span.start, b.span.end) && before(b.span.start, a.span.end),
    ),
  );
}

/** The text of every file the edits touch, after them (a file with no text yet starts empty). */
function editedFiles(edits: readonly TextEdit[], read: (file: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.span.file)))
    out.set(
      file,
      applyEdits(
        read(file) ?? '',
        edits.filter((e) => e.span.file === file),
      ),
    );
  return out;
}

/** Why the analysis after a fix shows it was wrong: a new error or warning problem, or its finding still there. */
function regression(before: FixAnalysis, after: FixAnalysis, finding: Finding): string | undefined {
  const key = (p: Problem) => `${p.code}\u0000${p.span.file}\u0000${p.message}`;
  const known = new Set(before.problems.map(key));
  const added = after.problems.find((p) => p.severity !== 'info' && !known.has(key(p)));
  if (added) return `the fixed files do not load cleanly: ${added.code}: ${added.message}`;
  const identity = findingIdentity(finding);
  if (after.findings.some((f) => findingIdentity(f) === identity)) return 'the fix does not remove the finding';
  return undefined;
}

/**
 * The fixed texts as edits of the texts `read` gives: whole changed lines, as few as a line diff
 * finds, so that an editor keeps its cursor and folds elsewhere (a new file: one insertion).
 */
export function fixedEdits(texts: ReadonlyMap<string, string>, read: (file: string) => string | undefined): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const [file, after] of texts) {
    const before = read(file) ?? '';
    const lines = new LineMap(before);
    for (const r of lineReplacements(before, after))
      edits.push({ span: lines.span(file, r.start, r.end), newText: r.newText });
  }
  return edits;
}
