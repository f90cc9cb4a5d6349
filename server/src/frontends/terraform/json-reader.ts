import type { Node as JsonNode } from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';
import type { Problem } from '../../graph/problem';
import type { Position, SourceSpan } from '../../graph/span';
import { LineMap } from '../../graph/span';
import type { Value } from '../../graph/value';
import { arr, bool, nil, num, obj, str } from '../../graph/value';
import type { Budget } from '../budget';
import { MAX_JSON_DEPTH, parseJsonTree } from '../json-tree';
import { readHcl } from './hcl-reader';
import type { Attribute, Block, Body, Expr } from './syntax';

/** Top-level keys of the JSON syntax and how many labels their blocks have. */
const BLOCK_LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  variable: 1,
  output: 1,
  module: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
};

export interface ParsedJson {
  root: JsonNode | undefined;
  map: LineMap;
  problems: Problem[];
}

export function parseJson(file: string, text: string, budget?: Budget): ParsedJson {
  const tree = parseJsonTree(text, { allowTrailingComma: false, disallowComments: false });
  const map = new LineMap(text);
  const problems: Problem[] = tree.errors.map((e) => ({
    code: 'parse-error',
    severity: 'error',
    message: `JSON syntax error: ${printParseErrorCode(e.error)}`,
    span: map.span(file, e.offset, e.offset + e.length),
  }));
  if (tree.moreErrors > 0)
    problems.push({
      code: 'parse-error',
      severity: 'error',
      message: `and ${tree.moreErrors} more JSON syntax errors in this file`,
      span: problems[problems.length - 1].span,
    });
  if (tree.tooDeepAt !== undefined) {
    const span = map.span(file, tree.tooDeepAt, tree.tooDeepAt + 1);
    const message = `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep here; the deeper part is not read`;
    budget?.markIncomplete(span, message);
    problems.push({ code: 'json-too-deep', severity: 'error', message, span });
  }
  return { root: tree.root, map, problems };
}

/** Reads the JSON syntax of Terraform (`.tf.json`) into the same blocks as native syntax. */
export function readTfJson(file: string, text: string, budget?: Budget): { body: Body; problems: Problem[] } {
  const { root, map, problems } = parseJson(file, text, budget);
  const body: Body = { attributes: [], blocks: [] };
  if (root?.type !== 'object') return { body, problems };
  const reader = new JsonSyntaxReader(file, text, map, budget);
  for (const prop of root.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const type = String(keyNode.value);
    const labels = BLOCK_LABELS[type];
    if (labels === undefined) continue;
    reader.blocks(type, labels, [], valueNode, prop, body.blocks);
  }
  return { body, problems };
}

class JsonSyntaxReader {
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly map: LineMap,
    private readonly budget: Budget | undefined,
  ) {}

  private span(n: JsonNode): SourceSpan {
    return this.map.span(this.file, n.offset, n.offset + n.length);
  }

  /** `{"resource": {"type": {"name": {...}}}}`: one object level per label, then the body (or a list of bodies). */
  blocks(type: string, labelsLeft: number, labels: Block['labels'], node: JsonNode, header: JsonNode, out: Block[]) {
    if (labelsLeft > 0) {
      if (node.type !== 'object') return;
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        this.blocks(type, labelsLeft - 1, [...labels, { value: String(k.value), span: this.span(k) }], v, k, out);
      }
      return;
    }
    const bodies = node.type === 'array' ? (node.children ?? []) : [node];
    for (const b of bodies) {
      if (b.type !== 'object') continue;
      out.push({ type, labels, body: this.body(b), span: this.span(b), headerSpan: this.span(header) });
    }
  }

  /** Every member is an attribute; nested blocks read as objects, which the mapping accepts too. */
  private body(node: JsonNode): Body {
    const attributes: Attribute[] = [];
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v || k.value === '//') continue;
      attributes.push({ name: String(k.value), nameSpan: this.span(k), expr: this.expr(v), span: this.span(prop) });
    }
    return { attributes, blocks: [] };
  }

  private expr(node: JsonNode): Expr {
    const span = this.span(node);
    switch (node.type) {
      case 'string': {
        const raw = this.text.slice(node.offset, node.offset + node.length);
        return raw.includes('${') || raw.includes('%{')
          ? this.template(raw, span.start)
          : { kind: 'literal', value: String(node.value), span };
      }
      case 'number':
      case 'boolean':
        return { kind: 'literal', value: node.value as number | boolean, span };
      case 'null':
        return { kind: 'literal', value: null, span };
      case 'array':
        return { kind: 'tuple', items: (node.children ?? []).map((c) => this.expr(c)), span };
      case 'object':
        return {
          kind: 'object',
          items: (node.children ?? []).flatMap((prop) => {
            const [k, v] = prop.children ?? [];
            if (!k || !v) return [];
            return [
              {
                key: { kind: 'literal' as const, value: String(k.value), span: this.span(k) },
                value: this.expr(v),
                span: this.span(prop),
              },
            ];
          }),
          span,
        };
      default:
        return { kind: 'unsupported', reason: 'unsupported JSON value', span };
    }
  }

  /** A JSON string is a string template: parsed by the native reader, then moved to where it is written. */
  private template(raw: string, at: Position): Expr {
    const prefix = 'a=';
    const parsed = readHcl(this.file, prefix + raw, this.budget);
    const expr = parsed.body.attributes[0]?.expr;
    if (!expr || parsed.problems.length > 0)
      return {
        kind: 'unsupported',
        reason: 'the template string could not be read',
        span: shift(this.map.span(this.file, 0, 0), at, 0),
      };
    return shiftSpans(expr, at, prefix.length);
  }
}

/** JSON strings hold no raw line breaks, so the template sits on line 0 of the synthetic text. */
function shift(span: SourceSpan, at: Position, prefixLength: number): SourceSpan {
  const move = (p: Position): Position => ({
    line: at.line + p.line,
    character: at.character + p.character - prefixLength,
  });
  return { file: span.file, start: move(span.start), end: move(span.end) };
}

function shiftSpans<T>(node: T, at: Position, prefixLength: number): T {
  if (Array.isArray(node)) return node.map((n) => shiftSpans(n, at, prefixLength)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'span' ? shift(v as SourceSpan, at, prefixLength) : shiftSpans(v, at, prefixLength);
  }
  return out as T;
}

/** A JSON document as a plain value with spans (`.tfvars.json`: strings are literal there). */
export function jsonValue(node: JsonNode, map: LineMap, file: string): Value {
  const span = map.span(file, node.offset, node.offset + node.length);
  switch (node.type) {
    case 'string':
      return str(String(node.value), span);
    case 'number':
      return num(Number(node.value), span);
    case 'boolean':
      return bool(Boolean(node.value), span);
    case 'array':
      return arr(
        (node.children ?? []).map((c) => jsonValue(c, map, file)),
        span,
      );
    case 'object':
      return obj(
        (node.children ?? []).flatMap((prop) => {
          const [k, v] = prop.children ?? [];
          if (!k || !v) return [];
          return [
            {
              key: String(k.value),
              value: jsonValue(v, map, file),
              span: map.span(file, prop.offset, prop.offset + prop.length),
              keySpan: map.span(file, k.offset, k.offset + k.length),
            },
          ];
        }),
        span,
      );
    default:
      return nil(span);
  }
}
