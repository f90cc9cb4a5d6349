import type { SourceSpan } from './span';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Problems shown per file: the first ones, then one that says how many more there are. Readers
 * keep one less syntax error than this and add their own count of the rest, so the count is exact.
 */
export const MAX_PROBLEMS_PER_FILE = 100;

/** Messages quote the user's text (names, paths, module sources): a word longer than this is cut. */
export const MAX_QUOTED_WORD = 400;
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * A message (a problem's or a finding's) as a user can read it: a template can make any quoted value a hundred kilobytes long,
 * so a longer word keeps its start and says how long it was, and the whole message is bounded.
 */
export function readableMessage(message: string): string {
  if (message.length <= MAX_QUOTED_WORD) return message;
  const words = message.replace(
    new RegExp(`\\S{${MAX_QUOTED_WORD + 1},}`, 'g'),
    (w) => `${w.slice(0, 100)}… (${w.length} characters)`,
  );
  return words.length <= MAX_MESSAGE_LENGTH ? words : `${words.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

/**
 * Something a front end could not read or follow: a syntax error, a missing linked template, a
 * registry module. Reported as a diagnostic of its own; analysis of the rest goes on.
 */
export interface Problem {
  /** Stable code, e.g. `parse-error`, `template-link-missing`, `module-not-local`. */
  code: string;
  severity: Severity;
  message: string;
  span: SourceSpan;
  /** A quick fix that is plain text edits (removing an unused suppression comment). */
  fix?: ProblemFix;
}

export interface ProblemFix {
  title: string;
  edits: { span: SourceSpan; newText: string }[];
}

/** A place where a rule could not decide because an input was unknown (`--explain-unknowns`). */
export interface UnknownNote {
  ruleId: string;
  message: string;
  span: SourceSpan;
}
