import type { FormatPart, Placeholder, SnippetNode, Transform } from './syntax';
import { parseSnippet } from './syntax';

/** The variables VS Code defines (an unknown name is inserted as text, as the editor makes it a placeholder). */
const KNOWN_VARIABLES = new Set([
  'TM_SELECTED_TEXT',
  'TM_CURRENT_LINE',
  'TM_CURRENT_WORD',
  'TM_LINE_INDEX',
  'TM_LINE_NUMBER',
  'TM_FILENAME',
  'TM_FILENAME_BASE',
  'TM_DIRECTORY',
  'TM_FILEPATH',
  'RELATIVE_FILEPATH',
  'CLIPBOARD',
  'WORKSPACE_NAME',
  'WORKSPACE_FOLDER',
  'CURSOR_INDEX',
  'CURSOR_NUMBER',
  'CURRENT_YEAR',
  'CURRENT_YEAR_SHORT',
  'CURRENT_MONTH',
  'CURRENT_MONTH_NAME',
  'CURRENT_MONTH_NAME_SHORT',
  'CURRENT_DATE',
  'CURRENT_DAY_NAME',
  'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR',
  'CURRENT_MINUTE',
  'CURRENT_SECOND',
  'CURRENT_SECONDS_UNIX',
  'CURRENT_TIMEZONE_OFFSET',
  'RANDOM',
  'RANDOM_HEX',
  'UUID',
  'BLOCK_COMMENT_START',
  'BLOCK_COMMENT_END',
  'LINE_COMMENT',
]);

export interface ExpandOptions {
  /** What the user typed or chose at a tab stop, by index (0: the final one); the others keep their default. */
  values?: ReadonlyMap<number, string>;
  /** Values of the known variables; a known one without a value is empty (its default, if it has one). */
  variables?: ReadonlyMap<string, string>;
}

/**
 * The text a snippet leaves once the user has gone through every tab stop: each keeps its default
 * (or the value given), every occurrence of an index shows the value of the first one that has a
 * default, a choice shows its first option, and a transform is applied to its tab stop's value.
 */
export function expandSnippet(body: string, options: ExpandOptions = {}): string {
  const nodes = parseSnippet(body);
  const definitions = new Map<number, Placeholder>();
  walk(nodes, (p) => {
    if (p.index !== 0 && !definitions.has(p.index) && (p.children.length > 0 || p.choices)) definitions.set(p.index, p);
  });
  for (const [index, value] of options.values ?? []) {
    const choices = definitions.get(index)?.choices;
    if (choices && !choices.includes(value))
      throw new Error(`tab stop ${index} is a choice of ${choices.join(', ')}, not ${value}`);
  }
  const valueOf = (index: number, seen: ReadonlySet<number>): string => {
    const given = options.values?.get(index);
    if (given !== undefined) return given;
    const def = definitions.get(index);
    if (!def || seen.has(index)) return '';
    if (def.choices) return def.choices[0];
    return render(def.children, new Set([...seen, index]));
  };
  const render = (list: SnippetNode[], seen: ReadonlySet<number>): string =>
    list
      .map((n) => {
        if (n.kind === 'text') return n.value;
        if (n.kind === 'variable') {
          const value = KNOWN_VARIABLES.has(n.name) ? options.variables?.get(n.name) : undefined;
          if (n.transform) return applyTransform(n.transform, value ?? '');
          if (value !== undefined && value !== '') return value;
          if (n.children.length > 0) return render(n.children, seen);
          return KNOWN_VARIABLES.has(n.name) ? '' : n.name;
        }
        const value = n.index === 0 ? (options.values?.get(0) ?? render(n.children, seen)) : valueOf(n.index, seen);
        return n.transform ? applyTransform(n.transform, value) : value;
      })
      .join('');
  return render(nodes, new Set());
}

function walk(nodes: SnippetNode[], visit: (p: Placeholder) => void): void {
  for (const n of nodes) {
    if (n.kind === 'placeholder') visit(n);
    if (n.kind !== 'text') walk(n.children, visit);
  }
}

function applyTransform(t: Transform, value: string): string {
  // A fresh expression each time: a `g` flag keeps lastIndex between calls otherwise.
  const regex = new RegExp(t.regex.source, t.regex.flags);
  const groupCount = (new RegExp(`${t.regex.source}|`).exec('')?.length ?? 1) - 1;
  return value.replace(regex, (...args: unknown[]) => {
    const groups = args.slice(0, groupCount + 1) as (string | undefined)[];
    return t.format.map((part) => formatPart(part, groups)).join('');
  });
}

function formatPart(part: FormatPart, groups: (string | undefined)[]): string {
  if (typeof part === 'string') return part;
  const g = groups[part.group] ?? '';
  if (part.case) return changeCase(part.case, g);
  if (part.ifValue !== undefined) return g !== '' ? part.ifValue : (part.elseValue ?? '');
  if (part.elseValue !== undefined) return g !== '' ? g : part.elseValue;
  return g;
}

function changeCase(name: string, s: string): string {
  const words = () => s.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w !== '');
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
  switch (name) {
    case 'upcase':
      return s.toUpperCase();
    case 'downcase':
      return s.toLowerCase();
    case 'capitalize':
      return s.charAt(0).toUpperCase() + s.slice(1);
    case 'pascalcase':
      return words().map(cap).join('');
    case 'camelcase': {
      const [first = '', ...rest] = words();
      return first.toLowerCase() + rest.map(cap).join('');
    }
    default:
      return s;
  }
}
