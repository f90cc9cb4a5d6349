import * as path from 'node:path';
import type { SeveritySetting } from '../config';
import type { Problem, UnknownNote } from '../graph/problem';
import type { SourceSpan } from '../graph/span';
import type { Finding, RuleMeta } from '../rulekit/rule';
import type { SuppressedFinding } from '../suppressions/apply';
import type { TopologyDeployment } from '../protocol';
import type { BaselineComparison } from './baseline';

/** Everything one `scan` produced, in the form every output format reads. */
export interface ScanReport {
  /** Workspace root (absolute): the base of relative paths in JSON and SARIF (templates are read only inside the folders named). */
  root: string;
  /** Where the user ran the command: text output prints paths relative to it. */
  cwd: string;
  /** The analysed files whose results are reported (absolute, sorted). */
  files: string[];
  findings: Finding[];
  /** Findings silenced by a suppression comment: not counted, listed in JSON and SARIF (marked suppressed). */
  suppressed: SuppressedFinding[];
  problems: Problem[];
  /** Filled only with `--explain-unknowns`. */
  unknowns: UnknownNote[] | undefined;
  /** Every rule the tool has, with the severity in effect for this scan. */
  rules: { meta: RuleMeta; setting: SeveritySetting }[];
  /** False when the tool itself failed on part of the input (an internal error problem). */
  complete: boolean;
  /** With `--baseline`: which findings the baseline had, and its results this run no longer finds. */
  baseline?: BaselineComparison;
  /** The topology of each reported deployment, when the output draws it (`graph`, `--format markdown`). */
  topology?: TopologyDeployment[];
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

/** Findings (rule results) and notes (front-end problems: files not parsed, read or followed), counted apart. */
export interface ReportCounts {
  findings: Counts;
  notes: Counts;
}

function count(list: readonly { severity: keyof Counts }[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const x of list) counts[x.severity]++;
  return counts;
}

export function countBySeverity(report: ScanReport): ReportCounts {
  return { findings: count(report.findings), notes: count(report.problems) };
}

export function total(c: Counts): number {
  return c.error + c.warning + c.info;
}

/** A path as the user reads it: relative, with forward slashes, so output is the same on every OS. */
export function relativePath(from: string, file: string): string {
  const rel = path.relative(from, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

function compareSpans(a: SourceSpan, b: SourceSpan): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.start.line - b.start.line ||
    a.start.character - b.start.character
  );
}

/** Output order: by file and position, then by id, so runs are diffable. */
export function sorted<T extends { span: SourceSpan }>(list: readonly T[], id: (x: T) => string): T[] {
  return [...list].sort((a, b) => compareSpans(a.span, b.span) || id(a).localeCompare(id(b)));
}

/** 1-based line and column, as compilers, SARIF and editors' "go to line" count. */
export interface OneBasedRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(span: SourceSpan): OneBasedRange {
  return {
    startLine: span.start.line + 1,
    startColumn: span.start.character + 1,
    endLine: span.end.line + 1,
    endColumn: span.end.character + 1,
  };
}
