import type { Random } from './random';

export type Language = 'arm' | 'terraform' | 'bicep';

/**
 * Grammar-aware mutations of a template's text. The text is split into the tokens all three
 * languages share (strings, numbers, names, punctuation, comments, whitespace), so a mutation
 * deletes, repeats or swaps whole tokens and replaces whole values, which reaches deeper into the
 * front ends than random bytes alone; random bytes, encodings and truncation are among them too.
 */

interface Token {
  text: string;
  kind: 'space' | 'comment' | 'string' | 'number' | 'name' | 'punct';
}

const TOKEN =
  /(\s+)|(\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][\w-]*)|(\$\{|[\s\S])/gy;
const KINDS: Token['kind'][] = ['space', 'comment', 'string', 'number', 'name', 'punct'];

export function tokens(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    out.push({ text: m[0], kind: KINDS[group - 1] });
  }
  return out;
}

const deep = (open: string, close: string, n: number, inner: string): string =>
  open.repeat(n) + inner + close.repeat(n);

/** Values of the wrong type, huge, invalid or hostile, written as each language writes them. */
const HOSTILE_VALUES: Record<Language, string[]> = {
  arm: [
    'null',
    '[]',
    '{}',
    'true',
    '1e309',
    '-1',
    '100000000',
    '9007199254740993',
    '"10.0.0.0/33"',
    '"999.1.1.1/8"',
    '"::/0"',
    '"[range(0, 100000000)]"',
    "\"[concat(variables('v'), variables('v'))]\"",
    '"[format(\'{0:D500000000}\', 1)]"',
    "\"[json(concat('[', string(range(0, 5000)), ']'))]\"",
    '"[parameters(\'nope\')]"',
    "\"[reference(resourceId('Microsoft.Network/virtualNetworks', 'x')).subnets[99]]\"",
    '"[split(string(range(0, 100000)), \',\')]"',
    '"\\u0000\\ud800"',
    `"${'a'.repeat(100_000)}"`,
    deep('[', ']', 3000, '1'),
    deep('{"a":', '}', 3000, '1'),
  ],
  terraform: [
    'null',
    '[]',
    '{}',
    'true',
    '1e309',
    '-1',
    '100000000',
    '"10.0.0.0/33"',
    '"999.1.1.1/8"',
    'cidrsubnet("10.0.0.0/8", 30, 99999999)',
    'range(100000000)',
    '[for i in range(100000) : [for j in range(100000) : j]]',
    `regex("(a+)+$", "${'a'.repeat(40)}b")`,
    'format("%500000000s", "x")',
    'var.nope',
    'local.nope',
    'file("/etc/passwd")',
    'file("../../../../../../../etc/hostname")',
    'jsondecode("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")',
    '"${"${"${"${"${"${"${var.x}"}"}"}"}"}"}"',
    '"\\u0000"',
    `"${'a'.repeat(100_000)}"`,
    deep('[', ']', 3000, '1'),
    deep('{ a = ', ' }', 3000, '1'),
  ],
  bicep: [
    'null',
    '[]',
    '{}',
    'true',
    '-1',
    '100000000',
    "'10.0.0.0/33'",
    "'999.1.1.1/8'",
    'range(0, 100000000)',
    '[for i in range(0, 100000): [for j in range(0, 100000): j]]',
    "format('{0:D500000000}', 1)",
    'nope',
    "loadTextContent('/etc/passwd')",
    "loadTextContent('../../../../../../../etc/hostname')",
    "loadJsonContent('../../../../../../../proc/self/environ')",
    "json(concat('[', string(range(0, 5000)), ']'))",
    "'${'${'${'${'${'${'${'${'x'}'}'}'}'}'}'}'}'",
    `'${'a'.repeat(100_000)}'`,
    deep('[', ']', 3000, '1'),
    deep('{ a: ', ' }', 3000, '1'),
  ],
};

const UNICODE = ['\u202e', '\u0000', '\ufeff', '\ud800', '😀', '\u00a0', 'ﬃ', '\u2028', 'İ'];

/** Where a value follows: after `:` in JSON and Bicep objects, after `=` in HCL (and Bicep declarations). */
function valueStarts(list: Token[], language: Language): number[] {
  const out: number[] = [];
  const marks = language === 'terraform' ? ['='] : language === 'arm' ? [':'] : [':', '='];
  let previous = '';
  list.forEach((t, i) => {
    if (t.kind === 'space' || t.kind === 'comment') return;
    if (marks.includes(previous) && t.kind !== 'punct') out.push(i);
    previous = t.text;
  });
  return out;
}

type Mutation = (text: string, list: Token[], random: Random, language: Language) => string;

const join = (list: Token[]): string => list.map((t) => t.text).join('');
const solid = (list: Token[]): number[] =>
  list.flatMap((t, i) => (t.kind === 'space' || t.kind === 'comment' ? [] : [i]));

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, _l, r) => text.slice(0, r.below(text.length + 1)),
  deleteToken: (_t, list, r) => {
    const at = solid(list);
    if (at.length > 0) list.splice(r.pick(at), 1);
    return join(list);
  },
  duplicateToken: (_t, list, r) => {
    const at = solid(list);
    if (at.length > 0) {
      const i = r.pick(at);
      list.splice(i, 0, { ...list[i] });
    }
    return join(list);
  },
  swapTokens: (_t, list, r) => {
    const at = solid(list);
    if (at.length > 1) {
      const i = r.pick(at);
      const j = r.pick(at);
      [list[i], list[j]] = [list[j], list[i]];
    }
    return join(list);
  },
  replaceValue: (_t, list, r, language) => {
    const at = valueStarts(list, language);
    if (at.length > 0) list[r.pick(at)] = { text: r.pick(HOSTILE_VALUES[language]), kind: 'string' };
    return join(list);
  },
  replaceEveryValue: (_t, list, r, language) => {
    const value = r.pick(HOSTILE_VALUES[language]);
    for (const i of valueStarts(list, language))
      if (r.next() < 0.2) list[i] = { text: value.length > 1000 ? 'null' : value, kind: 'string' };
    return join(list);
  },
  randomBytes: (text, _l, r) => {
    const at = r.below(text.length + 1);
    const bytes = Array.from({ length: 1 + r.below(16) }, () => String.fromCharCode(r.below(256))).join('');
    return text.slice(0, at) + bytes + text.slice(at);
  },
  unicode: (text, _l, r) => {
    const at = r.below(text.length + 1);
    return text.slice(0, at) + r.pick(UNICODE) + text.slice(at);
  },
  bom: (text) => '\ufeff' + text,
  crlf: (text) => text.replace(/\r?\n/g, '\r\n'),
  loneCr: (text) => text.replace(/\r?\n/g, '\r'),
  deepNesting: (text, _l, r) => {
    const at = r.below(text.length + 1);
    return text.slice(0, at) + deep('[', ']', 500 + r.below(5000), '') + text.slice(at);
  },
  repeatBlock: (text, _l, r) => {
    // The file repeated: every declaration twice (duplicate names, keys and resources).
    return r.next() < 0.5 ? text + '\n' + text : text.repeat(2 + r.below(4));
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One to three mutations of `text`; returns the new text and what was done (for the report). */
export function mutate(text: string, language: Language, random: Random): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  const n = 1 + random.below(3);
  for (let i = 0; i < n; i++) {
    const name = random.pick(MUTATION_NAMES);
    out = MUTATIONS[name](out, tokens(out), random, language);
    applied.push(name);
  }
  return { text: out, applied };
}
