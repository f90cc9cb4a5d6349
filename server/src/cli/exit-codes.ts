import type { ScanReport } from '../output/report';

/** The contract with CI scripts; `--help` documents the same three values. */
export const EXIT_OK = 0;
/** Error-level findings, or a template that could not be checked (parse error, unreadable). */
export const EXIT_FINDINGS = 1;
/** Bad command line, missing path, or a failure of the tool itself. */
export const EXIT_USAGE = 2;

/**
 * A front end or rule that crashed means the scan is not trustworthy: that outranks findings. With
 * a baseline, only new findings count: the ones it already had are the debt being paid off.
 */
export function exitCodeFor(report: ScanReport): number {
  if (!report.complete) return EXIT_USAGE;
  const unchanged = report.baseline?.unchanged;
  const findings = unchanged ? report.findings.filter((f) => !unchanged.has(f)) : report.findings;
  const failing = [...findings, ...report.problems].some((x) => x.severity === 'error');
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

/** A picture is wrong only when part of the input could not be read into it; findings are what it shows. */
export function graphExitCode(report: ScanReport): number {
  if (!report.complete) return EXIT_USAGE;
  return report.problems.some((p) => p.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
