import type { Problem } from '../../graph/problem';
import { readHcl } from './hcl-reader';
import { readTfJson } from './json-reader';
import type { Body } from './syntax';

/** Reads one configuration file in either syntax. */
export function readConfigFile(file: string, text: string): { body: Body; problems: Problem[] } {
  return /\.json$/i.test(file) ? readTfJson(file, text) : readHcl(file, text);
}

/** A file Terraform reads as configuration (override files change others and are not read here). */
export function isConfigFile(file: string): boolean {
  return /\.tf(\.json)?$/i.test(file) && !/(^|[\\/_])override\.tf(\.json)?$/i.test(file);
}
