import * as path from 'node:path';
import type { Node, ParseError } from 'jsonc-parser';
import { ParseErrorCode, parseTree, stripComments } from 'jsonc-parser';
import type { SeveritySetting } from '../config';
import type { Problem, Severity } from '../graph/problem';
import { LineMap } from '../graph/span';
import { SEVERITY_SETTINGS } from '../rulekit/settings-schema';
import { didYouMean } from '../suggest';
import type { ConfigLayer } from './layers';
import { globTrouble } from './ignore';
import { GUID } from './schema';
import type { ContextField, FieldSpec, ListField } from './spec';
import { CONTEXT_FIELDS, LIST_FIELDS, TOP_LEVEL_KEYS } from './spec';

/** The problem code of everything wrong in a configuration file. */
export const INVALID_CONFIG = 'invalid-config';

export interface ConfigFileEnv {
  ruleIds: ReadonlySet<string>;
  /** Why a listed parameter / var file cannot be read, or undefined when it can. */
  unreadable(file: string): string | undefined;
}

export interface ConfigFile {
  file: string;
  layer: ConfigLayer;
  /** One per mistake, on the exact key or value; what they name is left out, the rest applies. */
  problems: Problem[];
  /**
   * The problems the file's JSON schema cannot find (a listed file that cannot be read): where the
   * editor validates the file with the schema, only these are worth a diagnostic of ours.
   */
  beyondSchema: Problem[];
}

/**
 * Reads `.amlnetworkguard.json` (JSONC: comments and trailing commas allowed) into a layer. Never
 * throws: a value that does not fit is reported where it is written and left out, so a typo in one
 * key never discards the team's other settings. Only the first syntax error is reported (the ones
 * after it are usually its echo); what could be read around it still applies.
 */
export function readConfigFile(file: string, text: string, env: ConfigFileEnv): ConfigFile {
  const lines = new LineMap(text);
  const problems: Problem[] = [];
  const beyondSchema: Problem[] = [];
  const report: Report = (node, message, severity = 'error', schemaCannotSee = false) => {
    const problem: Problem = {
      code: INVALID_CONFIG,
      severity,
      message,
      span: lines.span(file, node.offset, node.offset + node.length),
    };
    problems.push(problem);
    if (schemaCannotSee) beyondSchema.push(problem);
  };
  const layer: ConfigLayer = {};
  // A file with nothing but comments configures nothing; that is not a mistake.
  if (stripComments(text).trim() === '') return { file, layer, problems, beyondSchema };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0)
    report(
      errors[0],
      `${CONFIG_NAME} is not valid JSON: ${syntaxMessage(errors[0].error)}; the rest of it still applies`,
    );
  if (!root) return { file, layer, problems, beyondSchema };
  if (root.type !== 'object') {
    report(root, `${CONFIG_NAME} must be a JSON object; none of it applies`);
    return { file, layer, problems, beyondSchema };
  }
  const dir = path.dirname(file);
  for (const [key, value] of properties(root, report)) {
    switch (key.value) {
      case '$schema':
        if (value.type !== 'string') report(value, `'$schema' must be a string`);
        break;
      case 'severity': {
        const severity = readSeverity(value, env, report);
        if (severity) layer.severity = severity;
        break;
      }
      case 'ignoredPaths':
      case 'parameterFiles':
      case 'varFiles': {
        const name: ListField = key.value;
        const list = readList(name, LIST_FIELDS[name], value, dir, env, report);
        if (list === undefined) break;
        if (name === 'ignoredPaths') layer.ignoredPaths = list.map((glob) => ({ base: dir, glob }));
        else layer[name] = list;
        break;
      }
      case 'context':
        layer.context = readContext(value, report);
        break;
      case 'unusedSuppressions': {
        const level = readLevel(value, `'unusedSuppressions'`, report);
        if (level) layer.unusedSuppressions = level;
        break;
      }
      default:
        report(key, `unknown key '${key.value}'${didYouMean(key.value, TOP_LEVEL_KEYS)}; it is ignored`);
    }
  }
  return { file, layer, problems, beyondSchema };
}

const CONFIG_NAME = '.amlnetworkguard.json';

type Report = (
  node: { offset: number; length: number },
  message: string,
  severity?: Severity,
  schemaCannotSee?: boolean,
) => void;

/** The properties of an object node as key/value node pairs; a repeated key is reported once, the last one applies. */
function properties(object: Node, report: Report): [Node & { value: string }, Node][] {
  const byKey = new Map<string, [Node & { value: string }, Node]>();
  for (const p of object.children ?? []) {
    const [key, value] = p.children ?? [];
    if (key?.type !== 'string' || value === undefined) continue; // a syntax error, reported already
    const previous = byKey.get(key.value as string);
    if (previous) report(previous[0], `'${key.value}' is written twice; the last one applies`, 'warning');
    byKey.delete(key.value as string);
    byKey.set(key.value as string, [key as Node & { value: string }, value]);
  }
  return [...byKey.values()];
}

function readSeverity(value: Node, env: ConfigFileEnv, report: Report): Record<string, SeveritySetting> | undefined {
  if (value.type !== 'object') {
    report(value, `'severity' must be an object of rule id → level; it is ignored`);
    return undefined;
  }
  const out: Record<string, SeveritySetting> = {};
  for (const [key, level] of properties(value, report)) {
    if (!env.ruleIds.has(key.value)) {
      report(key, `'${key.value}' is not a rule id${didYouMean(key.value, env.ruleIds)}; it is ignored`);
      continue;
    }
    const setting = readLevel(level, `the severity of '${key.value}'`, report);
    if (setting) out[key.value] = setting;
  }
  return out;
}

function readLevel(value: Node, what: string, report: Report): SeveritySetting | undefined {
  if (value.type === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value.value as string))
    return value.value as SeveritySetting;
  report(value, `${what} must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${shown(value)}; it is ignored`);
  return undefined;
}

function readList(
  name: ListField,
  spec: FieldSpec,
  value: Node,
  dir: string,
  env: ConfigFileEnv,
  report: Report,
): string[] | undefined {
  const what = spec.kind === 'globs' ? 'globs' : 'paths';
  if (value.type !== 'array') {
    report(value, `'${name}' must be a list of ${what}; it is ignored`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value.children ?? []) {
    if (item.type !== 'string' || (item.value as string).trim() === '') {
      report(item, `an entry of '${name}' must be a non-empty string, not ${shown(item)}; it is ignored`);
      continue;
    }
    const entry = item.value as string;
    if (spec.kind === 'globs') {
      const trouble = globTrouble(entry.startsWith('!') ? entry.slice(1) : entry);
      if (trouble === undefined) out.push(entry);
      else report(item, `the glob is refused: ${trouble}; it is ignored`, 'error', true);
      continue;
    }
    const file = path.resolve(dir, entry);
    const why = env.unreadable(file);
    if (why !== undefined)
      report(
        item,
        `the ${name === 'varFiles' ? 'var' : 'parameter'} file '${entry}' cannot be read: ${why}; it is ignored`,
        'error',
        true,
      );
    else out.push(file);
  }
  return out;
}

function readContext(value: Node, report: Report): Partial<Record<ContextField, string>> | undefined {
  if (value.type !== 'object') {
    report(value, `'context' must be an object (subscriptionId, resourceGroup, location, …); it is ignored`);
    return undefined;
  }
  const out: Partial<Record<ContextField, string>> = {};
  const fields = Object.keys(CONTEXT_FIELDS);
  for (const [key, v] of properties(value, report)) {
    if (!fields.includes(key.value)) {
      report(key, `unknown key 'context.${key.value}'${didYouMean(key.value, fields)}; it is ignored`);
      continue;
    }
    const field = key.value as ContextField;
    const text = v.type === 'string' ? (v.value as string) : undefined;
    if (text === undefined || text.trim() === '')
      report(v, `'context.${field}' must be a non-empty string, not ${shown(v)}; it is ignored`);
    else if (CONTEXT_FIELDS[field].kind === 'guid' && !GUID.test(text))
      report(
        v,
        `'context.${field}' must be a GUID (00000000-0000-0000-0000-000000000000), not ${shown(v)}; it is ignored`,
      );
    else out[field] = text;
  }
  return out;
}

function shown(node: Node): string {
  switch (node.type) {
    case 'string':
      return `'${node.value}'`;
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    default:
      return String(node.value);
  }
}

const SYNTAX: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'malformed number',
  [ParseErrorCode.PropertyNameExpected]: 'a property name in double quotes is expected',
  [ParseErrorCode.ValueExpected]: 'a value is expected',
  [ParseErrorCode.ColonExpected]: "a ':' is expected",
  [ParseErrorCode.CommaExpected]: "a ',' is expected",
  [ParseErrorCode.CloseBraceExpected]: "a '}' is expected",
  [ParseErrorCode.CloseBracketExpected]: "a ']' is expected",
  [ParseErrorCode.EndOfFileExpected]: 'text after the end of the object',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'invalid unicode escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'invalid character in a string',
};

function syntaxMessage(code: ParseErrorCode): string {
  return SYNTAX[code] ?? 'syntax error';
}
