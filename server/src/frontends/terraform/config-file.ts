import type { Problem } from '../../graph/problem';
import type { Budget } from '../budget';
import { readHcl } from './hcl-reader';
import { readTfJson } from './json-reader';
import type { Body } from './syntax';

/** Reads one configuration file in either syntax (within the deployment's budget when given). */
export function readConfigFile(file: string, text: string, budget?: Budget): { body: Body; problems: Problem[] } {
  return /\.json$/i.test(file) ? readTfJson(file, text, budget) : readHcl(file, text, budget);
}

/** A file Terraform reads as configuration (override files change others and are not read here). */
export function isConfigFile(file: string): boolean {
  return /\.tf(\.json)?$/i.test(file) && !/(^|[\\/_])override\.tf(\.json)?$/i.test(file);
}
