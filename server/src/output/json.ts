import type { SourceSpan } from '../graph/span';
import type { PackageInfo } from '../cli/package-info';
import type { Finding } from '../rulekit/rule';
import type { OneBasedRange, ScanReport } from './report';
import { absentPath } from './baseline';
import type { Counts } from './report';
import { countBySeverity, oneBased, relativePath, sorted } from './report';

/** Bumped only when a field changes meaning or disappears; new fields may be added within a version. */
export const JSON_REPORT_VERSION = 1;

interface JsonLocation {
  /** Relative to `root`, forward slashes. */
  file: string;
  /** 1-based; columns count UTF-16 code units; the end is exclusive. */
  range: OneBasedRange;
}

/**
 * The stable JSON shape of `--format json`:
 * {
 *   version: 1, tool: { name, version }, root: "/abs/workspace",
 *   files: ["rel/path.json", …],
 *   summary: { errors, warnings, infos, files, suppressed,   (errors … infos: findings and problems together)
 *              findings: { errors, warnings, infos }, notes: { errors, warnings, infos } },  (apart)
 *   findings: [{ ruleId, messageId, severity, message, file, range, resource: { type, name }, fixAvailable,
 *                fixes: [{ title, preferred }], related: [{ message, file, range }] }],
 *   suppressed: [{ …as findings, suppression: { kind: "next-line" | "file", justification?, file, range } }],
 *   problems: [{ code, severity, message, file, range }],
 *   notEvaluated: [{ ruleId, message, file, range }]      (only with --explain-unknowns)
 *   absent: [{ ruleId, level, message, file, range }]     (only with --baseline; findings then carry
 *                                                          baselineState: "new" | "unchanged")
 * }
 */
export function formatJson(report: ScanReport, tool: PackageInfo): string {
  const loc = (span: SourceSpan): JsonLocation => ({
    file: relativePath(report.root, span.file),
    range: oneBased(span),
  });
  const counts = countBySeverity(report);
  const baseline = report.baseline;
  const finding = (f: Finding) => ({
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    message: f.message,
    ...loc(f.span),
    resource: { type: f.resource.type, name: f.resource.name },
    fixAvailable: f.fixes.length > 0,
    fixes: f.fixes.map((x) => ({ title: x.title, preferred: x.preferred === true })),
    related: f.related.map((r) => ({ message: r.message, ...loc(r.span) })),
    ...(baseline && { baselineState: baseline.unchanged.has(f) ? 'unchanged' : 'new' }),
  });
  const doc = {
    version: JSON_REPORT_VERSION,
    tool: { name: tool.name, version: tool.version },
    root: report.root,
    files: report.files.map((f) => relativePath(report.root, f)),
    summary: {
      errors: counts.findings.error + counts.notes.error,
      warnings: counts.findings.warning + counts.notes.warning,
      infos: counts.findings.info + counts.notes.info,
      files: report.files.length,
      suppressed: report.suppressed.length,
      findings: plainCounts(counts.findings),
      notes: plainCounts(counts.notes),
    },
    findings: sorted(report.findings, (f) => f.ruleId).map(finding),
    suppressed: sorted(
      report.suppressed.map((s) => ({ ...s, span: s.finding.span })),
      (s) => s.finding.ruleId,
    ).map(({ finding: f, suppression: s }) => ({
      ...finding(f),
      suppression: {
        kind: s.kind,
        ...(s.justification !== undefined && { justification: s.justification }),
        ...loc(s.span),
      },
    })),
    problems: sorted(report.problems, (p) => p.code).map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      ...loc(p.span),
    })),
    ...(baseline && {
      absent: baseline.absent.map((a) => ({
        ruleId: a.ruleId,
        level: a.level,
        message: a.message,
        file: absentPath(a),
        ...(a.region && { range: a.region }),
      })),
    }),
    ...(report.unknowns && {
      notEvaluated: sorted(report.unknowns, (u) => u.ruleId).map((u) => ({
        ruleId: u.ruleId,
        message: u.message,
        ...loc(u.span),
      })),
    }),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function plainCounts(c: Counts): { errors: number; warnings: number; infos: number } {
  return { errors: c.error, warnings: c.warning, infos: c.info };
}
