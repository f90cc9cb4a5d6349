import type { Expr } from './ast';
import type { Token, TokenKind } from './lexer';
import { ExpressionSyntaxError, tokenize } from './lexer';

/** Deeper nesting than this is not a real template; stopping early keeps the stack safe. */
const MAX_DEPTH = 200;

export type ParseResult = { ok: true; expr: Expr } | { ok: false; message: string; offset: number };

/** Whether a JSON string is an expression: `[…]`, but not the `[[…` escape for a literal `[`. */
export function isExpression(s: string): boolean {
  return s.length >= 2 && s[0] === '[' && s[1] !== '[' && s[s.length - 1] === ']';
}

/** The literal a `[[…]` string stands for. */
export function unescapeLiteral(s: string): string {
  return s.startsWith('[[') ? s.slice(1) : s;
}

/** Parses a whole expression string, brackets included (`[concat('a', 'b')]`). */
export function parseExpression(text: string): ParseResult {
  try {
    const parser = new Parser(tokenize(text, 1, text.length - 1));
    const expr = parser.expression(0);
    parser.expect('end', 'end of expression');
    return { ok: true, expr };
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) return { ok: false, message: err.message, offset: err.offset };
    throw err;
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  expression(depth: number): Expr {
    if (depth > MAX_DEPTH) throw new ExpressionSyntaxError('expression is nested too deeply', this.peek().start);
    let expr = this.primary(depth);
    for (;;) {
      const t = this.peek();
      if (t.kind === '.') {
        this.pos++;
        const name = this.expect('identifier', 'a property name after "."');
        expr = { kind: 'member', target: expr, name: name.text, start: expr.start, end: name.end };
      } else if (t.kind === '[') {
        this.pos++;
        const index = this.expression(depth + 1);
        const close = this.expect(']', '"]"');
        expr = { kind: 'index', target: expr, index, start: expr.start, end: close.end };
      } else {
        return expr;
      }
    }
  }

  private primary(depth: number): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, start: t.start, end: t.end };
      case 'number': {
        const value = Number(t.text);
        if (!Number.isFinite(value)) throw new ExpressionSyntaxError(`invalid number '${t.text}'`, t.start);
        return { kind: 'number', value, start: t.start, end: t.end };
      }
      case 'identifier':
        return this.callOrLiteral(t, depth);
      default:
        throw new ExpressionSyntaxError(
          t.kind === 'end' ? 'expression ends too early' : `unexpected '${t.text}'`,
          t.start,
        );
    }
  }

  private callOrLiteral(first: Token, depth: number): Expr {
    let name = first;
    // User-defined functions are called as `namespace.name(…)`.
    if (
      this.peek().kind === '.' &&
      this.tokens[this.pos + 1]?.kind === 'identifier' &&
      this.tokens[this.pos + 2]?.kind === '('
    ) {
      const member = this.tokens[this.pos + 1];
      this.pos += 2;
      name = { kind: 'identifier', text: `${first.text}.${member.text}`, start: first.start, end: member.end };
    }
    if (this.peek().kind !== '(') {
      const lower = name.text.toLowerCase();
      if (lower === 'true' || lower === 'false')
        return { kind: 'boolean', value: lower === 'true', start: name.start, end: name.end };
      if (lower === 'null') return { kind: 'null', start: name.start, end: name.end };
      throw new ExpressionSyntaxError(`expected "(" after function name '${name.text}'`, name.end);
    }
    this.pos++;
    const args: Expr[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.expression(depth + 1));
        if (this.peek().kind !== ',') break;
        this.pos++;
      }
    }
    const close = this.expect(')', '")" or ","');
    return { kind: 'call', name: name.text, args, start: name.start, end: close.end };
  }

  expect(kind: TokenKind, what: string): Token {
    const t = this.next();
    if (t.kind !== kind) {
      const found = t.kind === 'end' ? 'the end of the expression' : `'${t.text}'`;
      throw new ExpressionSyntaxError(`expected ${what}, found ${found}`, t.start);
    }
    return t;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'end') this.pos++;
    return t;
  }
}
