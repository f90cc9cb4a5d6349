import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { REPO } from './cli-process';

const SCHEMA = path.join(REPO, 'test/schemas/sarif-schema-2.1.0.json');

export interface SarifValidation {
  valid: boolean;
  errors: string[];
}

/**
 * The OASIS SARIF 2.1.0 schema (vendored, test/schemas/README.md), checked with ajv. The file
 * declares draft-04, which ajv 8 does not load; it uses no keyword whose meaning changed after
 * draft-04 except the root `id`, so it compiles as draft-07 once that becomes `$id`.
 */
export function sarifValidator(): (doc: unknown) => SarifValidation {
  const raw = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = raw;
  // The schema's `language` pattern has a stray `]`, legal only outside unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ ...rest, $id: String(id) });
  return (doc) => {
    const valid = validate(doc) === true;
    return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`) };
  };
}
