/** How a JSON file is laid out, so that inserted text looks as if the author had written it. */
export interface JsonStyle {
  /** One level of indentation: a tab or some spaces. */
  indent: string;
  eol: string;
}

/**
 * Guesses the indentation unit from the most frequent increase of leading whitespace between
 * consecutive lines; that survives a few odd lines (long wrapped arrays, comments) better than the
 * first indented line would.
 */
export function detectStyle(text: string): JsonStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  if (lines.some((l) => l.startsWith('\t'))) return { indent: '\t', eol };
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const delta = leadingWidth(lines[i]) - leadingWidth(lines[i - 1]);
    if (delta > 0 && delta <= 8) counts.set(delta, (counts.get(delta) ?? 0) + 1);
  }
  let best = 2;
  let bestCount = 0;
  for (const [delta, count] of counts) {
    if (count > bestCount || (count === bestCount && delta < best)) {
      best = delta;
      bestCount = count;
    }
  }
  return { indent: ' '.repeat(best), eol };
}

/** The whitespace that starts the line containing `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

function leadingWidth(line: string): number {
  return line.length - line.trimStart().length;
}
