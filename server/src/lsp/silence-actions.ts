import * as path from 'node:path';
import type { CodeAction, Range, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { SeveritySetting } from '../config';
import { findConfigFile } from '../config-file/find';
import { CONFIG_FILE_NAME } from '../config-file/spec';
import { newConfigWithRuleOff, turnOffEdits } from '../config-file/turn-off';
import type { SourceComment } from '../frontends/frontend';
import type { Finding } from '../rulekit/rule';
import { suppressionEdit } from '../suppressions/insert';
import type { FixSource } from './code-actions';
import { workspaceEdit } from './code-actions';
import { findingDiagnostic, rangesMeet, toRange } from './diagnostics';
import type { DeploymentRecord } from './folder-analysis';

/** What silencing a finding needs beyond what the fixes need. */
export interface SilenceSource {
  /** The comments of a file as its front end reads them (the suppressions are read from these). */
  commentsOf(file: string, text: string): SourceComment[];
  /** The workspace folder holding `file`; undefined outside every folder. */
  rootOf(file: string): string | undefined;
  /** The per-rule severities of the editor settings of a workspace folder: they win over the file. */
  settingSeverities(root: string): Readonly<Record<string, SeveritySetting>>;
  /** Whether the client creates files from a workspace edit (`resourceOperations` has `create`). */
  createsFiles: boolean;
}

/**
 * For every finding in `range`: "Suppress <rule> on this line" (a suppression comment before its
 * line) and "Turn off <rule> in the workspace configuration" (`severity.<rule>: "off"` in the
 * `.amlnetworkguard.json` that applies to its deployment). One of each per rule and line, never
 * preferred: they silence, where the fixes repair, so they come after them in the menu.
 */
export function silenceActions(file: string, range: Range, source: FixSource, silence: SilenceSource): CodeAction[] {
  const suppress: CodeAction[] = [];
  const turnOff: CodeAction[] = [];
  const seen = new Set<string>();
  for (const { finding, record } of source.findingsIn(file)) {
    if (!rangesMeet(toRange(finding.span), range)) continue;
    // The edits are written against the text the finding's position comes from.
    if (source.versionOf(file) !== record.versions.get(file)) continue;
    const line = finding.span.start.line;
    const diagnostics = [findingDiagnostic(finding, source.links())];
    if (!seen.has(`${finding.ruleId}:${line}`)) {
      seen.add(`${finding.ruleId}:${line}`);
      const text = source.readCurrent(file);
      const edit =
        text === undefined
          ? undefined
          : suppressionEdit(file, text, finding.ruleId, line, (t) => silence.commentsOf(file, t));
      if (edit)
        suppress.push({
          title: `Suppress ${finding.ruleId} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: workspaceEdit([edit], source),
        });
    }
    if (!seen.has(finding.ruleId)) {
      seen.add(finding.ruleId);
      const edit = turnOffEdit(finding, record, source, silence);
      if (edit)
        turnOff.push({
          title: `Turn off ${finding.ruleId} in the workspace configuration`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit,
        });
    }
  }
  return [...suppress, ...turnOff];
}

/**
 * The edit of the configuration file that applies to the finding's deployment (the nearest one up
 * to the workspace folder), or of a new one in the workspace folder. None outside a workspace
 * folder (no file there is the team's), and none when the folder's editor settings give the rule a
 * severity, which the file cannot override.
 */
function turnOffEdit(
  finding: Finding,
  record: DeploymentRecord,
  source: FixSource,
  silence: SilenceSource,
): WorkspaceEdit | undefined {
  const root = silence.rootOf(record.dir);
  if (root === undefined || silence.settingSeverities(root)[finding.ruleId] !== undefined) return undefined;
  const found = findConfigFile(record.dir, root, (f) => source.readCurrent(f));
  if (found) {
    const edits = turnOffEdits(found.file, found.text, finding.ruleId);
    return edits && workspaceEdit(edits, source);
  }
  if (!source.documentChanges || !silence.createsFiles) return undefined;
  const uri = source.links().uriOf(path.join(root, CONFIG_FILE_NAME));
  const start = { line: 0, character: 0 };
  return {
    // Without `overwrite` or `ignoreIfExists` the client refuses the edit if the file appeared meanwhile.
    documentChanges: [
      { kind: 'create', uri },
      {
        textDocument: { uri, version: null },
        edits: [{ range: { start, end: start }, newText: newConfigWithRuleOff(finding.ruleId) }],
      },
    ],
  };
}
