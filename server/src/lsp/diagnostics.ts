import * as path from 'node:path';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Problem, Severity, UnknownNote } from '../graph/problem';
import type { SourceSpan } from '../graph/span';
import type { Finding } from '../rulekit/rule';
import { UNUSED_SUPPRESSION } from '../suppressions/apply';

/** `Diagnostic.source` of everything this server reports. */
export const DIAGNOSTIC_SOURCE = 'aml-network-guard';

/** How diagnostics name files and documentation pages. */
export interface DiagnosticLinks {
  /** The URI to use for a file (the client's own spelling when the document is open). */
  uriOf(file: string): string;
  /** The folder holding `<rule-id>.md`, shipped with the extension. */
  docsDir: string;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(span: SourceSpan): Range {
  return { start: { ...span.start }, end: { ...span.end } };
}

export function findingDiagnostic(finding: Finding, links: DiagnosticLinks): Diagnostic {
  return {
    range: toRange(finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: links.uriOf(path.join(links.docsDir, `${finding.ruleId}.md`)) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({
      location: { uri: links.uriOf(r.span.file), range: toRange(r.span) },
      message: r.message,
    })),
  };
}

export function problemDiagnostic(problem: Problem): Diagnostic {
  return {
    range: toRange(problem.span),
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
    // Editors fade an unused suppression like an unused variable.
    ...(problem.code === UNUSED_SUPPRESSION && { tags: [DiagnosticTag.Unnecessary] }),
  };
}

/** A not-evaluated note (`amlNetworkGuard.showUnknowns`): a hint, with the rule's id and page. */
export function unknownDiagnostic(note: UnknownNote, links: DiagnosticLinks): Diagnostic {
  return {
    range: toRange(note.span),
    severity: DiagnosticSeverity.Hint,
    code: note.ruleId,
    codeDescription: { href: links.uriOf(path.join(links.docsDir, `${note.ruleId}.md`)) },
    source: DIAGNOSTIC_SOURCE,
    message: `Not evaluated: ${note.message}${/[.!?]$/.test(note.message) ? '' : '.'}`,
  };
}

/** Whether two ranges share at least a position (touching counts, as editors ask for a cursor position). */
export function rangesMeet(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: Range['start'], q: Range['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}
