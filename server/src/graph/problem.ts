import type { SourceSpan } from './span';

export type Severity = 'error' | 'warning' | 'info';

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
