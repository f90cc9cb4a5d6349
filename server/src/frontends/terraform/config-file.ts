import type { Problem } from '../../graph/problem';
import type { Budget } from '../budget';
import { PARSE_CACHE_CHARS, ParseCache } from '../parse-cache';
import type { ParsedHcl } from './hcl-reader';
import { readHcl } from './hcl-reader';
import { readTfJson } from './json-reader';
import type { Body } from './syntax';

const nativeFiles = new ParseCache<ParsedHcl>(PARSE_CACHE_CHARS);

/**
 * Reads one configuration file in either syntax (within the deployment's budget when given). A
 * native file read whole is shared by every reader of the same text (see parse-cache.ts).
 */
export function readConfigFile(file: string, text: string, budget?: Budget): { body: Body; problems: Problem[] } {
  if (/\.json$/i.test(file)) return readTfJson(file, text, budget);
  return nativeFiles.get(
    file,
    text,
    () => readHcl(file, text, budget),
    (parsed) => parsed.whole,
  );
}

/** A file Terraform reads as configuration (override files change others and are not read here). */
export function isConfigFile(file: string): boolean {
  return /\.tf(\.json)?$/i.test(file) && !/(^|[\\/_])override\.tf(\.json)?$/i.test(file);
}
