import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFix } from '../../server/src/fixes';
import type { TextEdit } from '../../server/src/fixes/writer';
import type { SourceSpan } from '../../server/src/graph/span';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import type { Finding } from '../../server/src/rulekit/rule';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { findingIdentity } from '../../server/src/fixes/fix-all';
import { analyseFolder } from './analyse';
import type { FindingAnnotation } from './annotations';
import type { CaseFile, Origin } from './case-file';
import { type CaseFiles, textOf } from './materialise';
import { applyDiff } from './overlay';

/**
 * What a case asserts, checked against the analysis of its folder: every finding is annotated and
 * every annotation found, with its severity, related lines (unless `related: false`: a docs page,
 * whose readers see no line numbers) and whether it offers a fix; every fix
 * offered is applied and the folder re-analysed; the front-end problems and the notes are those the
 * case names. Returns the failures, each with where the case says it and the source line.
 */
export function checkCase(
  spec: CaseFile,
  files: CaseFiles,
  dir: string,
  show: (p: string) => string,
  { related: checkRelated = true, rule }: { related?: boolean; rule?: string } = {},
): string[] {
  const failures: string[] = [];
  const at = (o: Origin) => `${show(o.file)}:${o.line}`;
  const rel = (p: string) => path.relative(dir, p).split(path.sep).join('/');
  const excerpt = (file: string, line: number, start: number, width: number): string => {
    const l = files.files.get(file)?.[line];
    if (!l) return `    (${file} has no line ${line + 1})`;
    return `    ${at(l.origin)} (${file}:${line + 1})\n      ${l.text}\n      ${' '.repeat(start)}${'^'.repeat(Math.max(1, width))}`;
  };

  const known = new Set(ALL_RULES.map((r) => r.meta.id));
  const wanted = files.annotations.filter((a): a is FindingAnnotation & { file: string } => a.kind === 'finding');
  for (const a of wanted) if (!known.has(a.rule)) failures.push(`${at(a.origin)}: unknown rule id '${a.rule}'`);
  for (const id of spec.notEvaluated)
    if (!known.has(id)) failures.push(`${show(spec.source)}: unknown rule id '${id}' in notEvaluated`);

  const anchors = new Map<string, string>();
  for (const a of files.annotations) if (a.kind === 'anchor') anchors.set(a.name, `${a.file}:${a.line + 1}`);
  const resolve = (a: FindingAnnotation, ref: string): string => {
    if (!ref.startsWith('@')) return ref;
    const found = anchors.get(ref.slice(1));
    if (!found) failures.push(`${at(a.origin)}: no anchor '${ref}' in the case`);
    return found ?? ref;
  };

  const result = analyseFolder(dir);
  const keyOf = (rule: string, file: string, s: { line: number; start: number; endLine: number; end: number }) =>
    `${rule} ${file} ${s.line}:${s.start}-${s.endLine}:${s.end}`;
  const byKey = new Map<string, FindingAnnotation & { file: string }>();
  for (const a of wanted) {
    const k = keyOf(a.rule, a.file, a);
    if (byKey.has(k)) failures.push(`${at(a.origin)}: the same finding is annotated twice (one defect, one finding)`);
    byKey.set(k, a);
  }

  const matched = new Set<FindingAnnotation>();
  for (const f of result.findings) {
    const file = rel(f.span.file);
    const s = spanOf(f.span);
    const a = byKey.get(keyOf(f.ruleId, file, s));
    if (!a || matched.has(a)) {
      failures.push(
        `a finding that is not annotated: ${f.ruleId} (${f.message})\n${excerpt(file, s.line, s.start, s.endLine === s.line ? s.end - s.start : 1)}\n` +
          `    annotate it, under that line:\n${annotationLine(f, file, checkRelated ? rel : undefined)}`,
      );
      continue;
    }
    matched.add(a);
    if (f.severity !== a.severity)
      failures.push(`${at(a.origin)}: ${a.rule} is reported as ${f.severity}, the annotation says ${a.severity}`);
    const related = f.related.map((r) => `${rel(r.span.file)}:${r.span.start.line + 1}`).sort();
    const expected = a.related.map((r) => resolve(a, r)).sort();
    if (checkRelated && related.join(', ') !== expected.join(', '))
      failures.push(
        `${at(a.origin)}: ${a.rule} has related ${related.join(', ') || '(none)'}, the annotation says ${expected.join(', ') || '(none)'}`,
      );
    if (offersFix(f) !== a.fix)
      failures.push(`${at(a.origin)}: ${a.rule} ${a.fix ? 'offers no quick fix' : 'offers a quick fix: add `fix`'}`);
  }
  for (const a of wanted) {
    if (matched.has(a)) continue;
    const near = result.findings.filter((f) => f.ruleId === a.rule && rel(f.span.file) === a.file);
    const got = near.map((f) => `      got ${rangeText(f.span)}`).join('\n');
    failures.push(
      `${at(a.origin)}: ${a.severity} ${a.rule} is not reported at ${a.file} ${a.line + 1}:${a.start + 1}-${a.endLine + 1}:${a.end + 1}\n` +
        `${excerpt(a.file, a.line, a.start, a.endLine === a.line ? a.end - a.start : 1)}${got ? `\n${got}` : ''}`,
    );
  }

  const codes = new Set(result.problems.map((p) => p.code));
  for (const p of result.problems)
    if (!spec.problems.includes(p.code))
      failures.push(`${show(spec.source)}: an unexpected front-end problem ${p.code}: ${p.message}`);
  for (const code of spec.problems)
    if (!codes.has(code))
      failures.push(`${show(spec.source)}: the front-end problem ${code} is expected and not reported`);
  for (const id of spec.notEvaluated)
    if (!result.unknowns.some((u) => u.ruleId === id))
      failures.push(
        `${show(spec.source)}: ${id} must record why it could not decide (notEvaluated), and records nothing`,
      );
  // A case passes because of what its rule decided: silence for an unknown input must be said.
  const note = rule && !spec.notEvaluated.includes(rule) ? result.unknowns.find((u) => u.ruleId === rule) : undefined;
  if (note)
    failures.push(
      `${show(spec.source)}: ${rule} stayed silent because an input is unknown (${note.message}); if that is what the case shows, add \`notEvaluated: ${rule}\``,
    );

  return failures.concat(
    fixFailures(dir, result.findings, codes),
    goldenFailures(spec, files, dir, result.findings, at),
  );
}

/**
 * A `diff <file> fixed` block is the golden output of the case's quick fix: its hunks, laid over the
 * file as analysed, give the text the preferred fix must write. It needs exactly one finding with a fix.
 */
function goldenFailures(
  spec: CaseFile,
  files: CaseFiles,
  dir: string,
  findings: Finding[],
  at: (o: Origin) => string,
): string[] {
  const golden = spec.blocks.filter((b) => b.kind === 'fixed');
  if (golden.length === 0) return [];
  const fixable = findings.filter(offersFix);
  if (fixable.length !== 1)
    return [`${at(golden[0].origin)}: a fixed block needs exactly one finding with a fix; there are ${fixable.length}`];
  const f = fixable[0];
  const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
  const written = editedTexts(writeFix(fix, readDisk) ?? []);
  const out: string[] = [];
  for (const b of golden) {
    const before = files.files.get(b.path);
    if (!before) {
      out.push(`${at(b.origin)}: the case has no ${b.path}`);
      continue;
    }
    let expected: string;
    try {
      expected = textOf(applyDiff(before, b));
    } catch (e) {
      out.push((e as Error).message);
      continue;
    }
    const actual = written.get(path.join(dir, ...b.path.split('/'))) ?? textOf(before);
    if (actual !== expected)
      out.push(`${at(b.origin)}: the fix '${fix.title}' writes ${b.path} otherwise:\n${lineDiff(expected, actual)}`);
  }
  return out;
}

/** The lines where two texts differ, as `-expected` / `+actual`. */
function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) out.push(`    ${i + 1}: -${a[i] ?? ''}\n    ${i + 1}: +${b[i] ?? ''}`);
  return out.join('\n');
}

const spanOf = (s: SourceSpan) => ({
  line: s.start.line,
  start: s.start.character,
  endLine: s.end.line,
  end: s.end.character,
});

/** `12:9-12:48`: the 1-based range editors show. */
export function rangeText(span: SourceSpan): string {
  return `${span.start.line + 1}:${span.start.character + 1}-${span.end.line + 1}:${span.end.character + 1}`;
}

/**
 * The annotation line that matches a finding, carets under its columns: after the file's comment
 * marker when there is room for it, else bare (it is removed before analysis either way).
 */
export function annotationLine(f: Finding, file: string, rel?: (p: string) => string): string {
  const s = spanOf(f.span);
  const marker = /\.tf(vars)?$/.test(file) ? '#' : '//';
  const lead = s.start > marker.length ? marker + ' '.repeat(s.start - marker.length) : ' '.repeat(s.start);
  const width = s.endLine === s.line ? s.end - s.start : 1;
  return `${lead}${'^'.repeat(Math.max(1, width))} ${annotationText(f, s, rel)}`;
}

/** The words of the annotation that matches a finding (its related lines only given `rel`). */
export function annotationText(
  f: Finding,
  s: { line: number; start: number; endLine: number; end: number },
  rel?: (p: string) => string,
): string {
  let out = `${f.severity} ${f.ruleId}`;
  if (s.endLine !== s.line) out += ` ends +${s.endLine - s.line}:${s.end + 1}`;
  if (rel && f.related.length > 0)
    out += ` related: ${f.related.map((r) => `${rel(r.span.file)}:${r.span.start.line + 1}`).join(', ')}`;
  if (offersFix(f)) out += ' fix';
  return out;
}

const readDisk = (file: string): string => fs.readFileSync(file, 'utf8');

export function offersFix(f: Finding): boolean {
  return f.fixes.some((fix) => writeFix(fix, readDisk) !== undefined);
}

/**
 * Rules whose condition a fix of another rule can make true, revealing a defect that was there all
 * along: the region rule and the public-access one apply once the workspace has a private endpoint
 * (rules.md).
 */
export const REVEALED_BY: Readonly<Record<string, readonly string[]>> = {
  'aks-vnet-workspace-private-endpoint': ['aks-workspace-region-mismatch', 'workspace-public-network-access'],
};

export { findingIdentity };

/**
 * Every fix offered, applied: the folder still loads (no new problem), the finding is gone, and no
 * other finding appears.
 */
export function fixFailures(dir: string, findings: Finding[], codesBefore: Set<string>): string[] {
  const out: string[] = [];
  const before = new Set(findings.map(findingIdentity));
  for (const f of findings) {
    for (const fix of f.fixes) {
      const edits = writeFix(fix, readDisk);
      if (!edits) continue;
      const fixed = analyseFolder(dir, editedTexts(edits));
      const label = `${f.ruleId} at ${path.relative(dir, f.span.file)} ${rangeText(f.span)}: the fix '${fix.title}'`;
      for (const p of fixed.problems)
        if (!codesBefore.has(p.code))
          out.push(`${label} leaves a template that does not load: ${p.code}: ${p.message}`);
      if (fixed.findings.some((x) => x.ruleId === f.ruleId && x.resource.key === f.resource.key))
        out.push(`${label} does not remove the finding`);
      const revealed = REVEALED_BY[f.ruleId] ?? [];
      for (const x of fixed.findings)
        if (!before.has(findingIdentity(x)) && !revealed.includes(x.ruleId))
          out.push(`${label} adds a finding: ${x.ruleId}: ${x.message}`);
    }
  }
  return out;
}

/** The edited text of every file the edits touch. */
export function editedTexts(edits: TextEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.span.file)))
    out.set(
      file,
      applyEdits(
        readDisk(file),
        edits.filter((e) => e.span.file === file),
      ),
    );
  return out;
}
