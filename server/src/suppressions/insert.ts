import { lineIndentAt } from '../fixes/json-style';
import type { TextEdit } from '../fixes/writer';
import type { SourceComment } from '../frontends/frontend';
import { LineMap } from '../graph/span';
import type { Directive } from './directives';
import { NEXT_LINE, mayHaveDirectives, parseDirectives } from './directives';

/** What the author writes over: a suppression says why the finding is accepted. */
export const REASON_PLACEHOLDER = 'reason: <why this is accepted>';

/**
 * How a line comment opens in the file's language, or undefined when the file cannot hold one its
 * own tool would accept: Terraform's JSON syntax (`.tf.json`) has no comments, so one there would
 * break `terraform plan` even though this tool would read it.
 */
export function lineCommentOpener(file: string): string | undefined {
  if (/\.tf\.json$/i.test(file)) return undefined;
  if (/\.tf$/i.test(file)) return '#';
  // ARM templates are JSONC for the deployment engine, the Azure CLI and VS Code alike.
  if (/\.(bicep|json|jsonc)$/i.test(file)) return '//';
  return undefined;
}

/**
 * The edit that suppresses `ruleId` on `line` (0-based) of `file`: a next-line suppression comment
 * on its own line before it, indented like it, with a reason placeholder; or, when a suppression
 * for that line is already there, the rule id added to it (a second comment would push the first
 * away from its line). The edit is checked by reading the edited text as the analysis will
 * (`commentsOf` is the front end's comment reader): undefined when the comment would not be a
 * suppression of that line there (say the line starts inside a heredoc or a multi-line string).
 */
export function suppressionEdit(
  file: string,
  text: string,
  ruleId: string,
  line: number,
  commentsOf: (text: string) => SourceComment[],
): TextEdit | undefined {
  const opener = lineCommentOpener(file);
  if (opener === undefined) return undefined;
  const lines = new LineMap(text);
  const existing = directivesOf(file, text, commentsOf).find(
    (d) => d.kind === 'next-line' && d.line === line && d.ids.length > 0,
  );
  let offset: number;
  let newText: string;
  let suppressedLine: number;
  if (existing) {
    const ids = existing.ids;
    // The directive's own separator: Bicep's habit is spaces, ESLint's commas.
    const spaced = ids.length > 1 && !text.slice(ids[0].end, ids[1].start).includes(',');
    offset = ids[ids.length - 1].end;
    newText = `${spaced ? ' ' : ', '}${ruleId}`;
    suppressedLine = line;
  } else {
    offset = lines.offset({ line, character: 0 });
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    newText = `${lineIndentAt(text, offset)}${opener} ${NEXT_LINE} ${ruleId} -- ${REASON_PLACEHOLDER}${eol}`;
    suppressedLine = line + 1;
  }
  const edited = text.slice(0, offset) + newText + text.slice(offset);
  const works = directivesOf(file, edited, commentsOf).some(
    (d) => d.kind === 'next-line' && d.line === suppressedLine && d.ids.some((i) => i.id === ruleId),
  );
  return works ? { span: lines.span(file, offset, offset), newText } : undefined;
}

function directivesOf(file: string, text: string, commentsOf: (text: string) => SourceComment[]): Directive[] {
  return mayHaveDirectives(text) ? parseDirectives(file, text, commentsOf(text)) : [];
}
