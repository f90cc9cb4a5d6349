import { SyntaxKind, createScanner } from 'jsonc-parser';
import type { SourceComment } from './frontend';

/** `//` and `/* *\/` comments of a JSONC text, as jsonc-parser's scanner reads them. */
export function jsonComments(text: string): SourceComment[] {
  const out: SourceComment[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    const closed = kind === SyntaxKind.BlockCommentTrivia && text.startsWith('*/', end - 2) && end - start >= 4;
    out.push({ start, end, bodyStart: start + 2, bodyEnd: closed ? end - 2 : end });
  }
  return out;
}
