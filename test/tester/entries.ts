import { isAnnotation } from './annotations';
import type { CaseLine } from './case-file';

/**
 * The nesting of a formatted JSON, Bicep or Terraform text, read from its indentation: a body is a
 * list of entries, each a line at the body's indentation with the lines that continue it (deeper
 * lines, its closing `}` or `]`, annotations and blank lines after it). That is all a docs example
 * needs to be laid over a base key by key; the bases and the pages are formatted, so no parser of
 * the three languages is needed.
 */

export type Syntax = 'json' | 'bicep' | 'hcl';

export interface Entry {
  /** What names the entry in its body: a property, attribute, block type and labels, or declaration. */
  key?: string;
  lines: CaseLine[];
  /** An object or array over several lines: its opening lines, its entries, its closing lines. */
  container?: { open: '{' | '['; head: CaseLine[]; body: Entry[]; tail: CaseLine[] };
}

const indentOf = (t: string): number => t.length - t.trimStart().length;
const isBlank = (t: string): boolean => t.trim() === '';
const isCloser = (t: string): boolean => /^[}\])]/.test(t.trimStart());
const HEREDOC = /<<-?\s*"?([A-Za-z_]\w*)"?\s*$/;

export function parseEntries(lines: readonly CaseLine[], syntax: Syntax): Entry[] {
  const raw: CaseLine[][] = [];
  let indent = -1;
  let heredoc: string | undefined;
  for (const l of lines) {
    const t = l.text;
    const current = raw[raw.length - 1];
    if (heredoc !== undefined) {
      current.push(l);
      if (t.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (isBlank(t) || isAnnotation(t)) {
      if (current) current.push(l);
      else raw.push([l]);
      continue;
    }
    if (indent < 0) indent = indentOf(t);
    const continues =
      current !== undefined &&
      (indentOf(t) > indent ||
        (isCloser(t) && indentOf(t) === indent) ||
        // Bicep decorators belong to the declaration under them.
        (syntax === 'bicep' && current.every((c) => isBlank(c.text) || c.text.trimStart().startsWith('@'))));
    if (continues) current.push(l);
    else raw.push([l]);
    heredoc = syntax === 'hcl' ? HEREDOC.exec(t)?.[1] : undefined;
  }
  return raw.map((r) => entryOf(r, indent, syntax));
}

function entryOf(lines: CaseLine[], indent: number, syntax: Syntax): Entry {
  const first = lines.findIndex(
    (l) => !isBlank(l.text) && !isAnnotation(l.text) && !l.text.trimStart().startsWith('@'),
  );
  if (first < 0) return { lines };
  const entry: Entry = { key: keyOf(lines[first].text, syntax), lines };
  const open = lines[first].text.trimEnd().slice(-1);
  if (open !== '{' && open !== '[') return entry;
  let close = lines.length - 1;
  while (close > first && (isBlank(lines[close].text) || isAnnotation(lines[close].text))) close--;
  if (close === first || !isCloser(lines[close].text) || indentOf(lines[close].text) !== indent) return entry;
  let bodyStart = first + 1;
  while (bodyStart < close && isAnnotation(lines[bodyStart].text)) bodyStart++;
  entry.container = {
    open,
    head: lines.slice(0, bodyStart),
    body: parseEntries(lines.slice(bodyStart, close), syntax),
    tail: lines.slice(close),
  };
  return entry;
}

function keyOf(text: string, syntax: Syntax): string | undefined {
  const t = text.trim();
  if (syntax === 'json') return /^"((?:[^"\\]|\\.)*)"\s*:/.exec(t)?.[1];
  if (syntax === 'bicep') {
    const declared = /^(resource|module|param|var|output|type|func|metadata)\s+(\w+)/.exec(t);
    if (declared) return `${declared[1]} ${declared[2]}`;
    return /^(?:'([^']*)'|(\w+))\s*:/
      .exec(t)
      ?.slice(1)
      .find((k) => k !== undefined);
  }
  const block = /^([\w-]+)((?:\s+"[^"]*")*)\s*\{$/.exec(t);
  if (block) return `${block[1]}${block[2].replace(/\s+/g, ' ')}`;
  return /^([\w-]+)\s*=/.exec(t)?.[1];
}

/** The lines of entries, in order. */
export function linesOfEntries(entries: readonly Entry[]): CaseLine[] {
  return entries.flatMap((e) =>
    e.container ? [...e.container.head, ...linesOfEntries(e.container.body), ...e.container.tail] : e.lines,
  );
}

/**
 * A body laid over another, key by key: what `over` states replaces the same key of `base`, objects
 * stated on both sides merge the same way, arrays and repeated keys are taken whole from `over`, and
 * the keys only `base` has are kept (first, in their order).
 */
export function mergeEntries(over: readonly Entry[], base: readonly Entry[]): Entry[] {
  const count = (es: readonly Entry[], k: string) => es.filter((e) => e.key === k).length;
  const stated = new Set(over.map((e) => e.key));
  const kept = base.filter((e) => e.key !== undefined && !stated.has(e.key));
  const merged = over.map((e): Entry => {
    if (e.key === undefined || count(over, e.key) !== 1 || count(base, e.key) !== 1) return e;
    return layOver(
      e,
      base.find((b) => b.key === e.key)!,
    );
  });
  return [...kept, ...merged];
}

/** One object laid over another (see mergeEntries); anything else is taken whole from `over`. */
export function layOver(over: Entry, base: Entry): Entry {
  if (over.container?.open !== '{' || base.container?.open !== '{') return over;
  return { ...over, container: { ...over.container, body: mergeEntries(over.container.body, base.container.body) } };
}

/**
 * JSON separates the entries of a body with commas: after a merge, each entry but the last ends
 * with one (on its last line of code), at every depth.
 */
export function withJsonCommas(entries: readonly Entry[]): Entry[] {
  const code = entries.filter((e) => e.key !== undefined || e.container || lastCode(e.lines) >= 0);
  return entries.map((e) => {
    const comma = e !== code[code.length - 1];
    if (e.container) {
      const [closer, ...after] = e.container.tail;
      const body = withJsonCommas(e.container.body);
      return { ...e, container: { ...e.container, body, tail: [withComma(closer, comma), ...after] } };
    }
    const i = lastCode(e.lines);
    if (i < 0) return e;
    return { ...e, lines: e.lines.map((l, j) => (j === i ? withComma(l, comma) : l)) };
  });
}

function lastCode(lines: readonly CaseLine[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lines[i].text;
    if (!isBlank(t) && !isAnnotation(t) && !/^\s*\/\//.test(t)) return i;
  }
  return -1;
}

function withComma(l: CaseLine, comma: boolean): CaseLine {
  const bare = l.text.replace(/,\s*$/, '');
  return { ...l, text: comma ? `${bare},` : bare };
}
