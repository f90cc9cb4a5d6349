import type { Severity } from '../graph/problem';
import type { SourceSpan } from '../graph/span';
import { absentPath } from './baseline';
import type { ScanReport } from './report';
import type { Counts } from './report';
import { countBySeverity, relativePath, sorted, total } from './report';

export interface TextOptions {
  /** ANSI colours: only for a terminal, never in files or pipes. */
  color: boolean;
}

const COLORS: Record<Severity | 'note' | 'dim', string> = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
  info: '\u001b[36m',
  note: '\u001b[90m',
  dim: '\u001b[2m',
};
const RESET = '\u001b[0m';

/**
 * Compiler-style lines that editors and CI logs turn into links:
 *   path:line:col: severity rule-id: message
 *       path:line:col: note: related message
 * Problems (files that could not be read or followed) use the same shape with their code. The last
 * line is the summary.
 */
export function formatText(report: ScanReport, options: TextOptions): string {
  const paint = (color: keyof typeof COLORS, text: string): string =>
    options.color ? `${COLORS[color]}${text}${RESET}` : text;
  const where = (span: SourceSpan): string =>
    `${relativePath(report.cwd, span.file)}:${span.start.line + 1}:${span.start.character + 1}`;
  const lines: string[] = [];

  const unchanged = report.baseline?.unchanged;
  const entries = [
    ...report.findings.map((f) => ({
      span: f.span,
      id: f.ruleId,
      severity: f.severity,
      message: unchanged?.has(f) ? `${f.message} [unchanged since the baseline]` : f.message,
      related: f.related,
    })),
    ...report.problems.map((p) => ({
      span: p.span,
      id: p.code,
      severity: p.severity,
      message: p.message,
      related: [],
    })),
  ];
  for (const e of sorted(entries, (x) => x.id)) {
    lines.push(`${where(e.span)}: ${paint(e.severity, e.severity)} ${e.id}: ${e.message}`);
    for (const r of e.related) lines.push(`    ${where(r.span)}: ${paint('note', 'note')}: ${r.message}`);
  }

  if (report.unknowns) {
    const notes = sorted(report.unknowns, (u) => u.ruleId);
    lines.push(
      '',
      notes.length === 0
        ? 'Not evaluated: none, every check could be decided'
        : `Not evaluated (${notes.length}): a rule stayed silent because an input is unknown`,
    );
    for (const u of notes) lines.push(`  ${where(u.span)}: ${paint('dim', u.ruleId)}: ${u.message}`);
  }

  if (report.baseline) {
    const absent = report.baseline.absent;
    lines.push('', `Absent (${absent.length}): in the baseline, no longer found`);
    for (const a of absent) {
      const at = a.region ? `:${a.region.startLine}:${a.region.startColumn}` : '';
      lines.push(`  ${absentPath(a)}${at}: ${a.ruleId}: ${a.message}`);
    }
  }

  if (lines.length > 0) lines.push('');
  if (report.baseline) {
    const old = report.findings.filter((f) => unchanged?.has(f)).length;
    lines.push(
      `Baseline: ${report.findings.length - old} new, ${old} unchanged, ${report.baseline.absent.length} absent; only new findings fail the scan`,
    );
  }
  if (report.suppressed.length > 0)
    lines.push(
      `${plural(report.suppressed.length, 'finding')} suppressed by comments (--format json or sarif lists them)`,
    );
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

/** `2 findings (1 error, 1 warning, 0 infos); 3 notes (3 infos) in 4 files`: rule results and front-end notes apart. */
function summaryLine(report: ScanReport): string {
  const { findings, notes } = countBySeverity(report);
  const bySeverity = (c: Counts, all: boolean): string =>
    (['error', 'warning', 'info'] as const)
      .filter((s) => all || c[s] > 0)
      .map((s) => plural(c[s], s))
      .join(', ');
  const noteCount = total(notes);
  const noteText = noteCount === 0 ? '0 notes' : `${plural(noteCount, 'note')} (${bySeverity(notes, false)})`;
  return `${plural(total(findings), 'finding')} (${bySeverity(findings, true)}); ${noteText} in ${plural(report.files.length, 'file')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
