import type { SeveritySetting } from '../config';
import type { SourceComment } from '../frontends/frontend';
import type { Problem, ProblemFix, UnknownNote } from '../graph/problem';
import type { SourceSpan } from '../graph/span';
import type { Finding } from '../rulekit/rule';
import { didYouMean } from '../suggest';
import type { Directive, DirectiveId } from './directives';
import { FILE, NEXT_LINE, mayHaveDirectives, parseDirectives } from './directives';
import { removeComment, removeId } from './removal';

export const UNUSED_SUPPRESSION = 'unused-suppression';

/** How a finding was silenced: SARIF's `suppressions[]` (kind `inSource`) and JSON's `suppression`. */
export interface Suppression {
  kind: 'next-line' | 'file';
  /** The reason written after `--`. */
  justification?: string;
  /** The suppression comment. */
  span: SourceSpan;
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}

export interface SuppressionInput {
  findings: readonly Finding[];
  unknowns: readonly UnknownNote[];
  /** The deployment's own files: an unused suppression is reported only there (elsewhere it may serve another deployment). */
  ownFiles: readonly string[];
  read(file: string): string | undefined;
  /** The comments of a file, from the front end that reads it (none when no front end does). */
  commentsOf(file: string, text: string): SourceComment[];
  /** Every rule id the tool has. */
  knownRules: ReadonlySet<string>;
  /** Rules that ran to the end: a suppression naming another one (off, failed) may be needed and is never called unused. */
  ranRules: ReadonlySet<string>;
  unusedSeverity: SeveritySetting;
}

export interface SuppressionResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** `unused-suppression` problems, each with a fix that removes the comment or the id. */
  problems: Problem[];
}

/**
 * Applies the suppression comments after the rules ran: this is the one place that reads text
 * after the graph, because a suppression is a statement about the text. Not-evaluated notes are
 * never silenced (`--explain-unknowns` lists every check that was not decided), but a note on a
 * suppressed line counts as a use: the rule may report there once the value is known, so the
 * suppression is not stale.
 */
export function applySuppressions(input: SuppressionInput): SuppressionResult {
  const directives = new Map<string, Directive[]>();
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) texts.set(file, input.read(file));
    return texts.get(file);
  };
  const directivesOf = (file: string): Directive[] => {
    let list = directives.get(file);
    if (!list) {
      const text = textOf(file);
      list =
        text !== undefined && mayHaveDirectives(text) ? parseDirectives(file, text, input.commentsOf(file, text)) : [];
      // A next-line directive is more specific: its reason is the one shown.
      list.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'next-line' ? -1 : 1));
      directives.set(file, list);
    }
    return list;
  };

  const used = new Set<Directive | DirectiveId>();
  const match = (ruleId: string, span: SourceSpan): Directive | undefined => {
    let first: Directive | undefined;
    for (const d of directivesOf(span.file)) {
      if (d.kind === 'next-line' && d.line !== span.start.line) continue;
      const hits = d.ids.length === 0 ? [d] : d.ids.filter((i) => i.id === ruleId);
      if (hits.length === 0) continue;
      for (const h of hits) used.add(h);
      first ??= d;
    }
    return first;
  };

  const result: SuppressionResult = { findings: [], suppressed: [], problems: [] };
  for (const finding of input.findings) {
    const d = match(finding.ruleId, finding.span);
    if (!d) result.findings.push(finding);
    else
      result.suppressed.push({
        finding,
        suppression: { kind: d.kind, span: d.span, ...(d.reason !== undefined && { justification: d.reason }) },
      });
  }
  for (const note of input.unknowns) match(note.ruleId, note.span);

  const severity = input.unusedSeverity;
  if (severity === 'off') return result;
  const everyRuleRan = [...input.knownRules].every((id) => input.ranRules.has(id));
  for (const file of input.ownFiles) {
    const text = textOf(file);
    if (text === undefined) continue;
    for (const d of directivesOf(file)) {
      const unused = d.ids.filter((i) => !used.has(i) && (!input.knownRules.has(i.id) || input.ranRules.has(i.id)));
      const problem = (span: SourceSpan, message: string, fix: ProblemFix): Problem => ({
        code: UNUSED_SUPPRESSION,
        severity,
        message,
        span,
        fix,
      });
      if (d.ids.length === 0 ? !used.has(d) && everyRuleRan : unused.length === d.ids.length) {
        const fix = { title: 'Remove the unused suppression comment', edits: [removeComment(file, text, d.comment)] };
        result.problems.push(problem(d.span, wholeMessage(d, input.knownRules), fix));
        continue;
      }
      for (const id of unused) {
        const fix = {
          title: `Remove '${id.id}' from the suppression`,
          edits: [removeId(file, text, d, d.ids.indexOf(id))],
        };
        result.problems.push(problem(id.span, idMessage(d, id, input.knownRules), fix));
      }
    }
  }
  return result;
}

function where(d: Directive): string {
  return d.kind === 'next-line' ? `on line ${d.line + 1}` : 'in this file';
}

function wholeMessage(d: Directive, known: ReadonlySet<string>): string {
  const keyword = d.kind === 'next-line' ? NEXT_LINE : FILE;
  if (d.ids.length === 0) return `${keyword} suppresses nothing: there is no finding ${where(d)}. Remove it.`;
  const unknown = d.ids.filter((i) => !known.has(i.id));
  const names = d.ids.map((i) => i.id).join(', ');
  const typo =
    unknown.length > 0
      ? ` ${unknown.map((i) => `'${i.id}' is not a rule id${didYouMean(i.id, known)}.`).join(' ')}`
      : '';
  return `${keyword} ${names} suppresses nothing: there is no such finding ${where(d)}.${typo} Remove it.`;
}

function idMessage(d: Directive, id: DirectiveId, known: ReadonlySet<string>): string {
  if (!known.has(id.id))
    return `'${id.id}' is not a rule id${didYouMean(id.id, known)}, so it suppresses nothing. Remove it from the suppression.`;
  return `${id.id} has no finding ${where(d)}, so this part of the suppression is unused. Remove it from the suppression.`;
}
