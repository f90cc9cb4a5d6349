import type { Node } from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';
import type { Problem } from '../../graph/problem';
import type { SourceSpan } from '../../graph/span';
import { LineMap } from '../../graph/span';
import type { ObjectEntry, Value } from '../../graph/value';
import { MAX_JSON_DEPTH, parseJsonTree } from '../json-tree';
import { PARSE_CACHE_CHARS, ParseCache } from '../parse-cache';
import { parseValidJson } from './fast-json';

/** One parsed JSON file: the tree with offsets, and the line map that turns them into spans. */
export interface JsonDoc {
  file: string;
  text: string;
  lines: LineMap;
  /** Undefined when nothing could be read (an empty file). */
  root?: Node;
  problems: Problem[];
  /** Set when part of the file is nested too deeply and was not read. */
  tooDeep?: Problem;
}

const parsedDocs = new ParseCache<JsonDoc>(PARSE_CACHE_CHARS);

/** The parsed file, shared by every reader of the same text (see parse-cache.ts): never changed after parsing. */
export function parseJsonDoc(file: string, text: string): JsonDoc {
  return parsedDocs.get(file, text, () => parseAfresh(file, text));
}

function parseAfresh(file: string, text: string): JsonDoc {
  const lines = new LineMap(text);
  const doc: JsonDoc = { file, text, lines, problems: [] };
  doc.root = parseValidJson(text);
  if (doc.root) return doc;
  const tree = parseJsonTree(text, { allowTrailingComma: true, disallowComments: false });
  doc.root = tree.root;
  for (const e of tree.errors) {
    const what = printParseErrorCode(e.error)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    doc.problems.push(
      problemAt(doc, e.offset, e.offset + e.length, 'parse-error', 'error', `JSON syntax error: ${what}`),
    );
  }
  if (tree.moreErrors > 0) {
    const last = tree.errors[tree.errors.length - 1];
    doc.problems.push(
      problemAt(
        doc,
        last.offset,
        last.offset + last.length,
        'parse-error',
        'error',
        `and ${tree.moreErrors} more JSON syntax errors in this file`,
      ),
    );
  }
  if (tree.tooDeepAt !== undefined) {
    doc.tooDeep = problemAt(
      doc,
      tree.tooDeepAt,
      tree.tooDeepAt + 1,
      'json-too-deep',
      'error',
      `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep here; the deeper part is not read`,
    );
    doc.problems.push(doc.tooDeep);
  }
  return doc;
}

export function spanOf(doc: JsonDoc, node: Node): SourceSpan {
  return doc.lines.span(doc.file, node.offset, node.offset + node.length);
}

export function problemAt(
  doc: JsonDoc,
  start: number,
  end: number,
  code: string,
  severity: Problem['severity'],
  message: string,
): Problem {
  return { code, severity, message, span: doc.lines.span(doc.file, start, end) };
}

export interface Member {
  key: string;
  keyNode: Node;
  value: Node;
  /** The whole `"key": value` member. */
  node: Node;
}

/** The members of an object node, in order (empty for anything else). */
export function members(node: Node | undefined): Member[] {
  const out: Member[] = [];
  forEachMember(node, (m) => out.push(m));
  return out;
}

/** `members` without the list, for the hot paths that walk every object of a big template. */
export function forEachMember(node: Node | undefined, visit: (m: Member) => void): void {
  if (node?.type !== 'object' || !node.children) return;
  for (const p of node.children) {
    const children = p.children;
    if (!children || children.length < 2) continue;
    const keyNode = children[0];
    if (typeof keyNode.value === 'string') visit({ key: keyNode.value, keyNode, value: children[1], node: p });
  }
}

/** A member's value node; keys match case-insensitively, as ARM reads them; the last one wins. */
export function child(node: Node | undefined, key: string): Node | undefined {
  return memberOf(node, key)?.value;
}

export function memberOf(node: Node | undefined, key: string): Member | undefined {
  const props = node?.type === 'object' ? node.children : undefined;
  if (!props) return undefined;
  const lower = key.toLowerCase();
  // Called for every declaration and section: scan without building the member list.
  for (let i = props.length - 1; i >= 0; i--) {
    const [keyNode, value] = props[i].children ?? [];
    const name: unknown = keyNode?.value;
    // The length first: most keys differ in it, and lowering every key of a big template is costly.
    if (value && typeof name === 'string' && name.length === lower.length && name.toLowerCase() === lower) {
      return { key: keyNode.value, keyNode, value, node: props[i] };
    }
  }
  return undefined;
}

export function stringOf(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** A JSON node as a Value, every node and member with its span (no expression evaluation). */
export function literalValue(doc: JsonDoc, node: Node): Value {
  const span = spanOf(doc, node);
  switch (node.type) {
    case 'string':
      return { kind: 'string', value: node.value as string, span };
    case 'number':
      return { kind: 'number', value: node.value as number, span };
    case 'boolean':
      return { kind: 'boolean', value: node.value as boolean, span };
    case 'null':
      return { kind: 'null', span };
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c) => literalValue(doc, c)), span };
    case 'object':
      return {
        kind: 'object',
        entries: members(node).map((m): ObjectEntry => ({
          key: m.key,
          value: literalValue(doc, m.value),
          span: spanOf(doc, m.node),
          keySpan: spanOf(doc, m.keyNode),
        })),
        span,
      };
    default:
      return { kind: 'unknown', reason: 'unreadable JSON value', span };
  }
}

/**
 * The document offset of a character of a string node's decoded value: the raw text may hold
 * JSON escapes (`\"`, `\u0041`), so offsets are counted through them.
 */
export function offsetInString(doc: JsonDoc, node: Node, index: number): number {
  const rawStart = node.offset + 1;
  const rawEnd = node.offset + node.length - 1;
  let raw = rawStart;
  for (let decoded = 0; decoded < index && raw < rawEnd; decoded++) {
    if (doc.text[raw] === '\\') raw += doc.text[raw + 1] === 'u' ? 6 : 2;
    else raw++;
  }
  return Math.min(raw, rawEnd);
}
