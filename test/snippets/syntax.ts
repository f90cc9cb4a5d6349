/**
 * The VS Code snippet grammar (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar),
 * parsed the way the editor's SnippetParser does: what does not form a tab stop, placeholder,
 * choice or variable is text, `\` escapes `$`, `}` and `\` (and `,` and `|` in a choice), and an
 * unterminated construct is read again as text.
 */

export type SnippetNode = Text | Placeholder | Variable;

export interface Text {
  kind: 'text';
  value: string;
}

/** `$1`, `${1}`, `${1:default}`, `${1|a,b|}`, `${1/regex/format/flags}`. */
export interface Placeholder {
  kind: 'placeholder';
  index: number;
  children: SnippetNode[];
  choices?: string[];
  transform?: Transform;
}

/** `$NAME`, `${NAME}`, `${NAME:default}`, `${NAME/regex/format/flags}`. */
export interface Variable {
  kind: 'variable';
  name: string;
  children: SnippetNode[];
  transform?: Transform;
}

export interface Transform {
  regex: RegExp;
  format: FormatPart[];
}

/** `$1`, `${1}`, `${1:/upcase}`, `${1:+if}`, `${1:?if:else}`, `${1:-else}`, `${1:else}`, or text. */
export type FormatPart = string | { group: number; case?: string; ifValue?: string; elseValue?: string };

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  eat(s: string): boolean {
    if (!this.text.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }

  match(re: RegExp): string | undefined {
    const m = re.exec(this.text.slice(this.pos));
    if (!m || m.index !== 0) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
}

const INT = /^[0-9]+/;
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

export function parseSnippet(body: string): SnippetNode[] {
  const s = new Scanner(body);
  return pushText(parseSequence(s, false));
}

/** Nodes up to the end, or (inside a placeholder or variable default) up to the unescaped `}`. */
function parseSequence(s: Scanner, nested: boolean): SnippetNode[] {
  const out: SnippetNode[] = [];
  while (!s.done) {
    if (nested && s.peek() === '}') break;
    const escaped = escape(s, '$}\\');
    if (escaped !== undefined) {
      out.push({ kind: 'text', value: escaped });
      continue;
    }
    const start = s.pos;
    const node = s.peek() === '$' ? parseDollar(s) : undefined;
    if (node) out.push(node);
    else {
      s.pos = start;
      out.push({ kind: 'text', value: s.peek() });
      s.pos++;
    }
  }
  return out;
}

/** `\c` for an escapable `c`: the character itself; a backslash before anything else is text. */
function escape(s: Scanner, escapable: string): string | undefined {
  if (s.peek() !== '\\' || !escapable.includes(s.peek(1)) || s.peek(1) === '') return undefined;
  s.pos += 2;
  return s.text[s.pos - 1];
}

function parseDollar(s: Scanner): SnippetNode | undefined {
  s.eat('$');
  const index = s.match(INT);
  if (index !== undefined) return { kind: 'placeholder', index: Number(index), children: [] };
  const name = s.match(NAME);
  if (name !== undefined) return { kind: 'variable', name, children: [] };
  if (!s.eat('{')) return undefined;
  const complexIndex = s.match(INT);
  if (complexIndex !== undefined) {
    const rest = parseBraced(s, true);
    return rest && { kind: 'placeholder', index: Number(complexIndex), ...rest };
  }
  const complexName = s.match(NAME);
  if (complexName === undefined) return undefined;
  const rest = parseBraced(s, false);
  return rest && { kind: 'variable', name: complexName, children: rest.children, transform: rest.transform };
}

/** After `${1` or `${NAME`: `}`, `:default}`, `|choices|}` (a placeholder's only) or `/transform}`. */
function parseBraced(
  s: Scanner,
  choicesAllowed: boolean,
): Pick<Placeholder, 'children' | 'choices' | 'transform'> | undefined {
  if (s.eat('}')) return { children: [] };
  if (s.eat(':')) {
    const children = parseSequence(s, true);
    return s.eat('}') ? { children: pushText(children) } : undefined;
  }
  if (choicesAllowed && s.eat('|')) {
    const choices = parseChoices(s);
    return choices ? { children: [], choices } : undefined;
  }
  if (s.peek() === '/') {
    const transform = parseTransform(s);
    return transform && s.eat('}') ? { children: [], transform } : undefined;
  }
  return undefined;
}

/** After `${1|`: the options up to `|}`. */
function parseChoices(s: Scanner): string[] | undefined {
  const choices: string[] = [];
  let current = '';
  while (!s.done) {
    const escaped = escape(s, ',|\\');
    if (escaped !== undefined) current += escaped;
    else if (s.eat('|}')) return [...choices, current];
    else if (s.eat(',')) {
      choices.push(current);
      current = '';
    } else if (s.peek() === '|') return undefined;
    else current += s.text[s.pos++];
  }
  return undefined;
}

/** `/regex/format/flags` (the closing `}` is the caller's). */
function parseTransform(s: Scanner): Transform | undefined {
  s.eat('/');
  let source = '';
  while (!s.eat('/')) {
    if (s.done) return undefined;
    if (s.peek() === '\\' && s.peek(1) === '/') {
      source += '/';
      s.pos += 2;
    } else source += s.text[s.pos++];
  }
  const format: FormatPart[] = [];
  while (!s.eat('/')) {
    if (s.done) return undefined;
    const escaped = escape(s, '$\\/');
    if (escaped !== undefined) format.push(escaped);
    else if (s.peek() === '$') {
      const start = s.pos;
      const part = parseFormatGroup(s);
      if (part) format.push(part);
      else {
        s.pos = start + 1;
        format.push('$');
      }
    } else format.push(s.text[s.pos++]);
  }
  const flags = s.match(/^[a-z]*/) ?? '';
  try {
    return { regex: new RegExp(source, flags), format };
  } catch {
    return undefined;
  }
}

function parseFormatGroup(s: Scanner): FormatPart | undefined {
  s.eat('$');
  const bare = s.match(INT);
  if (bare !== undefined) return { group: Number(bare) };
  if (!s.eat('{')) return undefined;
  const index = s.match(INT);
  if (index === undefined) return undefined;
  const group = Number(index);
  if (s.eat('}')) return { group };
  if (!s.eat(':')) return undefined;
  if (s.eat('/')) {
    const name = s.match(/^[a-z]+/);
    return name !== undefined && s.eat('}') ? { group, case: name } : undefined;
  }
  if (s.eat('+')) {
    const ifValue = formatText(s, '}');
    return ifValue !== undefined && s.eat('}') ? { group, ifValue } : undefined;
  }
  if (s.eat('?')) {
    const ifValue = formatText(s, ':');
    if (ifValue === undefined || !s.eat(':')) return undefined;
    const elseValue = formatText(s, '}');
    return elseValue !== undefined && s.eat('}') ? { group, ifValue, elseValue } : undefined;
  }
  s.eat('-');
  const elseValue = formatText(s, '}');
  return elseValue !== undefined && s.eat('}') ? { group, elseValue } : undefined;
}

/** Text of a conditional format, up to an unescaped `end`. */
function formatText(s: Scanner, end: string): string | undefined {
  let out = '';
  while (s.peek() !== end) {
    if (s.done) return undefined;
    const escaped = escape(s, `\\${end}`);
    out += escaped ?? s.text[s.pos++];
  }
  return out;
}

/** Adjacent text nodes as one (the parser reads text a character at a time). */
function pushText(nodes: SnippetNode[]): SnippetNode[] {
  const out: SnippetNode[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', value: last.value + n.value };
    else out.push(n);
  }
  return out;
}
