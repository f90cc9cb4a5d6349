import type { CodeAction, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import { writeFix } from '../fixes';
import type { TextEdit } from '../fixes/writer';
import type { Problem } from '../graph/problem';
import type { Finding } from '../rulekit/rule';
import type { DiagnosticLinks } from './diagnostics';
import { findingDiagnostic, problemDiagnostic, rangesMeet, toRange } from './diagnostics';
import type { DeploymentRecord } from './folder-analysis';

/** What quick fixes need to know about the editor and the last analyses. */
export interface FixSource {
  findingsIn(file: string): { finding: Finding; record: DeploymentRecord }[];
  /** Problems reported in `file` (an unused suppression carries the edit that removes it). */
  problemsIn(file: string): { problem: Problem; record: DeploymentRecord }[];
  readCurrent(file: string): string | undefined;
  versionOf(file: string): number | undefined;
  links(): DiagnosticLinks;
  log(message: string): void;
  /** Whether the client takes versioned `documentChanges` (it then refuses edits to a changed document). */
  documentChanges: boolean;
}

/**
 * Quick fixes for the findings in `range` of `file`. A fix is offered only while every file it
 * edits is still at the version that was analysed: otherwise the finding's spans may be stale.
 */
export function quickFixes(file: string, range: Range, source: FixSource): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const { finding, record } of source.findingsIn(file)) {
    if (finding.fixes.length === 0 || !rangesMeet(toRange(finding.span), range)) continue;
    for (const fix of finding.fixes) {
      let edits: TextEdit[] | undefined;
      try {
        edits = writeFix(fix, (f) => source.readCurrent(f));
      } catch (err) {
        source.log(`the fix for ${finding.ruleId} failed: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (!edits) continue;
      const files = new Set([file, ...edits.map((e) => e.span.file)]);
      if ([...files].some((f) => source.versionOf(f) !== record.versions.get(f))) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [findingDiagnostic(finding, source.links())],
        // The rule's preferred fix is what "auto fix" applies.
        isPreferred: fix.preferred === true,
        edit: workspaceEdit(edits, source),
      });
    }
  }
  for (const { problem, record } of source.problemsIn(file)) {
    const fix = problem.fix;
    if (!fix || !rangesMeet(toRange(problem.span), range)) continue;
    if (fix.edits.some((e) => source.versionOf(e.span.file) !== record.versions.get(e.span.file))) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [problemDiagnostic(problem)],
      isPreferred: true,
      edit: workspaceEdit(fix.edits, source),
    });
  }
  return actions;
}

/** The edits as one workspace edit: versioned `documentChanges` when the client takes them, else `changes`. */
export function workspaceEdit(edits: TextEdit[], source: FixSource): WorkspaceEdit {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const e of edits) {
    const list = byFile.get(e.span.file) ?? [];
    list.push({ range: toRange(e.span), newText: e.newText });
    byFile.set(e.span.file, list);
  }
  const uriOf = source.links().uriOf;
  if (source.documentChanges) {
    return {
      documentChanges: [...byFile].map(([f, list]) => ({
        textDocument: { uri: uriOf(f), version: source.versionOf(f) ?? null },
        edits: list,
      })),
    };
  }
  return { changes: Object.fromEntries([...byFile].map(([f, list]) => [uriOf(f), list])) };
}
