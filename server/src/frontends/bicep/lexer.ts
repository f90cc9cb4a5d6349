import type { Comment, SyntaxError } from './syntax';

/**
 * Tokens of the Bicep language. Newlines are tokens (they end declarations, properties and
 * items); runs of them, with the comments between, are one token. Strings with holes come as
 * pieces: `'a${` (left), `}b${` (middle), `}c'` (right), the holes' tokens between them.
 */
export type TokenKind =
  | 'identifier'
  | 'integer'
  | 'string'
  | 'stringLeft'
  | 'stringMiddle'
  | 'stringRight'
  | 'newline'
  | 'eof'
  | 'unrecognized'
  | Punctuation;

type Punctuation =
  | '{'
  | '}'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '.'
  | '?'
  | ':'
  | ';'
  | '='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '!'
  | '<'
  | '>'
  | '<='
  | '>='
  | '=='
  | '!='
  | '=~'
  | '!~'
  | '&&'
  | '||'
  | '??'
  | '::'
  | '=>'
  | '|'
  | '...'
  | '^'
  | '@';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The decoded text of a string piece (escapes applied); the source text otherwise. */
  value: string;
  /** A multi-line `'''` string piece. */
  multiline?: boolean;
  /** First token on its line (only whitespace and comments before it). */
  lineStart: boolean;
  /** Column of the token's first character (UTF-16 units from the line start). */
  column: number;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

/** Operators by first character, longest first (`...` before `.`, `==` before `=`). */
const OPERATORS = new Map<string, readonly Punctuation[]>();
for (const op of [
  '...',
  '<=',
  '>=',
  '==',
  '!=',
  '=~',
  '!~',
  '&&',
  '||',
  '??',
  '::',
  '=>',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '?',
  ':',
  ';',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '<',
  '>',
  '|',
  '^',
  '@',
] as const) {
  OPERATORS.set(op[0], [...(OPERATORS.get(op[0]) ?? []), op]);
}

/** An open interpolation hole: which string it belongs to, and how many `{` of objects are open inside it. */
interface Hole {
  multiline: boolean;
  dollars: number;
  braces: number;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  errors: SyntaxError[];
}

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

class Lexer {
  private pos = 0;
  private lineStart = 0;
  private atLineStart = true;
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly errors: SyntaxError[] = [];
  private readonly holes: Hole[] = [];

  constructor(private readonly text: string) {}

  run(): LexResult {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.text.length) break;
      this.token();
    }
    this.push('eof', this.text.length, this.text.length, '');
    return { tokens: this.tokens, comments: this.comments, errors: this.errors };
  }

  private push(kind: TokenKind, start: number, end: number, value: string, multiline?: boolean): void {
    this.tokens.push({
      kind,
      start,
      end,
      value,
      multiline,
      lineStart: this.atLineStart,
      column: start - this.lineStart,
    });
    this.atLineStart = false;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message });
  }

  /** Spaces, comments and `#disable-next-line` pragmas; newlines are tokens and stop here. */
  private skipTrivia(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
        this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '/') {
        const start = this.pos;
        while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
        this.comments.push({ kind: 'line', start, end: this.pos, text: t.slice(start, this.pos) });
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const start = this.pos;
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) this.error(start, start + 2, 'unterminated comment');
        this.pos = close < 0 ? t.length : close + 2;
        // A block comment spanning lines still leaves the next token where it is on its own line.
        const inside = t.slice(start, this.pos);
        const lastBreak = Math.max(inside.lastIndexOf('\n'), inside.lastIndexOf('\r'));
        if (lastBreak >= 0) this.lineStart = start + lastBreak + 1;
        this.comments.push({ kind: 'block', start, end: this.pos, text: inside });
      } else if (c === '#' && this.atLineStart && /^#[a-z-]+/.test(t.slice(this.pos, this.pos + 40))) {
        const start = this.pos;
        while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
        this.comments.push({ kind: 'pragma', start, end: this.pos, text: t.slice(start, this.pos) });
      } else {
        return;
      }
    }
  }

  private token(): void {
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === '\n' || c === '\r') {
      this.newlines();
      return;
    }
    if (c === "'") {
      if (t.startsWith("'''", start)) {
        this.pos += 3;
        this.multiline(start, true, 0);
      } else {
        this.pos++;
        this.stringPiece(start, true);
      }
      return;
    }
    if (c === '$') {
      let j = start;
      while (t[j] === '$') j++;
      if (t.startsWith("'''", j)) {
        this.pos = j + 3;
        this.multiline(start, true, j - start);
        return;
      }
    }
    if (isDigit(c)) {
      let j = start + 1;
      while (j < t.length && isDigit(t[j])) j++;
      this.pos = j;
      this.push('integer', start, j, t.slice(start, j));
      return;
    }
    if (isIdentStart(c)) {
      let j = start + 1;
      while (j < t.length && isIdentPart(t[j])) j++;
      this.pos = j;
      this.push('identifier', start, j, t.slice(start, j));
      return;
    }
    if (c === '{' && this.holes.length > 0) this.holes[this.holes.length - 1].braces++;
    if (c === '}' && this.holes.length > 0) {
      const hole = this.holes[this.holes.length - 1];
      if (hole.braces === 0) {
        this.pos++;
        this.holes.pop();
        if (hole.multiline) this.multiline(start, false, hole.dollars);
        else this.stringPiece(start, false);
        return;
      }
      hole.braces--;
    }
    for (const op of OPERATORS.get(c) ?? []) {
      if (op.length === 1 || t.startsWith(op, start)) {
        this.pos += op.length;
        this.push(op, start, this.pos, op);
        return;
      }
    }
    // One unrecognized character at a time, so the parser can skip exactly what it cannot read.
    const width = c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) < 0xdc00 ? 2 : 1;
    this.pos += width;
    this.push('unrecognized', start, this.pos, t.slice(start, this.pos));
  }

  private newlines(): void {
    const t = this.text;
    const start = this.pos;
    let end = start;
    for (;;) {
      if (t[this.pos] === '\r') this.pos += t[this.pos + 1] === '\n' ? 2 : 1;
      else if (t[this.pos] === '\n') this.pos++;
      else break;
      end = this.pos;
      this.lineStart = this.pos;
      this.atLineStart = true;
      this.skipTrivia();
    }
    // Pushed after the trivia so that the token after it still counts as the first of its line.
    const after = this.atLineStart;
    this.tokens.push({ kind: 'newline', start, end, value: '\n', lineStart: false, column: 0 });
    this.atLineStart = after;
  }

  /** A single-line string piece from its opening `'` or `}` to its closing `'` or `${`. */
  private stringPiece(start: number, first: boolean): void {
    const t = this.text;
    let value = '';
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === "'") {
        this.pos++;
        this.push(first ? 'string' : 'stringRight', start, this.pos, value);
        return;
      }
      if (c === '\n' || c === '\r') break;
      if (c === '$' && t[this.pos + 1] === '{') {
        this.pos += 2;
        this.push(first ? 'stringLeft' : 'stringMiddle', start, this.pos, value);
        this.holes.push({ multiline: false, dollars: 1, braces: 0 });
        return;
      }
      if (c === '\\') {
        value += this.escape();
        continue;
      }
      value += c;
      this.pos++;
    }
    this.error(start, this.pos, 'unterminated string');
    this.push(first ? 'string' : 'stringRight', start, this.pos, value);
  }

  /** `\n`, `\'`, `\u{1F600}`…; an unknown escape is reported and kept as written. */
  private escape(): string {
    const t = this.text;
    const at = this.pos;
    const next = t[at + 1];
    if (next !== undefined && next in ESCAPES) {
      this.pos += 2;
      return ESCAPES[next];
    }
    if (next === 'u' && t[at + 2] === '{') {
      const close = t.indexOf('}', at + 3);
      const hex = close < 0 ? '' : t.slice(at + 3, close);
      const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (code <= 0x10ffff) {
        this.pos = close + 1;
        return String.fromCodePoint(code);
      }
    }
    this.error(at, Math.min(at + 2, t.length), 'unknown escape sequence');
    this.pos = Math.min(at + 2, t.length);
    return t.slice(at, this.pos);
  }

  /**
   * A `'''` string piece: no escapes; holes only in `$'''` strings, opened by as many `$` as the
   * string starts with, then `{`. A leading line break is not part of the value.
   */
  private multiline(start: number, first: boolean, dollars: number): void {
    const t = this.text;
    const from = this.pos;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === "'" && t.startsWith("'''", this.pos)) {
        let j = this.pos;
        while (t[j] === "'") j++;
        // Extra quotes before the closing three belong to the value.
        const valueEnd = j - 3;
        this.pos = j;
        this.push(first ? 'string' : 'stringRight', start, j, trimLeadingBreak(t.slice(from, valueEnd), first), true);
        return;
      }
      if (c === '$' && dollars > 0) {
        let j = this.pos;
        while (t[j] === '$') j++;
        if (j - this.pos >= dollars && t[j] === '{') {
          const valueEnd = j - dollars;
          this.pos = j + 1;
          this.push(
            first ? 'stringLeft' : 'stringMiddle',
            start,
            this.pos,
            trimLeadingBreak(t.slice(from, valueEnd), first),
            true,
          );
          this.holes.push({ multiline: true, dollars, braces: 0 });
          return;
        }
        this.pos = j;
        continue;
      }
      if (c === '\n' || c === '\r') this.lineStart = this.pos + 1;
      this.pos++;
    }
    this.error(start, this.pos, 'unterminated multi-line string');
    // Half-typed: the string ends before the next declaration, so the declarations below still count.
    const rest = UNTERMINATED_END.exec(t.slice(from));
    if (rest) this.pos = from + rest.index;
    this.push(
      first ? 'string' : 'stringRight',
      start,
      this.pos,
      trimLeadingBreak(t.slice(from, this.pos), first),
      true,
    );
  }
}

const UNTERMINATED_END =
  /(?:\r\n|\n|\r)(?=(?:@[A-Za-z]|(?:targetScope|metadata|param|var|resource|module|output|type|func|import|extension)\b))/;

function trimLeadingBreak(s: string, first: boolean): string {
  if (!first) return s;
  if (s.startsWith('\r\n')) return s.slice(2);
  if (s.startsWith('\n') || s.startsWith('\r')) return s.slice(1);
  return s;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}
