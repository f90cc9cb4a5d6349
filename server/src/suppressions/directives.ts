import type { SourceComment } from '../frontends/frontend';
import type { SourceSpan } from '../graph/span';
import { LineMap } from '../graph/span';

/**
 * Suppression comments, in every language's own comment syntax (`//`, `/* *\/`, and `#` in
 * Terraform):
 *
 *   aml-network-guard-disable-next-line <rule-id>[, <rule-id>…] [-- reason]
 *   aml-network-guard-disable-file <rule-id>[, <rule-id>…] [-- reason]
 *
 * Ids are separated by commas or spaces (ESLint writes commas, Bicep's `#disable-next-line` spaces);
 * everything after `--` is the reason, as in ESLint. Without ids the comment silences every rule.
 * The keyword must open the comment, so prose that mentions it is not a suppression.
 */
export const NEXT_LINE = 'aml-network-guard-disable-next-line';
export const FILE = 'aml-network-guard-disable-file';

export interface DirectiveId {
  id: string;
  /** Offsets of the id in the file. */
  start: number;
  end: number;
  span: SourceSpan;
}

export interface Directive {
  kind: 'next-line' | 'file';
  file: string;
  /** The whole comment. */
  span: SourceSpan;
  comment: SourceComment;
  ids: DirectiveId[];
  reason?: string;
  /** The line (0-based) a `next-line` directive applies to: the one after the comment ends. */
  line: number;
}

const KEYWORD = new RegExp(`^\\s*(${NEXT_LINE}|${FILE})(?=\\s|$)`);
// Ids never start with a dash, so `--` before a word starts the reason even without a space after it.
const REASON = /(?:^|\s)--/;
const ID = /[^\s,]+/g;

/** Whether a text may hold a directive: a cheap test before asking a front end for its comments. */
export function mayHaveDirectives(text: string): boolean {
  return text.includes('aml-network-guard-disable');
}

export function parseDirectives(file: string, text: string, comments: readonly SourceComment[]): Directive[] {
  const lines = new LineMap(text);
  const out: Directive[] = [];
  for (const comment of comments) {
    const body = text.slice(comment.bodyStart, comment.bodyEnd);
    const m = KEYWORD.exec(body);
    if (!m) continue;
    const restStart = m[0].length;
    const reasonAt = REASON.exec(body.slice(restStart));
    const idsEnd = reasonAt ? restStart + reasonAt.index : body.length;
    const ids: DirectiveId[] = [];
    for (const id of body.slice(restStart, idsEnd).matchAll(ID)) {
      const start = comment.bodyStart + restStart + (id.index ?? 0);
      const end = start + id[0].length;
      ids.push({ id: id[0], start, end, span: lines.span(file, start, end) });
    }
    const reason = reasonAt
      ? body
          .slice(restStart + reasonAt.index + reasonAt[0].length)
          .replace(/^-+/, '')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
    const span = lines.span(file, comment.start, comment.end);
    out.push({
      kind: m[1] === NEXT_LINE ? 'next-line' : 'file',
      file,
      span,
      comment,
      ids,
      ...(reason !== '' && { reason }),
      line: span.end.line + 1,
    });
  }
  return out;
}
