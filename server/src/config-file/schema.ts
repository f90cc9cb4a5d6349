import type { Rule } from '../rulekit/rule';
import { SEVERITY_SETTINGS, severitySettingSchema } from '../rulekit/settings-schema';
import type { FieldKind, FieldSpec } from './spec';
import { CONTEXT_FIELDS, FILE_DESCRIPTION, LIST_FIELDS, SEVERITY_DESCRIPTION, UNUSED_SUPPRESSIONS } from './spec';

/** Subscription and tenant ids are GUIDs; ARM rejects anything else. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Where the schema lives in the package; `contributes.jsonValidation` points VS Code at it. */
export const CONFIG_SCHEMA_PATH = 'schemas/amlnetworkguard.schema.json';

type Schema = Record<string, unknown>;

/** A string with something in it: the reader treats a blank one as a mistake. */
const NON_BLANK: Schema = { type: 'string', pattern: '\\S' };

function valueSchema(kind: FieldKind): Schema {
  switch (kind) {
    case 'globs':
    case 'files':
      return { type: 'array', items: NON_BLANK };
    case 'text':
      return NON_BLANK;
    case 'guid':
      return { type: 'string', pattern: GUID.source };
    case 'level':
      return { type: 'string', enum: [...SEVERITY_SETTINGS] };
  }
}

function fileField(spec: FieldSpec): Schema {
  return {
    ...valueSchema(spec.kind),
    markdownDescription: spec.file,
    ...(spec.default !== undefined && { default: spec.default }),
  };
}

/**
 * The JSON schema of `.amlnetworkguard.json` (written to `schemas/` by `npm run rules:schema`; a
 * test keeps it current). `allowTrailingCommas` is VS Code's: the file is JSONC, comments and
 * trailing commas allowed, as the reader accepts them.
 */
export function configFileSchema(rules: readonly Rule[]): Schema {
  const severity = severitySettingSchema(rules);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: '.amlnetworkguard.json',
    markdownDescription: FILE_DESCRIPTION,
    type: 'object',
    allowComments: true,
    allowTrailingCommas: true,
    properties: {
      $schema: {
        type: 'string',
        markdownDescription: 'The JSON schema of this file (VS Code finds it by the file name).',
      },
      severity: {
        type: 'object',
        markdownDescription: SEVERITY_DESCRIPTION,
        properties: severity.properties,
        additionalProperties: false,
      },
      ...Object.fromEntries(Object.entries(LIST_FIELDS).map(([key, spec]) => [key, fileField(spec)])),
      context: {
        type: 'object',
        markdownDescription:
          'The deployment the templates are evaluated against, as `az deployment group create` would.',
        properties: Object.fromEntries(Object.entries(CONTEXT_FIELDS).map(([key, spec]) => [key, fileField(spec)])),
        additionalProperties: false,
      },
      unusedSuppressions: fileField(UNUSED_SUPPRESSIONS),
    },
    additionalProperties: false,
  };
}

/**
 * The `amlNetworkGuard.*` settings that mirror keys of the file (package.json holds a copy written
 * by `npm run rules:schema`). An empty value is "not set": it never overrides the file.
 */
export function mirroredSettingsSchema(rules: readonly Rule[]): Record<string, Schema> {
  const out: Record<string, Schema> = { 'amlNetworkGuard.severity': severitySettingSchema(rules) };
  for (const [key, spec] of Object.entries(LIST_FIELDS))
    out[`amlNetworkGuard.${key}`] = {
      type: 'array',
      items: { type: 'string' },
      default: [],
      markdownDescription: spec.setting,
    };
  for (const [key, spec] of Object.entries(CONTEXT_FIELDS))
    out[`amlNetworkGuard.context.${key}`] = { type: 'string', default: '', markdownDescription: spec.setting };
  return out;
}
