import type { Node } from 'jsonc-parser';
import type { Budget } from '../budget';
import type { FileHost } from '../frontend';
import type { Problem } from '../../graph/problem';
import type { SourceReference } from '../../graph/reference';
import type { SourceSpan } from '../../graph/span';
import { spanKey } from '../../graph/span';
import type { Value } from '../../graph/value';
import type { JsonDoc } from './json-values';
import { literalValue, members, parseJsonDoc, problemAt } from './json-values';
import type { ParseResult } from './expressions/parser';
import { parseExpression } from './expressions/parser';
import type { Template } from './template';
import { loopSpecs } from './template';

/** Bounds what a huge generated template can make the editor keep for navigation. */
const MAX_REFERENCES = 20_000;

/**
 * State shared by every template of one load: problems (each reported once), parsed files and
 * expressions, and the guard that turns evaluation cycles into unknowns instead of a stack overflow.
 */
export class Session {
  readonly problems: Problem[] = [];
  private readonly reported = new Set<string>();
  private readonly docs = new Map<string, JsonDoc>();
  /** By node: a node in a loop body or a shared variable is evaluated many times. */
  private readonly expressions = new WeakMap<Node, ParseResult>();
  private readonly active = new Set<object>();
  /** Nested and linked templates already instantiated, by what their evaluation depends on. */
  readonly templates = new Map<string, Template>();
  /** Where the templates name resources (each place and target once, however often it is evaluated). */
  readonly references: SourceReference[] = [];
  private readonly referenced = new Set<string>();

  constructor(
    readonly host: FileHost,
    readonly budget: Budget,
  ) {}

  report(doc: JsonDoc, start: number, end: number, code: string, severity: Problem['severity'], message: string): void {
    this.reportAt(problemAt(doc, start, end, code, severity, message).span, code, severity, message);
  }

  /** Reports once per place and code, however often the template is evaluated there. */
  reportAt(span: SourceSpan, code: string, severity: Problem['severity'], message: string): void {
    const key = `${spanKey(span)}:${code}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ code, severity, message, span });
  }

  /** Records that `span` names the resource `target` (an id value); a copy loop names one per copy. */
  noteReference(span: SourceSpan, target: Value): void {
    const id = target.kind === 'string' ? target.value : target.kind === 'unknown' ? target.symbol : undefined;
    if (id === undefined || this.references.length >= MAX_REFERENCES) return;
    const key = `${spanKey(span)} ${id}`;
    if (this.referenced.has(key)) return;
    this.referenced.add(key);
    this.references.push({ span, target });
  }

  /** Parses a file once per load, reporting its syntax errors once. */
  doc(file: string, text: string): JsonDoc {
    let doc = this.docs.get(file);
    if (!doc) {
      doc = parseJsonDoc(file, text);
      this.docs.set(file, doc);
      for (const p of doc.problems) this.problems.push(p);
      if (doc.tooDeep) this.budget.markIncomplete(doc.tooDeep.span, doc.tooDeep.message);
    }
    return doc;
  }

  expression(node: Node): ParseResult {
    let parsed = this.expressions.get(node);
    if (!parsed) {
      parsed = parseExpression(node.value as string);
      this.expressions.set(node, parsed);
    }
    return parsed;
  }

  private readonly plain = new WeakMap<Node, boolean>();
  private readonly plainValues = new WeakMap<Node, Value>();

  /** Whether a JSON node holds no expression and no `copy` loop: its value is what is written. */
  isPlainData(node: Node): boolean {
    let known = this.plain.get(node);
    if (known !== undefined) return known;
    switch (node.type) {
      case 'string': {
        const text = node.value as string;
        known = !text.startsWith('[');
        break;
      }
      case 'array':
        known = (node.children ?? []).every((c) => this.isPlainData(c));
        break;
      case 'object':
        known = members(node).every(
          (m) =>
            !m.key.startsWith('[') &&
            (m.key.toLowerCase() !== 'copy' || loopSpecs(m.value).length === 0) &&
            this.isPlainData(m.value),
        );
        break;
      default:
        known = true;
    }
    this.plain.set(node, known);
    return known;
  }

  /** The value of plain data, built once per node. */
  plainValue(doc: JsonDoc, node: Node): Value {
    let v = this.plainValues.get(node);
    if (!v) {
      v = literalValue(doc, node);
      this.plainValues.set(node, v);
    }
    return v;
  }

  /** Runs `compute` unless `key` is already being computed further up the stack (a cycle). */
  guard<T>(key: object, onCycle: () => T, compute: () => T): T {
    if (this.active.has(key)) return onCycle();
    this.active.add(key);
    try {
      return compute();
    } finally {
      this.active.delete(key);
    }
  }
}
