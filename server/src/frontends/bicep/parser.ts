import type { Token, TokenKind } from './lexer';
import { lex } from './lexer';
import type {
  ArrayItem,
  BicepFile,
  BinaryOp,
  Decorator,
  ErrorExpr,
  Expr,
  ImportDecl,
  Name,
  ObjectMember,
  ResourceDecl,
  Statement,
  StringExpr,
  SyntaxError,
  TypeExpr,
} from './syntax';

/**
 * A recursive-descent parser for Bicep and `.bicepparam`, after the shape of Bicep's own: each part
 * of a declaration is parsed "with recovery" — when it fails, the tokens up to a terminator (the
 * line end, a closing bracket) are skipped and parsing goes on from there — so one bad token never
 * costs the declarations after it. A declaration keyword at the start of a line in column 0 also
 * closes whatever is still open: half-typed `{` or `(` does not swallow the rest of the file.
 */
export function parseTokens(text: string, params: boolean): BicepFile {
  const lexed = lex(text);
  const parser = new Parser(text, lexed.tokens, params);
  const statements = parser.program();
  const errors = [...lexed.errors, ...parser.errors].sort((a, b) => a.start - b.start);
  return { text, params, statements, comments: lexed.comments, errors };
}

/** Thrown where a part cannot be read; caught by the nearest `recover`. */
class Expected extends Error {
  constructor(
    readonly token: Token,
    readonly what: string,
  ) {
    super(what);
  }
}

const PRECEDENCE: Partial<Record<TokenKind, number>> = {
  '*': 100,
  '/': 100,
  '%': 100,
  '+': 90,
  '-': 90,
  '<': 80,
  '<=': 80,
  '>': 80,
  '>=': 80,
  '==': 70,
  '!=': 70,
  '=~': 70,
  '!~': 70,
  '&&': 50,
  '||': 40,
  '??': 30,
};

const DECLARATION_KEYWORDS = new Set([
  'targetScope',
  'metadata',
  'param',
  'var',
  'resource',
  'module',
  'output',
  'type',
  'func',
  'import',
  'extension',
  'using',
  'test',
  'assert',
  'extends',
  'extensionConfig',
]);

/** Deeper nesting than this is not a real template; stopping keeps the stack safe. */
const MAX_DEPTH = 150;

type Kinds = readonly TokenKind[];

class Parser {
  private pos = 0;
  private depth = 0;
  readonly errors: SyntaxError[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly params: boolean,
  ) {}

  // ------------------------------------------------------------ tokens

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private at(...kinds: TokenKind[]): boolean {
    const k = this.peek().kind;
    for (const x of kinds) if (x === k) return true;
    return false;
  }

  private atKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'identifier' && t.value === word;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private expect(kind: TokenKind, what = `'${kind}'`): Token {
    if (this.peek().kind !== kind) throw new Expected(this.peek(), what);
    return this.next();
  }

  private name(what: string): Name {
    const t = this.expect('identifier', what);
    return { text: t.value, start: t.start, end: t.end };
  }

  /** Skips line ends, but not into a declaration: inside a half-typed expression the next line is not its continuation. */
  private skipNewlines(): void {
    while (this.at('newline') && !this.atDeclarationStart(1)) this.next();
  }

  /** The end of the last token read. */
  private get last(): number {
    return this.pos === 0 ? 0 : this.tokens[this.pos - 1].end;
  }

  /**
   * A declaration starting in column 0 (`resource x …`, `param y …`, `@description(…)`): the
   * point where open brackets of a half-typed declaration above give up.
   */
  private atDeclarationStart(ahead = 0): boolean {
    const t = this.peek(ahead);
    if (!t.lineStart || t.column !== 0) return false;
    const after = this.peek(ahead + 1);
    if (t.kind === '@') return after.kind === 'identifier';
    if (t.kind !== 'identifier' || !DECLARATION_KEYWORDS.has(t.value)) return false;
    if (t.value === 'targetScope') return after.kind === '=';
    if (t.value === 'import' || t.value === 'using' || t.value === 'extension' || t.value === 'extends')
      return after.kind === 'identifier' || after.kind === 'string' || after.kind === '{' || after.kind === '*';
    return after.kind === 'identifier';
  }

  private error(start: number, end: number, message: string): void {
    // One error per place: a failure seen again by an enclosing part says nothing new.
    if (this.errors.some((e) => e.start === start)) return;
    this.errors.push({ start, end, message });
  }

  private failed(e: Expected): void {
    const t = e.token;
    const found =
      t.kind === 'eof'
        ? 'the end of the file'
        : t.kind === 'newline'
          ? 'the end of the line'
          : `'${this.text.slice(t.start, Math.min(t.end, t.start + 40))}'`;
    this.error(
      t.start,
      t.kind === 'newline' || t.kind === 'eof' ? t.start : t.end,
      `expected ${e.what}, found ${found}`,
    );
  }

  /**
   * Runs `parse`; when it fails, records the error and skips to one of `stop` (not consumed), or
   * to a declaration start, returning an error node over what was skipped.
   */
  private recover<T>(parse: () => T, stop: Kinds): T | ErrorExpr {
    const from = this.pos;
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof Expected)) throw err;
      this.failed(err);
      // Never skip less than the failing token when nothing was read, or the caller loops.
      if (this.pos === from && !this.at(...stop, 'eof') && !this.atDeclarationStart()) this.next();
      this.skipUntil(stop);
      const start = this.tokens[from].start;
      return { kind: 'error', start, end: Math.max(start, this.last) };
    }
  }

  private skipUntil(stop: Kinds): void {
    while (!this.at(...stop, 'eof') && !this.atDeclarationStart()) this.next();
  }

  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_DEPTH) throw new Expected(this.peek(), 'less deeply nested expressions');
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  // ------------------------------------------------------------ program

  program(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.at('newline')) this.next();
      if (this.at('eof')) break;
      const before = this.pos;
      const stmt = this.recover(() => this.declaration(), ['newline']);
      if (stmt.kind !== 'error') statements.push(stmt);
      if (!this.at('newline', 'eof')) {
        const t = this.peek();
        if (!this.atDeclarationStart()) this.error(t.start, t.end, 'expected a new line after the declaration');
        this.skipUntil(['newline']);
      }
      if (this.pos === before) this.next();
    }
    return statements;
  }

  private declaration(): Statement {
    const decorators = this.decorators();
    const t = this.peek();
    const start = decorators[0]?.start ?? t.start;
    if (t.kind !== 'identifier') throw new Expected(t, decorators.length > 0 ? 'a declaration' : 'a declaration');
    const word = t.value;
    switch (word) {
      case 'targetScope':
        this.next();
        return this.finish({ kind: 'targetScope', decorators, value: this.assigned(), start, end: 0 });
      case 'metadata': {
        this.next();
        const name = this.name('a metadata name');
        return this.finish({ kind: 'metadata', decorators, name, value: this.assigned(), start, end: 0 });
      }
      case 'param':
        this.next();
        return this.param(start, decorators);
      case 'var': {
        this.next();
        const name = this.name('a variable name');
        const type = this.at('=') ? undefined : this.typeExpr();
        return this.finish({ kind: 'var', decorators, name, type, value: this.assigned(), start, end: 0 });
      }
      case 'resource':
        this.next();
        return this.resource(start, decorators);
      case 'module': {
        this.next();
        const name = this.name('a module name');
        const path = this.recover(() => this.string('a module path'), ['=', 'newline']);
        this.expect('=', "'='");
        const body = this.recover(() => this.declarationBody(), ['newline']);
        return this.finish({ kind: 'module', decorators, name, path, body, start, end: 0 });
      }
      case 'test': {
        this.next();
        const name = this.name('a test name');
        const path = this.recover(() => this.string('a test path'), ['=', 'newline']);
        this.expect('=', "'='");
        const body = this.recover(() => this.object(), ['newline']);
        return this.finish({ kind: 'test', decorators, name, path, body, start, end: 0 });
      }
      case 'assert': {
        this.next();
        const name = this.name('an assertion name');
        return this.finish({ kind: 'assert', decorators, name, value: this.assigned(), start, end: 0 });
      }
      case 'output':
        this.next();
        return this.output(start, decorators);
      case 'type': {
        this.next();
        const name = this.name('a type name');
        this.expect('=', "'='");
        const type = this.typeExpr();
        return this.finish({ kind: 'type', decorators, name, type, start, end: 0 });
      }
      case 'func':
        this.next();
        return this.func(start, decorators);
      case 'import':
        this.next();
        return this.importDecl(start, decorators);
      case 'extension':
        this.next();
        return this.extension(start, decorators);
      case 'using': {
        this.next();
        if (this.atKeyword('none')) {
          this.next();
          return this.finish({ kind: 'using', decorators, none: true, start, end: 0 });
        }
        const path = this.string('the path of the template');
        if (this.atKeyword('with')) {
          this.next();
          this.recover(() => this.object(), ['newline']);
        }
        return this.finish({ kind: 'using', decorators, path, none: false, start, end: 0 });
      }
      case 'extends':
        this.next();
        return this.finish({
          kind: 'extends',
          decorators,
          path: this.string('the path of the base parameters'),
          start,
          end: 0,
        });
      case 'extensionConfig': {
        this.next();
        const name = this.name('an extension alias');
        if (!this.atKeyword('with')) throw new Expected(this.peek(), "'with'");
        this.next();
        const value = this.recover(() => this.object(), ['newline']);
        return this.finish({ kind: 'extensionConfig', decorators, name, value, start, end: 0 });
      }
      default:
        throw new Expected(t, 'a declaration (param, var, resource, module, output…)');
    }
  }

  private finish<S extends Statement>(s: S): S {
    s.end = Math.max(s.start, this.last);
    return s;
  }

  /** `= expression`, recovering to the line end. */
  private assigned(): Expr {
    this.expect('=', "'='");
    return this.recover(() => this.expression(), ['newline']);
  }

  private param(start: number, decorators: Decorator[]): Statement {
    const name = this.name('a parameter name');
    // `.bicepparam` assigns; a `.bicep` parameter declares a type and may have a default.
    if (this.at('=')) return this.finish({ kind: 'param', decorators, name, value: this.assigned(), start, end: 0 });
    const type = this.typeExpr();
    const value = this.at('=') ? this.assigned() : undefined;
    return this.finish({ kind: 'param', decorators, name, type, value, start, end: 0 });
  }

  private output(start: number, decorators: Decorator[]): Statement {
    const name = this.name('an output name');
    const type = this.typeExpr();
    return this.finish({ kind: 'output', decorators, name, type, value: this.assigned(), start, end: 0 });
  }

  private resource(start: number, decorators: Decorator[]): ResourceDecl {
    const name = this.name('a resource name');
    const type = this.recover(() => this.string('a resource type'), ['=', 'newline']);
    let existing = false;
    if (this.atKeyword('existing')) {
      this.next();
      existing = true;
    }
    this.expect('=', "'='");
    const body = this.recover(() => this.declarationBody(), ['newline']);
    return this.finish({ kind: 'resource', decorators, name, type, existing, body, start, end: 0 });
  }

  /** A resource or module body: `{…}`, `if (…) {…}` or `[for …: …]`. */
  private declarationBody(): Expr {
    // The body may start on the next line (`=` then `if (…) {` below it).
    if (this.at('newline') && (this.peek(1).kind === '{' || this.peek(1).kind === '[' || this.peek(1).value === 'if'))
      this.skipNewlines();
    if (this.atKeyword('if')) return this.ifBody();
    if (this.at('[')) return this.forExpr();
    if (this.at('{')) return this.object();
    throw new Expected(this.peek(), "'{', 'if' or '[for'");
  }

  private ifBody(): Expr {
    const start = this.next().start;
    const test = this.recover(() => this.paren(), ['{', 'newline', ']']);
    const body = this.recover(() => this.object(), ['newline', ']']);
    return { kind: 'if', test, body, start, end: this.last };
  }

  private func(start: number, decorators: Decorator[]): Statement {
    const name = this.name('a function name');
    this.expect('(', "'('");
    const params: { name: Name; type: TypeExpr }[] = [];
    this.skipNewlines();
    while (!this.at(')', 'eof')) {
      const pname = this.name('a parameter name');
      params.push({ name: pname, type: this.typeExpr() });
      this.skipNewlines();
      if (this.at(',')) {
        this.next();
        this.skipNewlines();
      } else if (!this.at(')')) throw new Expected(this.peek(), "',' or ')'");
    }
    this.expect(')', "')'");
    const returnType = this.at('=>') ? undefined : this.typeExpr();
    this.expect('=>', "'=>'");
    this.skipNewlines();
    const bodyStart = this.peek().start;
    const value = this.recover(() => this.expression(), ['newline']);
    const body: Expr = {
      kind: 'lambda',
      params: params.map((p) => p.name),
      body: value,
      start: bodyStart,
      end: this.last,
    };
    return this.finish({ kind: 'func', decorators, name, params, returnType, body, start, end: 0 });
  }

  private importDecl(start: number, decorators: Decorator[]): ImportDecl {
    const decl: ImportDecl = { kind: 'import', decorators, start, end: 0 };
    if (this.at('{')) {
      this.next();
      decl.symbols = [];
      this.skipNewlines();
      while (!this.at('}', 'eof') && !this.atDeclarationStart()) {
        const name = this.at('string') ? this.stringName() : this.name('a symbol to import');
        let alias: Name | undefined;
        if (this.atKeyword('as')) {
          this.next();
          alias = this.name('an alias');
        }
        decl.symbols.push({ name, alias });
        this.skipNewlines();
        if (this.at(',')) this.next();
        this.skipNewlines();
      }
      this.expect('}', "'}'");
    } else if (this.at('*')) {
      this.next();
      if (!this.atKeyword('as')) throw new Expected(this.peek(), "'as'");
      this.next();
      decl.wildcard = this.name('a namespace name');
    } else {
      // The old provider import: `import 'az@1.0.0' with {…} as x`.
      decl.from = this.string('a symbol list, * or a provider');
      this.extensionClauses();
      return this.finish(decl);
    }
    if (!this.atKeyword('from')) throw new Expected(this.peek(), "'from'");
    this.next();
    decl.from = this.string('the path to import from');
    return this.finish(decl);
  }

  private stringName(): Name {
    const t = this.expect('string');
    return { text: t.value, start: t.start, end: t.end };
  }

  private extension(start: number, decorators: Decorator[]): Statement {
    let specification: Expr;
    if (this.at('identifier')) {
      const t = this.next();
      specification = { kind: 'identifier', name: t.value, start: t.start, end: t.end };
    } else {
      specification = this.string('an extension name');
    }
    const { config, alias } = this.extensionClauses();
    return this.finish({ kind: 'extension', decorators, specification, config, alias, start, end: 0 });
  }

  private extensionClauses(): { config?: Expr; alias?: Name } {
    let config: Expr | undefined;
    let alias: Name | undefined;
    if (this.atKeyword('with')) {
      this.next();
      config = this.recover(() => this.object(), ['newline']);
    }
    if (this.atKeyword('as')) {
      this.next();
      alias = this.name('an alias');
    }
    return { config, alias };
  }

  private decorators(): Decorator[] {
    const out: Decorator[] = [];
    while (this.at('@')) {
      const start = this.next().start;
      const first = this.name('a decorator name');
      let namespace: string | undefined;
      let name = first;
      if (this.at('.')) {
        this.next();
        namespace = first.text;
        name = this.name('a decorator name');
      }
      const args = this.at('(') ? this.argumentList() : [];
      out.push({ namespace, name: name.text, args, start, end: this.last });
      if (!this.at('newline')) throw new Expected(this.peek(), 'a new line after the decorator');
      // The declaration it decorates follows, in column 0 or not.
      while (this.at('newline')) this.next();
    }
    return out;
  }

  // ------------------------------------------------------------ expressions

  expression(): Expr {
    return this.nested(() => {
      const test = this.binary(0);
      // `?` and `:` may start the next lines of a multi-line ternary.
      if (!this.at('?') && !(this.at('newline') && this.peek(1).kind === '?')) return test;
      this.skipNewlines();
      this.next();
      this.skipNewlines();
      const yes = this.recover(() => this.expression(), [':', 'newline', '}', ')', ']']);
      if (this.at('newline') && this.peek(1).kind === ':') this.skipNewlines();
      this.expect(':', "':'");
      this.skipNewlines();
      const no = this.recover(() => this.expression(), ['newline', '}', ')', ']', ',']);
      return { kind: 'ternary', test, yes, no, start: test.start, end: this.last };
    });
  }

  private binary(min: number): Expr {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = PRECEDENCE[op.kind];
      if (prec === undefined || prec <= min) return left;
      this.next();
      const right = this.recover(() => this.binary(prec), ['newline', '}', ')', ']', ',']);
      left = { kind: 'binary', op: op.kind as BinaryOp, left, right, start: left.start, end: this.last };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === '!' || t.kind === '-' || t.kind === '+') {
      this.next();
      const operand = this.nested(() => this.unary());
      // A negative number literal is a number, as Bicep reads it.
      if (t.kind === '-' && operand.kind === 'number' && operand.start === t.end)
        return { kind: 'number', value: -operand.value, start: t.start, end: operand.end };
      return { kind: 'unary', op: t.kind, operand, start: t.start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Expr): Expr {
    let expr = target;
    for (;;) {
      const t = this.peek();
      if (t.kind === '.') {
        this.next();
        const safe = this.at('?');
        if (safe) this.next();
        const name = this.name('a property name');
        if (this.at('(') && !safe) {
          const args = this.argumentList();
          expr = { kind: 'call', target: expr, name, args, start: expr.start, end: this.last };
        } else {
          expr = { kind: 'member', target: expr, name, safe, start: expr.start, end: name.end };
        }
      } else if (t.kind === '[') {
        this.next();
        const safe = this.at('?');
        if (safe) this.next();
        const fromEnd = this.at('^');
        if (fromEnd) this.next();
        this.skipNewlines();
        const index = this.recover(() => this.expression(), [']', 'newline']);
        this.skipNewlines();
        this.expect(']', "']'");
        expr = { kind: 'index', target: expr, index, safe, fromEnd, start: expr.start, end: this.last };
      } else if (t.kind === '::') {
        this.next();
        const name = this.name('a nested resource name');
        expr = { kind: 'child', target: expr, name, start: expr.start, end: name.end };
      } else if (t.kind === '!' && t.start === expr.end) {
        // `x!` (non-null) touches its operand; `x !y` is not Bicep.
        this.next();
        expr = { kind: 'nonNull', target: expr, start: expr.start, end: t.end };
      } else {
        return expr;
      }
    }
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'integer':
        this.next();
        return { kind: 'number', value: Number(t.value), start: t.start, end: t.end };
      case 'string':
      case 'stringLeft':
        return this.string('a string');
      case '{':
        return this.object();
      case '[':
        return this.peekFor() ? this.forExpr() : this.array();
      case '(':
        return this.lambdaOrParen();
      case 'identifier':
        return this.identifierExpr();
      default:
        throw new Expected(t, 'an expression');
    }
  }

  private identifierExpr(): Expr {
    const t = this.next();
    if (this.at('=>')) {
      this.next();
      this.skipNewlines();
      const body = this.expression();
      return {
        kind: 'lambda',
        params: [{ text: t.value, start: t.start, end: t.end }],
        body,
        start: t.start,
        end: body.end,
      };
    }
    if (t.value === 'true' || t.value === 'false')
      return { kind: 'boolean', value: t.value === 'true', start: t.start, end: t.end };
    if (t.value === 'null') return { kind: 'null', start: t.start, end: t.end };
    if (this.at('(')) {
      const args = this.argumentList();
      return {
        kind: 'call',
        name: { text: t.value, start: t.start, end: t.end },
        args,
        start: t.start,
        end: this.last,
      };
    }
    return { kind: 'identifier', name: t.value, start: t.start, end: t.end };
  }

  /** `(…)` arguments; newlines may separate them, commas too. */
  private argumentList(): Expr[] {
    this.expect('(', "'('");
    const args: Expr[] = [];
    this.nested(() =>
      this.elements(')', () => {
        args.push(this.recover(() => this.expression(), [',', ')', 'newline']));
      }),
    );
    this.close(')');
    return args;
  }

  /**
   * Items of a bracketed list, separated by commas and/or newlines (Bicep is stricter about mixing
   * them; being lenient here costs nothing, the Bicep extension reports the style errors).
   */
  private elements(close: TokenKind, item: () => void): void {
    this.skipNewlines();
    while (!this.at(close, 'eof') && !this.atDeclarationStart()) {
      const before = this.pos;
      item();
      let separated = false;
      while (this.at(',', 'newline')) {
        this.next();
        separated = true;
      }
      if (!separated && !this.at(close, 'eof') && !this.atDeclarationStart()) {
        const t = this.peek();
        this.error(t.start, t.end, `expected a comma or a new line, found '${this.text.slice(t.start, t.end)}'`);
        this.skipUntil([close, ',', 'newline']);
      }
      if (this.pos === before && !this.at(close, 'eof') && !this.atDeclarationStart()) this.next();
    }
  }

  /** A closing bracket; a missing one is an error, not a failure, so the parts read so far stay. */
  private close(kind: TokenKind): void {
    if (this.at(kind)) {
      this.next();
      return;
    }
    const t = this.peek();
    this.error(t.start, t.kind === 'newline' || t.kind === 'eof' ? t.start : t.end, `expected '${kind}'`);
  }

  private lambdaOrParen(): Expr {
    const start = this.peek().start;
    // `(a, b) => …` or `() => …`: look for the arrow after the matching parenthesis.
    if (this.lambdaAhead()) {
      this.next();
      const params: Name[] = [];
      this.skipNewlines();
      while (this.at('identifier')) {
        const t = this.next();
        params.push({ text: t.value, start: t.start, end: t.end });
        this.skipNewlines();
        if (this.at(',')) this.next();
        this.skipNewlines();
      }
      this.expect(')', "')'");
      this.expect('=>', "'=>'");
      this.skipNewlines();
      const body = this.expression();
      return { kind: 'lambda', params, body, start, end: body.end };
    }
    return this.paren();
  }

  private lambdaAhead(): boolean {
    let i = 1;
    for (;;) {
      const k = this.peek(i).kind;
      if (k === ')') return this.peek(i + 1).kind === '=>';
      if (k !== 'identifier' && k !== ',' && k !== 'newline') return false;
      i++;
    }
  }

  private paren(): Expr {
    const start = this.expect('(', "'('").start;
    this.skipNewlines();
    const inner = this.recover(() => this.expression(), [')', 'newline']);
    this.skipNewlines();
    this.close(')');
    return { kind: 'paren', inner, start, end: this.last };
  }

  private peekFor(): boolean {
    let i = 1;
    while (this.peek(i).kind === 'newline') i++;
    const t = this.peek(i);
    return t.kind === 'identifier' && t.value === 'for';
  }

  private forExpr(): Expr {
    const start = this.expect('[', "'['").start;
    this.skipNewlines();
    if (!this.atKeyword('for')) throw new Expected(this.peek(), "'for'");
    this.next();
    let item: Name | undefined;
    let index: Name | undefined;
    if (this.at('(')) {
      this.next();
      item = this.name('a loop item name');
      this.expect(',', "','");
      index = this.name('a loop index name');
      this.expect(')', "')'");
    } else {
      item = this.name('a loop item name');
    }
    if (!this.atKeyword('in')) throw new Expected(this.peek(), "'in'");
    this.next();
    const iterable = this.recover(() => this.expression(), [':', ']', 'newline']);
    this.expect(':', "':'");
    this.skipNewlines();
    const body = this.recover(() => (this.atKeyword('if') ? this.ifBody() : this.expression()), [']', 'newline']);
    this.skipNewlines();
    this.close(']');
    return { kind: 'for', item, index, iterable, body, start, end: this.last };
  }

  private array(): Expr {
    const start = this.expect('[', "'['").start;
    const items: ArrayItem[] = [];
    this.nested(() =>
      this.elements(']', () => {
        const itemStart = this.peek().start;
        if (this.at('...')) {
          this.next();
          const value = this.recover(() => this.expression(), [',', ']', 'newline']);
          items.push({ kind: 'spread', value, start: itemStart, end: this.last });
          return;
        }
        const value = this.recover(() => this.expression(), [',', ']', 'newline']);
        items.push({ kind: 'item', value, start: itemStart, end: this.last });
      }),
    );
    this.close(']');
    return { kind: 'array', items, start, end: this.last };
  }

  object(): Expr {
    const start = this.expect('{', "'{'").start;
    const members: ObjectMember[] = [];
    this.nested(() =>
      this.elements('}', () => {
        const member = this.recover(() => this.objectMember(), [',', '}', 'newline']);
        if (member.kind !== 'error') members.push(member);
      }),
    );
    this.close('}');
    return { kind: 'object', members, start, end: this.last };
  }

  private objectMember(): ObjectMember {
    const start = this.peek().start;
    if (this.at('...')) {
      this.next();
      const value = this.recover(() => this.expression(), [',', '}', 'newline']);
      return { kind: 'spread', value, start, end: this.last };
    }
    const decorators = this.at('@') ? this.decorators() : [];
    // A nested child resource: `resource child 'subnets' = {…}` inside its parent's body.
    if (this.atKeyword('resource') && this.peek(1).kind === 'identifier') {
      this.next();
      const decl = this.resource(decorators[0]?.start ?? start, decorators);
      return { kind: 'resource', decl, start: decl.start, end: decl.end };
    }
    let key: string;
    let keyExpr: StringExpr | undefined;
    const keyToken = this.peek();
    if (keyToken.kind === 'identifier') {
      this.next();
      key = keyToken.value;
    } else if (keyToken.kind === 'string' || keyToken.kind === 'stringLeft') {
      keyExpr = this.string('a property name');
      key = keyExpr.holes.length === 0 ? keyExpr.segments[0] : this.text.slice(keyExpr.start, keyExpr.end);
      if (keyExpr.holes.length === 0) keyExpr = undefined;
    } else {
      throw new Expected(keyToken, 'a property name');
    }
    const keyEnd = this.last;
    this.expect(':', "':'");
    const value = this.recover(() => this.expression(), [',', '}', 'newline']);
    return {
      kind: 'property',
      key,
      keyExpr,
      keyStart: keyToken.start,
      keyEnd,
      value,
      decorators,
      start: decorators[0]?.start ?? start,
      end: this.last,
    };
  }

  /** A string, interpolated or not; its holes are expressions. */
  private string(what: string): StringExpr {
    const first = this.peek();
    if (first.kind === 'string') {
      this.next();
      return {
        kind: 'string',
        segments: [first.value],
        holes: [],
        multiline: first.multiline === true,
        start: first.start,
        end: first.end,
      };
    }
    if (first.kind !== 'stringLeft') throw new Expected(first, what);
    this.next();
    const segments = [first.value];
    const holes: Expr[] = [];
    for (;;) {
      holes.push(this.recover(() => this.expression(), ['stringMiddle', 'stringRight', 'newline']));
      const t = this.peek();
      if (t.kind === 'stringMiddle') {
        this.next();
        segments.push(t.value);
        continue;
      }
      if (t.kind === 'stringRight') {
        this.next();
        segments.push(t.value);
        break;
      }
      // The hole is not closed on this line: what was read stands, the rest of the string is lost.
      this.error(t.start, t.end, "expected '}' to close the interpolation");
      this.skipUntil(['stringMiddle', 'stringRight', 'newline']);
      if (this.at('stringMiddle')) continue;
      if (this.at('stringRight')) {
        segments.push(this.next().value);
        break;
      }
      segments.push('');
      break;
    }
    return { kind: 'string', segments, holes, multiline: first.multiline === true, start: first.start, end: this.last };
  }

  // ------------------------------------------------------------ types

  /** A type expression, read over: unions, `[]`, `?`, object and tuple types, `resourceInput<'T'>`… */
  private typeExpr(): TypeExpr {
    return this.nested(() => {
      // A union may start on the next line: `type t =` then `| 'a'` lines.
      if (this.at('newline') && this.peek(1).kind === '|') this.skipNewlines();
      const start = this.peek().start;
      if (this.atKeyword('resource') && (this.peek(1).kind === 'string' || this.peek(1).kind === 'stringLeft')) {
        this.next();
        const resourceType = this.string('a resource type');
        return { kind: 'type', nullable: false, name: 'resource', resourceType, start, end: this.last };
      }
      if (this.at('|')) this.next();
      let nullable = false;
      let count = 0;
      let name: string | undefined;
      for (;;) {
        const one = this.singularType();
        nullable ||= one.nullable;
        name = one.name;
        count++;
        const multiLine = this.at('newline') && this.peek(1).kind === '|';
        if (!this.at('|') && !multiLine) break;
        this.skipNewlines();
        this.next();
        this.skipNewlines();
      }
      return { kind: 'type', nullable, name: count === 1 ? name : undefined, start, end: this.last };
    });
  }

  private singularType(): { nullable: boolean; name?: string } {
    const t = this.peek();
    let nullable = false;
    let name: string | undefined;
    switch (t.kind) {
      case 'identifier':
        this.next();
        name = t.value;
        nullable = t.value === 'null';
        if (this.typeArguments()) name = undefined;
        break;
      case 'integer':
      case 'string':
      case 'stringLeft':
        if (t.kind === 'integer') this.next();
        else this.string('a type');
        break;
      case '-':
      case '!':
        this.next();
        this.singularType();
        break;
      case '{':
        this.objectType();
        break;
      case '[':
        this.tupleType();
        break;
      case '(':
        this.next();
        this.skipNewlines();
        nullable = this.typeExpr().nullable;
        this.skipNewlines();
        this.expect(')', "')'");
        break;
      default:
        throw new Expected(t, 'a type');
    }
    for (;;) {
      if (this.at('[') && this.peek(1).kind === ']') {
        this.next();
        this.next();
        name = undefined;
      } else if (this.at('[')) {
        // `T[0]`, `T[*]`: an element of a type.
        this.next();
        if (this.at('*')) this.next();
        else this.expect('integer', 'an index');
        this.expect(']', "']'");
        name = undefined;
      } else if (this.at('?')) {
        this.next();
        nullable = true;
      } else if (this.at('.')) {
        this.next();
        if (this.at('*')) this.next();
        else this.name('a property name');
        this.typeArguments();
        name = undefined;
      } else if (this.at('!')) {
        this.next();
        nullable = false;
      } else {
        return { nullable, name };
      }
    }
  }

  /** `<'T@v'>` of `resourceInput<…>` / `resourceOutput<…>`; false when there is none. */
  private typeArguments(): boolean {
    if (!this.at('<')) return false;
    this.next();
    for (;;) {
      this.skipNewlines();
      this.typeExpr();
      this.skipNewlines();
      if (!this.at(',')) break;
      this.next();
    }
    this.expect('>', "'>'");
    return true;
  }

  private objectType(): void {
    this.expect('{', "'{'");
    this.nested(() =>
      this.elements('}', () => {
        this.recover(() => {
          if (this.at('@')) this.decorators();
          if (this.at('*')) this.next();
          else if (this.at('string')) this.next();
          else this.name('a property name');
          this.expect(':', "':'");
          this.typeExpr();
        }, [',', '}', 'newline']);
      }),
    );
    this.close('}');
  }

  private tupleType(): void {
    this.expect('[', "'['");
    this.nested(() =>
      this.elements(']', () => {
        this.recover(() => {
          if (this.at('@')) this.decorators();
          this.typeExpr();
        }, [',', ']', 'newline']);
      }),
    );
    this.close(']');
  }
}
