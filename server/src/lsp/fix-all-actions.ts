import type { CodeAction, Range, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { FixAnalysis } from '../fixes/fix-all';
import { fixAll, fixedEdits } from '../fixes/fix-all';
import type { FixSource } from './code-actions';
import { workspaceEdit } from './code-actions';
import { findingDiagnostic, rangesMeet, toRange } from './diagnostics';

/** The kind of "fix everything fixable in this file", for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.amlNetworkGuard`;

/** What a fix-all action carries until its edit is resolved: the file, and the rule (none: every rule). */
interface FixAllData {
  fixAll: { file: string; rule?: string };
}

export interface FixAllSource extends FixSource {
  /** The folder's analysis with `texts` in place of the current texts; undefined when it did not finish. */
  analyse(dir: string, texts: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<FixAnalysis | undefined>;
  /** Whether a fix may edit the file (an editor edit of a file that is not there would create it). */
  writable(file: string): boolean;
}

/**
 * The fix-all actions for `range` of `file` that `only` lets through, without their edits (see
 * `resolveFixAll`): "Fix all <rule> problems in this file" on a finding whose rule has two or more
 * fixable findings in the file, as ESLint offers it, and the `source.fixAll` action, only when asked
 * for by kind (a plain lightbulb request is no request to fix the whole file).
 */
export function fixAllActions(file: string, range: Range, only: string[] | undefined, source: FixSource): CodeAction[] {
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const fixable = source
    .findingsIn(file)
    .map((e) => e.finding)
    .filter((f) => f.fixes.some((fix) => fix.preferred === true));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const offered = new Set<string>();
    for (const finding of fixable) {
      if (offered.has(finding.ruleId) || !rangesMeet(toRange(finding.span), range)) continue;
      const same = fixable.filter((f) => f.ruleId === finding.ruleId);
      if (same.length < 2) continue;
      offered.add(finding.ruleId);
      const data: FixAllData = { fixAll: { file, rule: finding.ruleId } };
      out.push({
        title: `Fix all ${finding.ruleId} problems in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: same.map((f) => findingDiagnostic(f, source.links())),
        data,
      });
    }
  }
  if (only && wants(FIX_ALL_KIND) && fixable.length > 0) {
    const data: FixAllData = { fixAll: { file } };
    out.push({ title: 'Fix all Azure ML Network Guard problems', kind: FIX_ALL_KIND, data });
  }
  return out;
}

/**
 * The action with its edit: the preferred fixes of the file's findings (of its rule, for a per-rule
 * action), applied one by one and each re-analysed (fixes/fix-all.ts), as minimal line edits of
 * the texts the last analysis saw. Without an edit when nothing could be fixed, an analysis did
 * not finish, or a file it touches changed meanwhile.
 */
export async function resolveFixAll(
  action: CodeAction,
  source: FixAllSource,
  signal?: AbortSignal,
): Promise<CodeAction> {
  const data = fixAllData(action.data);
  if (!data) return action;
  const edit = await fixAllEdit(data.fixAll.file, data.fixAll.rule, source, signal);
  return edit ? { ...action, edit } : action;
}

function fixAllData(data: unknown): FixAllData | undefined {
  const fixAll = (data as Partial<FixAllData> | undefined)?.fixAll;
  if (typeof fixAll?.file !== 'string') return undefined;
  return typeof fixAll.rule === 'string'
    ? { fixAll: { file: fixAll.file, rule: fixAll.rule } }
    : { fixAll: { file: fixAll.file } };
}

/** An analysis that did not finish: the fix-all gives up rather than write unchecked fixes. */
class Unfinished extends Error {}

async function fixAllEdit(
  file: string,
  rule: string | undefined,
  source: FixAllSource,
  signal?: AbortSignal,
): Promise<WorkspaceEdit | undefined> {
  const record = source.findingsIn(file)[0]?.record;
  if (!record) return undefined;
  // Only the analysed versions: the findings' spans are stale in any other.
  const stale = (f: string): boolean => source.versionOf(f) !== record.versions.get(f);
  if (stale(file)) return undefined;
  let texts: Map<string, string>;
  try {
    const result = await fixAll({
      initial: record.result,
      wanted: (f) => f.span.file === file && (rule === undefined || f.ruleId === rule),
      writable: (f) => source.writable(f) && !stale(f),
      read: (f) => source.readCurrent(f),
      analyse: async (edited) => {
        const analysis = await source.analyse(record.dir, edited, signal);
        if (!analysis) throw new Unfinished();
        return analysis;
      },
    });
    for (const { finding, why } of result.skipped)
      source.log(`fix all: ${finding.ruleId} in ${file} not fixed: ${why}`);
    texts = result.texts;
  } catch (err) {
    if (err instanceof Unfinished) return undefined;
    throw err;
  }
  if (texts.size === 0 || [...texts.keys()].some(stale)) return undefined;
  return workspaceEdit(
    fixedEdits(texts, (f) => source.readCurrent(f)),
    source,
  );
}
