import type { Node, NodeType } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from '../json-tree';

interface MutableNode {
  type: NodeType;
  offset: number;
  length: number;
  value?: unknown;
  children?: MutableNode[];
  colonOffset?: number;
  parent?: MutableNode;
}

/**
 * A fast, non-recursive reader for well-formed JSON with comments and trailing commas, giving the
 * same tree as jsonc-parser's `parseTree`. Templates are mostly valid and can be megabytes, and
 * the general parser is slow on them; on any syntax error this returns undefined and the caller
 * uses the general parser, which recovers and reports errors precisely.
 */
export function parseValidJson(text: string): Node | undefined {
  let i = 0;
  const n = text.length;
  let root: MutableNode | undefined;
  // Containers being filled, innermost last; a pending property waits for its value.
  const stack: MutableNode[] = [];
  let depth = 0;

  const skip = (): boolean => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) i++;
      else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) return false;
        i = end + 2;
      } else return true;
    }
  };

  const attach = (node: MutableNode): boolean => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (root) return false;
      root = node;
      return true;
    }
    if (top.type === 'array') {
      node.parent = top;
      kids(top).push(node);
      return true;
    }
    if (top.type === 'property' && kids(top).length === 1) {
      node.parent = top;
      kids(top).push(node);
      top.length = node.offset + node.length - top.offset;
      stack.pop();
      return true;
    }
    return false;
  };

  const readString = (): MutableNode | undefined => {
    const start = i;
    let j = i + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(j);
      // ARM accepts strings that span lines (multi-line expressions), unlike strict JSON.
      if (j >= n) return undefined;
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
      } else j++;
    }
    let value: string;
    if (escaped) {
      try {
        value = JSON.parse(
          text.slice(start, j + 1).replace(/[\n\r\t]/g, (ch) => JSON.stringify(ch).slice(1, -1)),
        ) as string;
      } catch {
        return undefined;
      }
    } else value = text.slice(start + 1, j);
    i = j + 1;
    return { type: 'string', offset: start, length: j + 1 - start, value };
  };

  // Whether a value may come next (after `[`, `,`, `:` or at the start) rather than a separator.
  let expectValue = true;
  while (true) {
    if (!skip()) return undefined;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 44) {
      // `,` separates members; a trailing one before `}` or `]` is allowed.
      if (expectValue || !top || top.type === 'property') return undefined;
      expectValue = true;
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      const want = c === 125 ? 'object' : 'array';
      // Reaching here while a value is expected means `[`/`{` just opened, or a trailing comma.
      if (!top || top.type !== want) return undefined;
      depth--;
      i++;
      top.length = i - top.offset;
      stack.pop();
      expectValue = false;
      if (!attach(top)) return undefined;
      continue;
    }
    if (!expectValue) return undefined;
    if (top?.type === 'object') {
      // A member: "key" then `:`.
      if (c !== 34) return undefined;
      const key = readString();
      if (!key || !skip() || text.charCodeAt(i) !== 58) return undefined;
      const prop: MutableNode = {
        type: 'property',
        offset: key.offset,
        length: 0,
        children: [key],
        colonOffset: i,
        parent: top,
      };
      key.parent = prop;
      kids(top).push(prop);
      stack.push(prop);
      i++;
      continue;
    }
    if (c === 123 || c === 91) {
      // Too deep for the walkers: the general reader reads the rest as null and says so.
      if (++depth > MAX_JSON_DEPTH) return undefined;
      stack.push({ type: c === 123 ? 'object' : 'array', offset: i, length: 0, children: [] });
      i++;
      continue;
    }
    let node: MutableNode | undefined;
    if (c === 34) node = readString();
    else {
      LITERAL.lastIndex = i;
      const m = LITERAL.exec(text);
      if (!m) return undefined;
      const raw = m[0];
      const value = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw);
      node = {
        type: typeof value === 'number' ? 'number' : value === null ? 'null' : 'boolean',
        offset: i,
        length: raw.length,
        value,
      };
      i += raw.length;
    }
    if (!node || !attach(node)) return undefined;
    expectValue = false;
  }
  return stack.length === 0 ? (root as Node | undefined) : undefined;
}

function kids(node: MutableNode): MutableNode[] {
  return (node.children ??= []);
}

const LITERAL = /(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\w.])/y;
