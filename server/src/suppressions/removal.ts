import type { TextEdit } from '../fixes/writer';
import type { SourceComment } from '../frontends/frontend';
import { LineMap } from '../graph/span';
import type { Directive } from './directives';

/**
 * The edit that deletes a comment: its whole line when nothing else is on it, else the comment and
 * the blanks that separate it from the code.
 */
export function removeComment(file: string, text: string, c: SourceComment): TextEdit {
  const lines = new LineMap(text);
  const lineStart = lineStartOf(text, c.start);
  const lineEnd = lineEndOf(text, c.end);
  const before = text.slice(lineStart, c.start);
  const after = text.slice(c.end, lineEnd);
  if (before.trim() === '' && after.trim() === '') {
    const breakLength = text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0;
    // The last line has no line break of its own: take the one before it instead.
    const start =
      breakLength === 0 && lineStart > 0 ? lineStart - (text.startsWith('\r\n', lineStart - 2) ? 2 : 1) : lineStart;
    return { span: lines.span(file, start, lineEnd + breakLength), newText: '' };
  }
  if (before.trim() === '') return { span: lines.span(file, c.start, c.end + leadingBlanks(after)), newText: '' };
  return { span: lines.span(file, c.start - trailingBlanks(before), c.end), newText: '' };
}

/** The edit that deletes the `index`-th id of a directive with several, with one separator. */
export function removeId(file: string, text: string, d: Directive, index: number): TextEdit {
  const lines = new LineMap(text);
  const ids = d.ids;
  const [start, end] =
    index < ids.length - 1 ? [ids[index].start, ids[index + 1].start] : [ids[index - 1].end, ids[index].end];
  return { span: lines.span(file, start, end), newText: '' };
}

function lineStartOf(text: string, offset: number): number {
  for (let i = offset; i > 0; i--) if (text[i - 1] === '\n' || text[i - 1] === '\r') return i;
  return 0;
}

function lineEndOf(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

function leadingBlanks(s: string): number {
  return /^[ \t]*/.exec(s)![0].length;
}

function trailingBlanks(s: string): number {
  return /[ \t]*$/.exec(s)![0].length;
}
