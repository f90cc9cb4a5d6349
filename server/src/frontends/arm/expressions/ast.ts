/**
 * The syntax tree of one ARM template expression (the text between `[` and `]`). Offsets count
 * characters of the decoded JSON string, `[` included, so errors and values can be mapped back
 * into the document.
 */
export type Expr = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral | Call | MemberAccess | IndexAccess;

interface Located {
  start: number;
  end: number;
}

export interface StringLiteral extends Located {
  kind: 'string';
  value: string;
}

export interface NumberLiteral extends Located {
  kind: 'number';
  value: number;
}

export interface BooleanLiteral extends Located {
  kind: 'boolean';
  value: boolean;
}

export interface NullLiteral extends Located {
  kind: 'null';
}

export interface Call extends Located {
  kind: 'call';
  /** As written; functions match case-insensitively. */
  name: string;
  args: Expr[];
}

export interface MemberAccess extends Located {
  kind: 'member';
  target: Expr;
  name: string;
}

export interface IndexAccess extends Located {
  kind: 'index';
  target: Expr;
  index: Expr;
}
