import type { SourceSpan } from '../../graph/span';

/**
 * The Terraform language as the evaluator sees it, independent of the concrete syntax: native
 * HCL (read with tree-sitter) and the JSON syntax both produce these nodes.
 */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; span: SourceSpan }
  | { kind: 'template'; parts: (string | Expr)[]; span: SourceSpan }
  | { kind: 'tuple'; items: Expr[]; span: SourceSpan }
  | { kind: 'object'; items: ObjectItem[]; span: SourceSpan }
  | { kind: 'variable'; name: string; span: SourceSpan }
  | { kind: 'traverse'; target: Expr; steps: Step[]; span: SourceSpan }
  | { kind: 'call'; name: string; args: Expr[]; expandLast: boolean; span: SourceSpan }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr; span: SourceSpan }
  | { kind: 'unary'; op: string; operand: Expr; span: SourceSpan }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; span: SourceSpan }
  | { kind: 'for'; form: ForForm; span: SourceSpan }
  | { kind: 'unsupported'; reason: string; span: SourceSpan };

export interface ForForm {
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  /** Present for `{ for … : k => v }`; absent for `[ for … : v ]`. */
  keyExpr?: Expr;
  valueExpr: Expr;
  cond?: Expr;
  group: boolean;
}

export interface ObjectItem {
  /** A bare identifier key is a literal name, as in HCL; anything else is evaluated. */
  key: Expr;
  value: Expr;
  span: SourceSpan;
}

export type Step =
  | { kind: 'attr'; name: string; span: SourceSpan }
  | { kind: 'index'; key: Expr; span: SourceSpan }
  | { kind: 'splat'; steps: Step[]; span: SourceSpan };

export interface Attribute {
  name: string;
  nameSpan: SourceSpan;
  expr: Expr;
  /** The whole `name = value`. */
  span: SourceSpan;
}

export interface Label {
  value: string;
  span: SourceSpan;
}

export interface Block {
  type: string;
  labels: Label[];
  body: Body;
  /** From the block type to the closing brace. */
  span: SourceSpan;
  /** The block type and labels: where a finding about the block as a whole goes. */
  headerSpan: SourceSpan;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export function attribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}
