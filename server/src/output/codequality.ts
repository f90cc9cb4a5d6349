import { createHash } from 'node:crypto';
import type { Severity } from '../graph/problem';
import type { SourceSpan } from '../graph/span';
import { fingerprints } from './fingerprint';
import type { ScanReport } from './report';
import { relativePath, sorted } from './report';

/**
 * GitLab's code quality report (`artifacts:reports:codequality`, a subset of the Code Climate issue
 * format), which the merge request widget and diff annotations read. Findings keep the identity
 * SARIF gives them, so a line move changes no issue; a file that could not be analysed is an issue
 * too, so a broken template never reads as clean.
 */
const CODE_QUALITY_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'info' };

/** One issue of the report: the fields GitLab requires (docs.gitlab.com, Code Quality, "Code Quality report format"). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** What findings and problems have in common. */
interface Reported {
  message: string;
  severity: Severity;
  span: SourceSpan;
}

export function formatCodeQuality(report: ScanReport): string {
  const identity = fingerprints(report.findings, report.root);
  const issue = (check: string, fingerprint: string, x: Reported): CodeQualityIssue => ({
    description: x.message,
    check_name: check,
    fingerprint,
    severity: CODE_QUALITY_SEVERITY[x.severity],
    location: { path: relativePath(report.root, x.span.file), lines: { begin: x.span.start.line + 1 } },
  });
  const issues = [
    ...sorted(report.findings, (f) => f.ruleId).map((f) => issue(f.ruleId, identity.get(f) ?? '', f)),
    ...sorted(report.problems, (p) => p.code).map((p) =>
      issue(p.code, problemFingerprint(p.code, relativePath(report.root, p.span.file), p.message), p),
    ),
  ];
  return JSON.stringify(issues, null, 2) + '\n';
}

function problemFingerprint(code: string, file: string, message: string): string {
  return createHash('sha256').update([code, file, message].join('\u0000')).digest('hex').slice(0, 32);
}
