import { parseTokens } from './parser';

/**
 * The Bicep language as the rest of the front end sees it: one syntax tree per file, with exact
 * offsets (`start` inclusive, `end` exclusive, UTF-16 units) on every node, and the comments kept
 * beside it. The hand-written lexer and parser behind `parseBicep` are not used anywhere else.
 *
 * The parser recovers like Bicep's own: what it cannot read becomes an `error` node (or is left
 * out) and parsing resumes at the next property, item or declaration, so half-typed text still
 * yields the rest of the file.
 */
export interface BicepFile {
  text: string;
  /** `.bicepparam` files have `using` and parameter assignments instead of declarations. */
  params: boolean;
  statements: Statement[];
  comments: Comment[];
  /** Every syntax error, in order; the front end reports only the first. */
  errors: SyntaxError[];
}

export interface Comment {
  kind: 'line' | 'block' | 'pragma';
  start: number;
  end: number;
  text: string;
}

export interface SyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface Located {
  start: number;
  end: number;
}

export interface Name extends Located {
  text: string;
}

export function parseBicep(text: string, options: { params?: boolean } = {}): BicepFile {
  return parseTokens(text, options.params ?? false);
}

// ---------------------------------------------------------------- declarations

export type Statement =
  | TargetScopeDecl
  | MetadataDecl
  | ParamDecl
  | VarDecl
  | ResourceDecl
  | ModuleDecl
  | OutputDecl
  | TypeDecl
  | FuncDecl
  | ImportDecl
  | ExtensionDecl
  | UsingDecl
  | TestDecl
  | AssertDecl
  | ExtendsDecl
  | ExtensionConfigDecl;

export interface Decorator extends Located {
  /** `description`, or `sys.description` as `{ namespace: 'sys', name: 'description' }`. */
  namespace?: string;
  name: string;
  args: Expr[];
}

interface Declaration extends Located {
  decorators: Decorator[];
}

export interface TargetScopeDecl extends Declaration {
  kind: 'targetScope';
  value: Expr;
}

export interface MetadataDecl extends Declaration {
  kind: 'metadata';
  name: Name;
  value: Expr;
}

/** `param x string = 'a'`, `param x resource 'T@v'`, and in `.bicepparam` `param x = 'a'`. */
export interface ParamDecl extends Declaration {
  kind: 'param';
  name: Name;
  type?: TypeExpr;
  value?: Expr;
}

export interface VarDecl extends Declaration {
  kind: 'var';
  name: Name;
  type?: TypeExpr;
  value: Expr;
}

export interface ResourceDecl extends Declaration {
  kind: 'resource';
  name: Name;
  /** `'Microsoft.Network/virtualNetworks@2023-05-01'`, or `'subnets'` for a nested child. */
  type: Expr;
  existing: boolean;
  /** An object, `if (…) {…}`, or `[for … : …]`. */
  body: Expr;
}

export interface ModuleDecl extends Declaration {
  kind: 'module';
  name: Name;
  /** `'./x.bicep'`, `'br/public:avm/res/…:0.1.0'`, `'ts:…'`. */
  path: Expr;
  body: Expr;
}

export interface OutputDecl extends Declaration {
  kind: 'output';
  name: Name;
  type?: TypeExpr;
  value: Expr;
}

export interface TypeDecl extends Declaration {
  kind: 'type';
  name: Name;
  type: TypeExpr;
}

export interface FuncDecl extends Declaration {
  kind: 'func';
  name: Name;
  params: { name: Name; type: TypeExpr }[];
  returnType?: TypeExpr;
  body: Expr;
}

/** `import {a, b as c} from './x.bicep'`, `import * as x from '…'`, or the old `import 'az@1.0.0'`. */
export interface ImportDecl extends Declaration {
  kind: 'import';
  symbols?: { name: Name; alias?: Name }[];
  wildcard?: Name;
  from?: Expr;
}

export interface ExtensionDecl extends Declaration {
  kind: 'extension';
  specification: Expr;
  config?: Expr;
  alias?: Name;
}

/** `.bicepparam`: `using './main.bicep'` or `using none`. */
export interface UsingDecl extends Declaration {
  kind: 'using';
  path?: Expr;
  none: boolean;
}

/** `.bicepparam`: `extends './base.bicepparam'`. */
export interface ExtendsDecl extends Declaration {
  kind: 'extends';
  path: Expr;
}

/** `.bicepparam`: `extensionConfig alias with {…}`. */
export interface ExtensionConfigDecl extends Declaration {
  kind: 'extensionConfig';
  name: Name;
  value: Expr;
}

export interface TestDecl extends Declaration {
  kind: 'test';
  name: Name;
  path: Expr;
  body: Expr;
}

export interface AssertDecl extends Declaration {
  kind: 'assert';
  name: Name;
  value: Expr;
}

// ---------------------------------------------------------------- types

/**
 * A type expression. Types are only read over (never evaluated): what the front end needs is
 * where they are and whether they are nullable.
 */
export interface TypeExpr extends Located {
  kind: 'type';
  /** `string?` or a union with `null`. */
  nullable: boolean;
  /** The name of a plain named type (`string`, `object`, `myType`), or `resource` for a resource-typed parameter. */
  name?: string;
  /** The resource type of `param x resource 'T@v'`. */
  resourceType?: Expr;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | StringExpr
  | NumberExpr
  | BooleanExpr
  | NullExpr
  | IdentifierExpr
  | ArrayExpr
  | ObjectExpr
  | CallExpr
  | MemberExpr
  | IndexExpr
  | ChildExpr
  | NonNullExpr
  | UnaryExpr
  | BinaryExpr
  | TernaryExpr
  | ParenExpr
  | ForExpr
  | IfExpr
  | LambdaExpr
  | ErrorExpr;

/** A string, interpolated or not: `segments.length === holes.length + 1`. */
export interface StringExpr extends Located {
  kind: 'string';
  segments: string[];
  holes: Expr[];
  multiline: boolean;
}

export interface NumberExpr extends Located {
  kind: 'number';
  value: number;
}

export interface BooleanExpr extends Located {
  kind: 'boolean';
  value: boolean;
}

export interface NullExpr extends Located {
  kind: 'null';
}

export interface IdentifierExpr extends Located {
  kind: 'identifier';
  name: string;
}

export type ArrayItem = (Located & { kind: 'item'; value: Expr }) | SpreadItem;

export interface SpreadItem extends Located {
  kind: 'spread';
  value: Expr;
}

export interface ArrayExpr extends Located {
  kind: 'array';
  items: ArrayItem[];
}

export interface Property extends Located {
  kind: 'property';
  /** The key's text; for an interpolated key, `keyExpr` holds it. */
  key: string;
  keyExpr?: StringExpr;
  keyStart: number;
  keyEnd: number;
  value: Expr;
  decorators: Decorator[];
}

export interface NestedResource extends Located {
  kind: 'resource';
  decl: ResourceDecl;
}

export type ObjectMember = Property | SpreadItem | NestedResource;

export interface ObjectExpr extends Located {
  kind: 'object';
  members: ObjectMember[];
}

/** `f(a)`, `az.f(a)`, `x.f(a)` (the namespace or value is `target`). */
export interface CallExpr extends Located {
  kind: 'call';
  target?: Expr;
  name: Name;
  args: Expr[];
}

export interface MemberExpr extends Located {
  kind: 'member';
  target: Expr;
  name: Name;
  /** `.?` */
  safe: boolean;
}

export interface IndexExpr extends Located {
  kind: 'index';
  target: Expr;
  index: Expr;
  /** `[?…]` */
  safe: boolean;
  /** `[^…]` */
  fromEnd: boolean;
}

/** `parent::child`, a nested resource by its symbolic name. */
export interface ChildExpr extends Located {
  kind: 'child';
  target: Expr;
  name: Name;
}

/** `x!` */
export interface NonNullExpr extends Located {
  kind: 'nonNull';
  target: Expr;
}

export interface UnaryExpr extends Located {
  kind: 'unary';
  op: '!' | '-' | '+';
  operand: Expr;
}

export type BinaryOp =
  '||' | '&&' | '??' | '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr extends Located {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface TernaryExpr extends Located {
  kind: 'ternary';
  test: Expr;
  yes: Expr;
  no: Expr;
}

export interface ParenExpr extends Located {
  kind: 'paren';
  inner: Expr;
}

/** `[for item in xs: body]`, `[for (item, i) in xs: if (c) body]`. */
export interface ForExpr extends Located {
  kind: 'for';
  item?: Name;
  index?: Name;
  iterable: Expr;
  body: Expr;
}

/** `if (test) { … }`: the body of a conditional resource, module or loop. */
export interface IfExpr extends Located {
  kind: 'if';
  test: Expr;
  body: Expr;
}

/** `x => …`, `(a, b) => …`, and a `func`'s typed parameters. */
export interface LambdaExpr extends Located {
  kind: 'lambda';
  params: Name[];
  body: Expr;
}

/** Text the parser skipped or a missing expression (zero width). */
export interface ErrorExpr extends Located {
  kind: 'error';
}

/** The expression itself, or what a `(…)` wraps. */
export function unparen(e: Expr): Expr {
  let cur = e;
  while (cur.kind === 'paren') cur = cur.inner;
  return cur;
}

/** A string without holes, as its value; undefined otherwise. */
export function literalString(e: Expr | undefined): string | undefined {
  return e?.kind === 'string' && e.holes.length === 0 ? e.segments[0] : undefined;
}
