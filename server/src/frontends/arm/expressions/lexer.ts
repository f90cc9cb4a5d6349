/** Tokens of the ARM expression language. */
export type TokenKind = 'identifier' | 'string' | 'number' | '(' | ')' | ',' | '.' | '[' | ']' | 'end';

export interface Token {
  kind: TokenKind;
  /** Decoded text: the string without quotes and with `''` unescaped, the identifier, the digits. */
  text: string;
  start: number;
  end: number;
}

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the expression string (the `[` is offset 0). */
    readonly offset: number,
  ) {
    super(message);
  }
}

const PUNCTUATION = new Set(['(', ')', ',', '.', '[', ']']);

/** Splits `text[from, to)` into tokens; throws ExpressionSyntaxError at the offending character. */
export function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, start: i, end: i + 1 });
      i++;
    } else if (c === "'") {
      i = readString(text, i, to, tokens);
    } else if (isDigit(c) || ((c === '-' || c === '+') && isDigit(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < to && (isDigit(text[j]) || text[j] === '.')) j++;
      tokens.push({ kind: 'number', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else if (isIdentifierStart(c)) {
      let j = i + 1;
      while (j < to && isIdentifierPart(text[j])) j++;
      tokens.push({ kind: 'identifier', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      throw new ExpressionSyntaxError(`unexpected character '${c}'`, i);
    }
  }
  tokens.push({ kind: 'end', text: '', start: to, end: to });
  return tokens;
}

function readString(text: string, start: number, to: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  while (i < to) {
    if (text[i] === "'") {
      if (text[i + 1] === "'" && i + 1 < to) {
        value += "'";
        i += 2;
        continue;
      }
      tokens.push({ kind: 'string', text: value, start, end: i + 1 });
      return i + 1;
    }
    value += text[i];
    i++;
  }
  throw new ExpressionSyntaxError('unterminated string literal', start);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentifierStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}

function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || isDigit(c) || c === '-';
}
