import type { Severity } from '../graph/problem';

/**
 * A message template. A plain string uses the rule's severity; `{ text, severity }` gives the
 * message a default severity of its own, used only when the user configured nothing for the rule
 * (a configured severity is never changed by a rule).
 */
export type MessageSpec = string | { readonly text: string; readonly severity: Severity };

export type Messages = Readonly<Record<string, MessageSpec>>;

type TextOf<S> = S extends string ? S : S extends { readonly text: infer T } ? T : never;

/** The `{{name}}` placeholders of a template, as a union of names. */
export type Placeholders<S> = S extends `${string}{{${infer K}}}${infer Rest}` ? K | Placeholders<Rest> : never;

/**
 * `data` is required, with exactly the template's placeholders, when it has any; absent otherwise.
 * That needs the template as one string literal: a template built with `+` is only a `string`, and
 * then any `data` is accepted (the toolkit still throws at run time on a missing placeholder).
 */
export type MessageData<S> =
  string extends TextOf<S>
    ? { data?: Readonly<Record<string, string | number>> }
    : [Placeholders<TextOf<S>>] extends [never]
      ? { data?: undefined }
      : { data: Readonly<Record<Placeholders<TextOf<S>>, string | number>> };

export function messageText(spec: MessageSpec): string {
  return typeof spec === 'string' ? spec : spec.text;
}

export function messageSeverity(spec: MessageSpec): Severity | undefined {
  return typeof spec === 'string' ? undefined : spec.severity;
}

const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;

/** The names a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Fills a template; a placeholder without data is a bug in the rule, so it throws. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(PLACEHOLDER, (_all, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) throw new Error(`message data has no '${name}'`);
    return String(data[name]);
  });
}
