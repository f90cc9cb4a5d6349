import type { Node } from 'web-tree-sitter';
import type { Problem } from '../../graph/problem';
import { MAX_PROBLEMS_PER_FILE } from '../../graph/problem';
import { LineMap } from '../../graph/span';
import type { Attribute, Block, Body, Expr, Label, ObjectItem, Step } from './syntax';
import type { Budget } from '../budget';
import { commentsOfTree, hclCommentsOfFiles } from './hcl-comments';
import { parseTerraform, wasmFailed } from './parser';

/** Deeper expressions than this are reported instead of read: no real configuration nests so far. */
const MAX_DEPTH = 256;

const POSTFIX = new Set(['get_attr', 'index', 'splat']);

export interface ParsedHcl {
  body: Body;
  problems: Problem[];
  /** False when the file was not parsed (too large, too slow, the parser failed): an outcome of more than its text. */
  whole: boolean;
}

/**
 * Native syntax files larger than this are not parsed: tree-sitter needs some 200 bytes of memory
 * per byte of Terraform (a valid 7 MB file took 1.4 GB), and real configurations stay far below.
 */
export const MAX_HCL_BYTES = 2 * 1024 * 1024;

/** Syntax errors reported per file; a broken file has one real mistake and a cascade after it. */
const MAX_SYNTAX_ERRORS = MAX_PROBLEMS_PER_FILE - 1;

/**
 * A file's parse time budget: a base plus some per kilobyte, several times what a healthy parse
 * needs on a loaded machine (a 280 KB file: 1 s on the first parse of a process, 0.3 s after). Some
 * broken inputs make tree-sitter's error recovery quadratic (20 KB of spaces in an open string: 6 s).
 */
export function parseAllowanceMs(text: string): number {
  return 1000 + (8 * text.length) / 1024;
}

const EMPTY: Body = { attributes: [], blocks: [] };

/**
 * Reads native Terraform syntax. Syntax errors become `parse-error` problems; the rest still
 * loads. A file too large, too slow to parse or that breaks the parser is one problem and an
 * empty body; with a budget, it also marks the deployment as not completely seen.
 */
export function readHcl(file: string, text: string, budget?: Budget): ParsedHcl {
  const map = new LineMap(text);
  const fail = (code: string, message: string): ParsedHcl => {
    const span = map.span(file, 0, 0);
    budget?.markIncomplete(span, message);
    return { body: EMPTY, problems: [{ code, severity: 'error', message, span }], whole: false };
  };
  if (text.length > MAX_HCL_BYTES)
    return fail('file-too-large', `the file is larger than ${MAX_HCL_BYTES / 1024 / 1024} MiB and is not analysed`);
  const allowance = parseAllowanceMs(text);
  const deadline = performance.now() + allowance;
  const outcome = parseTerraform(text, () => performance.now() > deadline || budget?.shouldStop() === true);
  switch (outcome.kind) {
    case 'unavailable':
      return fail(
        'parse-error',
        'the Terraform parser is not available (it is being restarted); the file is not analysed',
      );
    case 'aborted':
      return fail(
        'parse-error',
        `the Terraform parser failed on this file (${outcome.message}); the file is not analysed`,
      );
    case 'stopped':
      budget?.poll();
      return fail(
        'parse-timeout',
        `parsing this file took longer than the ${Math.round(allowance)} ms allowed; the file is not analysed`,
      );
  }
  const tree = outcome.tree;
  try {
    const reader = new HclReader(file, text, map);
    const root = tree.rootNode;
    const body = root.children.find((c) => c.type === 'body');
    const result = body ? reader.body(body, 0) : { attributes: [], blocks: [] };
    if (root.hasError) reader.syntaxErrors(root);
    // The comments are found in this tree while it is here, so that they do not cost a second parse.
    hclCommentsOfFiles.get(
      file,
      text,
      () => commentsOfTree(tree, text),
      (c) => c.whole,
    );
    return { body: result, problems: reader.problems, whole: true };
  } catch (err) {
    if (wasmFailed(err))
      return fail('parse-error', 'the Terraform parser failed on this file; the file is not analysed');
    throw err;
  } finally {
    try {
      tree.delete();
    } catch {
      // The instance died while the tree was read: there is nothing left to free.
    }
  }
}

class HclReader {
  readonly problems: Problem[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly map: LineMap,
  ) {}

  span(n: Node | { startIndex: number; endIndex: number }) {
    return this.map.span(this.file, n.startIndex, n.endIndex);
  }

  body(node: Node, depth: number): Body {
    const out: Body = { attributes: [], blocks: [] };
    for (const c of node.children) {
      if (c.type === 'attribute') {
        const a = this.attribute(c, depth);
        if (a) out.attributes.push(a);
      } else if (c.type === 'block') {
        const b = this.block(c, depth + 1);
        if (b) out.blocks.push(b);
      }
    }
    return out;
  }

  private attribute(node: Node, depth: number): Attribute | undefined {
    const children = node.children;
    const name = children.find((c) => c.type === 'identifier');
    const value = children.find((c) => c.type === 'expression');
    if (!name) return undefined;
    return {
      name: name.text,
      nameSpan: this.span(name),
      expr: value ? this.expr(value, depth) : this.unsupported(node, 'the attribute has no value'),
      span: this.span(node),
    };
  }

  private block(node: Node, depth: number): Block | undefined {
    if (depth > MAX_DEPTH) {
      this.tooDeep(node);
      return undefined;
    }
    const children = node.children;
    const type = children.find((c) => c.type === 'identifier');
    if (!type) return undefined;
    const labels: Label[] = [];
    let headerEnd = type.endIndex;
    for (const c of children) {
      if (c === type || c.startIndex < type.endIndex) continue;
      if (c.type === 'string_lit') labels.push({ value: this.stringLit(c), span: this.span(c) });
      else if (c.type === 'identifier') labels.push({ value: c.text, span: this.span(c) });
      else break;
      headerEnd = c.endIndex;
    }
    const body = children.find((c) => c.type === 'body');
    return {
      type: type.text,
      labels,
      body: body ? this.body(body, depth) : { attributes: [], blocks: [] },
      span: this.span(node),
      headerSpan: this.map.span(this.file, type.startIndex, headerEnd),
    };
  }

  expr(node: Node, depth: number): Expr {
    if (depth > MAX_DEPTH) return this.tooDeep(node);
    if (node.type === 'expression')
      return this.sequence(
        node,
        node.children.filter((c) => !c.isExtra),
        depth,
      );
    return this.sequence(node, [node], depth);
  }

  /**
   * A primary expression (or a parenthesized one) followed by attribute, index and splat steps:
   * the grammar flattens traversals into their parent's children.
   */
  private sequence(whole: Node, nodes: Node[], depth: number): Expr {
    if (nodes.length === 0) return this.unsupported(whole, 'missing expression');
    if (nodes[0].type === '(') {
      const inner = nodes.find((c) => c.type === 'expression');
      const closeAt = nodes.findIndex((c) => c.type === ')');
      const end = closeAt >= 0 ? nodes[closeAt].endIndex : whole.endIndex;
      const span = this.map.span(this.file, nodes[0].startIndex, end);
      const base = inner ? this.expr(inner, depth + 1) : this.unsupported(whole, 'empty parentheses');
      const rest = closeAt >= 0 ? nodes.slice(closeAt + 1) : [];
      return this.postfix(nodes[0].startIndex, { ...base, span }, rest, depth);
    }
    const base = this.primary(nodes[0], depth + 1);
    return this.postfix(nodes[0].startIndex, base, nodes.slice(1), depth);
  }

  private postfix(start: number, base: Expr, rest: Node[], depth: number): Expr {
    const steps = this.steps(rest, depth);
    if (steps.length === 0) return base;
    const last = rest[rest.length - 1];
    return { kind: 'traverse', target: base, steps, span: this.map.span(this.file, start, last.endIndex) };
  }

  private steps(nodes: Node[], depth: number): Step[] {
    const steps: Step[] = [];
    for (const n of nodes) {
      if (!POSTFIX.has(n.type)) continue;
      if (n.type === 'get_attr') {
        const id = n.children.find((c) => c.type === 'identifier');
        if (id) steps.push({ kind: 'attr', name: id.text, span: this.span(n) });
      } else if (n.type === 'index') {
        const idx = n.children[0];
        if (idx?.type === 'legacy_index') {
          const digits = idx.text.replace(/^\./, '');
          steps.push({
            kind: 'index',
            key: { kind: 'literal', value: Number(digits), span: this.span(idx) },
            span: this.span(n),
          });
        } else {
          const keyNode = idx?.children.find((c) => c.type === 'expression');
          const key = keyNode ? this.expr(keyNode, depth + 1) : this.unsupported(n, 'empty index');
          steps.push({ kind: 'index', key, span: this.span(n) });
        }
      } else {
        const inner = n.children[0];
        steps.push({ kind: 'splat', steps: this.steps(inner?.children ?? [], depth + 1), span: this.span(n) });
      }
    }
    return steps;
  }

  private primary(node: Node, depth: number): Expr {
    if (depth > MAX_DEPTH) return this.tooDeep(node);
    const span = this.span(node);
    switch (node.type) {
      case 'expression':
        return this.expr(node, depth);
      case 'literal_value':
        return this.literal(node);
      case 'variable_expr':
        return { kind: 'variable', name: node.text, span };
      case 'template_expr':
        return this.template(node.children[0] ?? node, depth);
      case 'collection_value':
        return this.collection(node.children[0] ?? node, depth);
      case 'function_call':
        return this.call(node, depth);
      case 'conditional': {
        const parts = node.children.filter((c) => c.type === 'expression');
        if (parts.length < 3) return this.unsupported(node, 'incomplete conditional');
        return {
          kind: 'conditional',
          test: this.expr(parts[0], depth + 1),
          then: this.expr(parts[1], depth + 1),
          otherwise: this.expr(parts[2], depth + 1),
          span,
        };
      }
      case 'operation':
        return this.primary(node.children[0] ?? node, depth + 1);
      case 'unary_operation': {
        const [op, ...rest] = node.children;
        if (!op || rest.length === 0) return this.unsupported(node, 'incomplete operation');
        return { kind: 'unary', op: op.type, operand: this.sequence(node, rest, depth), span };
      }
      case 'binary_operation':
        return this.binary(node, depth);
      case 'for_expr':
        return this.forExpr(node.children[0] ?? node, depth);
      default:
        return this.unsupported(node, `unsupported syntax '${node.type}'`);
    }
  }

  private binary(node: Node, depth: number): Expr {
    const children = node.children.filter((c) => !c.isExtra);
    let parens = 0;
    const opAt = children.findIndex((c, i) => {
      if (c.type === '(') parens++;
      else if (c.type === ')') parens--;
      else if (i > 0 && parens === 0 && !c.isNamed) return true;
      return false;
    });
    if (opAt < 0) return this.unsupported(node, 'incomplete operation');
    return {
      kind: 'binary',
      op: children[opAt].type,
      left: this.sequence(node, children.slice(0, opAt), depth),
      right: this.sequence(node, children.slice(opAt + 1), depth),
      span: this.span(node),
    };
  }

  private literal(node: Node): Expr {
    const span = this.span(node);
    const inner = node.children[0];
    switch (inner?.type) {
      case 'numeric_lit':
        return { kind: 'literal', value: Number(inner.text), span };
      case 'bool_lit':
        return { kind: 'literal', value: inner.text === 'true', span };
      case 'null_lit':
        return { kind: 'literal', value: null, span };
      case 'string_lit':
        return { kind: 'literal', value: this.stringLit(inner), span };
      default:
        return this.unsupported(node, 'unsupported literal');
    }
  }

  private stringLit(node: Node): string {
    const children = node.children;
    const start = children[0]?.type === 'quoted_template_start' ? children[0].endIndex : node.startIndex;
    const endNode = children[children.length - 1];
    const end = endNode?.type === 'quoted_template_end' ? endNode.startIndex : node.endIndex;
    return unescape(this.text.slice(start, end));
  }

  /** Literal text is what lies between the interpolations, so whitespace and escapes survive exactly. */
  private template(node: Node, depth: number): Expr {
    const span = this.span(node);
    const children = node.children;
    const heredoc = node.type === 'heredoc_template';
    let start: number;
    let end: number;
    if (heredoc) {
      const ids = children.filter((c) => c.type === 'heredoc_identifier');
      if (ids.length < 2) return this.unsupported(node, 'unterminated heredoc');
      const afterStart = this.text.indexOf('\n', ids[0].endIndex);
      start = afterStart < 0 ? ids[0].endIndex : afterStart + 1;
      end = this.text.lastIndexOf('\n', ids[ids.length - 1].startIndex) + 1;
      if (end < start) end = start;
    } else {
      start = children[0]?.type === 'quoted_template_start' ? children[0].endIndex : node.startIndex;
      const last = children[children.length - 1];
      end = last?.type === 'quoted_template_end' ? last.startIndex : node.endIndex;
    }
    const indent =
      heredoc && this.text.startsWith('<<-', node.startIndex) ? commonIndent(this.text.slice(start, end)) : 0;
    const parts: (string | Expr)[] = [];
    let cursor = start;
    for (const c of children) {
      if (c.type !== 'template_interpolation' && c.type !== 'template_directive') continue;
      if (c.startIndex > cursor) parts.push(this.literalText(cursor, c.startIndex, heredoc, indent));
      if (c.type === 'template_directive') {
        parts.push(this.unsupported(c, 'template directives (%{…}) are not evaluated'));
      } else {
        const inner = c.children.find((x) => x.type === 'expression');
        parts.push(inner ? this.expr(inner, depth + 1) : this.unsupported(c, 'empty interpolation'));
      }
      cursor = c.endIndex;
    }
    if (end > cursor) parts.push(this.literalText(cursor, end, heredoc, indent));
    return { kind: 'template', parts, span };
  }

  private literalText(from: number, to: number, heredoc: boolean, indent: number): string {
    const raw = this.text.slice(from, to);
    if (!heredoc) return unescape(raw);
    let out = raw.replace(/\r\n/g, '\n');
    if (indent > 0) {
      // `<<-` drops the indentation common to all lines; a piece after an interpolation starts mid-line.
      const atLineStart = from === 0 || this.text[from - 1] === '\n';
      const strip = new RegExp(`^[ \\t]{0,${indent}}`);
      out = out
        .split('\n')
        .map((line, i) => (i === 0 && !atLineStart ? line : line.replace(strip, '')))
        .join('\n');
    }
    return out.replace(/\$\$\{/g, '${');
  }

  private collection(node: Node, depth: number): Expr {
    const span = this.span(node);
    if (node.type === 'tuple') {
      return {
        kind: 'tuple',
        items: node.children.filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)),
        span,
      };
    }
    const items: ObjectItem[] = [];
    for (const elem of node.children) {
      if (elem.type !== 'object_elem') continue;
      const keyNode = elem.childForFieldName('key');
      const valNode = elem.childForFieldName('val');
      if (!keyNode || !valNode) continue;
      items.push({ key: this.objectKey(keyNode, depth), value: this.expr(valNode, depth + 1), span: this.span(elem) });
    }
    return { kind: 'object', items, span };
  }

  private objectKey(node: Node, depth: number): Expr {
    const children = node.children;
    // A bare identifier names the key; `(expr)` or anything else is evaluated.
    if (children.length === 1 && children[0].type === 'variable_expr') {
      return { kind: 'literal', value: children[0].text, span: this.span(children[0]) };
    }
    return this.expr(node, depth + 1);
  }

  private call(node: Node, depth: number): Expr {
    const name = node.children.find((c) => c.type === 'identifier');
    const args = node.children.find((c) => c.type === 'function_arguments');
    const argNodes = args?.children ?? [];
    return {
      kind: 'call',
      name: name?.text ?? '',
      args: argNodes.filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)),
      expandLast: argNodes.some((c) => c.type === 'ellipsis'),
      span: this.span(node),
    };
  }

  private forExpr(node: Node, depth: number): Expr {
    const intro = node.children.find((c) => c.type === 'for_intro');
    const exprs = node.children.filter((c) => c.type === 'expression');
    const cond = node.children.find((c) => c.type === 'for_cond');
    const vars = intro?.children.filter((c) => c.type === 'identifier') ?? [];
    const collection = intro?.children.find((c) => c.type === 'expression');
    if (!intro || !collection || vars.length === 0 || exprs.length === 0)
      return this.unsupported(node, 'incomplete for expression');
    const objectForm = node.type === 'for_object_expr';
    if (objectForm && exprs.length < 2) return this.unsupported(node, 'incomplete for expression');
    const condExpr = cond?.children.find((c) => c.type === 'expression');
    return {
      kind: 'for',
      form: {
        keyVar: vars.length > 1 ? vars[0].text : undefined,
        valueVar: vars[vars.length - 1].text,
        collection: this.expr(collection, depth + 1),
        keyExpr: objectForm ? this.expr(exprs[0], depth + 1) : undefined,
        valueExpr: this.expr(objectForm ? exprs[1] : exprs[0], depth + 1),
        cond: condExpr ? this.expr(condExpr, depth + 1) : undefined,
        group: node.children.some((c) => c.type === 'ellipsis'),
      },
      span: this.span(node),
    };
  }

  private unsupported(node: Node, reason: string): Expr {
    return { kind: 'unsupported', reason, span: this.span(node) };
  }

  private tooDeep(node: Node): Expr {
    const span = this.span(node);
    this.problems.push({
      code: 'parse-error',
      severity: 'error',
      message: `nesting deeper than ${MAX_DEPTH} levels is not analysed`,
      span,
    });
    return { kind: 'unsupported', reason: 'nested too deeply', span };
  }

  /**
   * ERROR and MISSING nodes, one problem per error site: the first sites, then how many more. The
   * parser's recovery often reports one mistake as several nodes (a MISSING ')' followed by an
   * ERROR at the ')' it could not place, or an ERROR that swallowed a closing brace followed by a
   * MISSING '}'): nodes on the line where the previous one ends, or with only white space between,
   * are one site, reported at its first node.
   */
  syntaxErrors(root: Node): void {
    const nodes: Node[] = [];
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.isMissing || n.isError) nodes.push(n);
      else if (n.hasError) {
        for (let i = n.childCount - 1; i >= 0; i--) {
          const c = n.child(i);
          if (c) stack.push(c);
        }
      }
    }
    let lastLine = -1;
    let lastEnd = -1;
    let more = 0;
    for (const n of nodes.sort((a, b) => a.startIndex - b.startIndex)) {
      const span = this.span(n);
      const sameSite =
        span.start.line <= lastLine || (lastEnd >= 0 && this.text.slice(lastEnd, n.startIndex).trim() === '');
      lastLine = Math.max(lastLine, span.end.line);
      lastEnd = Math.max(lastEnd, n.endIndex);
      if (sameSite) continue;
      if (this.problems.length >= MAX_SYNTAX_ERRORS) more++;
      else this.problems.push({ code: 'parse-error', severity: 'error', message: this.syntaxMessage(n), span });
    }
    if (more > 0) {
      const last = this.problems[this.problems.length - 1];
      this.problems.push({
        code: 'parse-error',
        severity: 'error',
        message: `and ${more} more syntax error${more === 1 ? '' : 's'} in this file`,
        span: last.span,
      });
    }
  }

  private syntaxMessage(n: Node): string {
    if (n.isMissing) return `syntax error: missing '${n.type}'`;
    // Only the start of the node: an ERROR node may span the whole file.
    const snippet = this.text
      .slice(n.startIndex, Math.min(n.endIndex, n.startIndex + 80))
      .split(/\r?\n/)[0]
      .slice(0, 40);
    return snippet ? `syntax error near '${snippet}'` : 'syntax error';
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Quoted-string escapes of HCL: \n \r \t \" \\ \uNNNN \UNNNNNNNN, and $${ / %%{ for literal ${ / %{. */
export function unescape(raw: string): string {
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, e: string) => {
      if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
      return ESCAPES[e] ?? m;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

function commonIndent(text: string): number {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return 0;
  return lines.reduce((least, l) => Math.min(least, /^[ \t]*/.exec(l)?.[0].length ?? 0), Infinity);
}
