import type { TextEdit } from './writer';
import { LineMap } from '../graph/span';

/** The text after applying edits to one file (edits must not overlap, as LSP requires). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineMap(text);
  const offsets = edits
    .map((e, index) => ({
      start: lines.offset(e.span.start),
      end: lines.offset(e.span.end),
      newText: e.newText,
      index,
    }))
    // Inserts at one position apply in array order, so the later one goes in first.
    .sort((a, b) => b.start - a.start || b.index - a.index);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
