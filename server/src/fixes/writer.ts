import type { Language } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import type { FixIntent } from './intent';

/** A replacement of the text at `span` (an insertion when the span is empty). */
export interface TextEdit {
  span: SourceSpan;
  newText: string;
}

/**
 * Turns a fix intent into edits in one language. Fix writers may read the current text (they
 * must write in the file's own style); they return undefined when the edit cannot be made safely.
 */
export interface FixWriter {
  readonly language: Language;
  write(intent: FixIntent, read: (file: string) => string | undefined): TextEdit[] | undefined;
}
