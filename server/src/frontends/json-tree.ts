import type { Node, ParseError, ParseOptions } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import { MAX_PROBLEMS_PER_FILE } from '../graph/problem';

/**
 * JSON nested deeper than this is not read: templates nest a few dozen levels (a Bicep module is
 * about five), and every reader and walker of the tree recurses along it.
 */
export const MAX_JSON_DEPTH = 256;

/** Syntax errors kept per file; a megabyte of commas is one mistake, not a million diagnostics. */
export const MAX_JSON_ERRORS = MAX_PROBLEMS_PER_FILE - 1;

export interface JsonTree {
  root: Node | undefined;
  /** The first `MAX_JSON_ERRORS` syntax errors. */
  errors: ParseError[];
  /** How many more there were. */
  moreErrors: number;
  /** Where the first part nested too deeply starts (it is read as `null`). */
  tooDeepAt?: number;
}

/**
 * jsonc-parser's tree for `text`, with the two guards every JSON reader needs: parts nested
 * deeper than `MAX_JSON_DEPTH` are read as `null` (one mark at the first of them), and only the
 * first syntax errors are kept. Offsets are those of the original text.
 */
export function parseJsonTree(text: string, options: ParseOptions): JsonTree {
  const cut = flattenDeepParts(text, MAX_JSON_DEPTH);
  const errors: ParseError[] = [];
  let moreErrors = 0;
  // jsonc-parser only ever pushes to the list it is given.
  const sink = {
    push(e: ParseError): number {
      if (errors.length < MAX_JSON_ERRORS) errors.push(e);
      else moreErrors++;
      return errors.length;
    },
  } as unknown as ParseError[];
  const root = parseTree(cut.text, sink, options);
  return { root, errors, moreErrors, tooDeepAt: cut.at };
}

/**
 * The text with every array or object that opens deeper than `max` replaced by `null` and spaces
 * (line breaks kept, so offsets and lines stay the same). Strings and comments are skipped over.
 */
export function flattenDeepParts(text: string, max: number): { text: string; at?: number } {
  let depth = 0;
  let at: number | undefined;
  let out: string[] | undefined;
  let copied = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = skipString(text, i);
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 123 || c === 91) {
      if (depth < max) {
        depth++;
        continue;
      }
      const end = closingOf(text, i);
      at ??= i;
      out ??= [];
      out.push(text.slice(copied, i), blank(text, i, end));
      copied = end;
      i = end - 1;
    } else if (c === 125 || c === 93) {
      if (depth > 0) depth--;
    }
  }
  if (!out) return { text };
  out.push(text.slice(copied));
  return { text: out.join(''), at };
}

/** The offset after the string starting at `i` (an unterminated one runs to the end). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j;
  }
  return text.length;
}

/** The offset after the bracket that closes the one at `open` (or the end of the text), iteratively. */
function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = skipString(text, i);
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** `null` (or `0` where that does not fit) padded with spaces over `[from, to)`, keeping line breaks where they were. */
function blank(text: string, from: number, to: number): string {
  const region = text.slice(from, to).replace(/[^\r\n]/g, ' ');
  return /^ {4}/.test(region) ? `null${region.slice(4)}` : `0${region.slice(1)}`;
}
