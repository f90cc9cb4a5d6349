import type { Language } from '../graph/resource';
import { armWriter } from './arm-writer';
import { bicepWriter } from './bicep-writer';
import type { FixIntent } from './intent';
import { terraformWriter } from './terraform-writer';
import type { FixWriter, TextEdit } from './writer';

const WRITERS: ReadonlyMap<Language, FixWriter> = new Map(
  [armWriter, bicepWriter, terraformWriter].map((w) => [w.language, w]),
);

/**
 * The edits that carry out a fix intent, written by the writer for the language of the resource
 * being changed; undefined when no writer can do it safely.
 */
export function writeFix(intent: FixIntent, read: (file: string) => string | undefined): TextEdit[] | undefined {
  const edits = WRITERS.get(intent.resource.language)?.write(intent, read);
  return edits && edits.length > 0 ? edits : undefined;
}
