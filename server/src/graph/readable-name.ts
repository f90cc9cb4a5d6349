import type { Language } from './resource';

/**
 * How messages, hovers and the panel write a resource name that is not known. The graph keeps such a
 * name as text with the symbol of each unknown part in braces, the symbols of nested parts nested in
 * turn (`ple-{toLower({parameters('suffix')})}-kv`): a key two references can be compared by, not
 * something to show. Shown, each unknown part becomes an expression of the file's language — Bicep and
 * Terraform `${…}` interpolation, ARM `[…]` — with the inner braces gone, and in Bicep a parameter or
 * variable by its own name, as the user wrote it: `ple-${toLower(suffix)}-kv`.
 */
export function readableName(name: string, language: Language): string {
  if (!name.includes('{')) return name;
  const [open, close] = language === 'arm' ? ['[', ']'] : ['${', '}'];
  return segments(name, false)
    .map((s) => (s.symbolic ? `${open}${expression(s.text, language)}${close}` : s.text))
    .join('');
}

/** The last segment of a full name (`vnet/snet` → `snet`), the slashes inside an unknown part not counted. */
export function lastNameSegment(name: string): string {
  const parts = segments(name, false);
  for (let i = parts.length - 1; i >= 0; i--) {
    const slash = parts[i].symbolic ? -1 : parts[i].text.lastIndexOf('/');
    if (slash < 0) continue;
    const rest = parts.slice(i + 1).map((p) => (p.symbolic ? `{${p.text}}` : p.text));
    return [parts[i].text.slice(slash + 1), ...rest].join('') || name;
  }
  return name;
}

interface Segment {
  text: string;
  /** The inside of a `{…}` part. */
  symbolic: boolean;
}

/**
 * Literal text and top-level `{…}` parts. Quotes hide braces inside a part (ARM's `''` escape
 * included) and, with `quotedText`, outside too: a symbol writes its known strings quoted, a name
 * its literal text bare.
 */
function segments(text: string, quotedText: boolean): Segment[] {
  const out: Segment[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((depth > 0 || quotedText) && c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '{') {
      if (depth++ === 0) {
        if (i > from) out.push({ text: text.slice(from, i), symbolic: false });
        from = i + 1;
      }
    } else if (c === '}' && depth > 0 && --depth === 0) {
      out.push({ text: text.slice(from, i), symbolic: true });
      from = i + 1;
    }
  }
  // An unbalanced brace is shown as it is: no symbol the front ends build has one.
  if (depth > 0) return [{ text, symbolic: false }];
  if (from < text.length) out.push({ text: text.slice(from), symbolic: false });
  return out;
}

/** A symbol's inside as an expression: nested parts lose their braces, Bicep names its parameters and variables. */
function expression(symbol: string, language: Language): string {
  const flat = segments(symbol, true)
    .map((s) => (s.symbolic ? expression(s.text, language) : s.text))
    .join('');
  return language === 'bicep' ? flat.replace(/\b(?:parameters|variables)\('([A-Za-z_][\w]*)'\)/g, '$1') : flat;
}
