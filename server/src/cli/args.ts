import type { SeveritySetting } from '../config';
import { globTrouble } from '../config-file/ignore';

export type ScanFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'codequality';
export type GraphFormat = 'mermaid' | 'dot' | 'svg' | 'json';
export type OutputFormat = ScanFormat | GraphFormat;

export interface ScanOptions {
  paths: string[];
  format: OutputFormat;
  output?: string;
  explainUnknowns: boolean;
  parameterFiles: string[];
  varFiles: string[];
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  severities: Record<string, SeveritySetting>;
  /** Globs of paths not to analyse, relative to the current folder. */
  ignore: string[];
  /** `--config FILE`: this configuration file for every deployment instead of searching. */
  config?: string;
  /** `--no-config`: no configuration file at all. */
  noConfig: boolean;
  color: boolean;
  /** `--category`: SARIF `automationDetails.id`. */
  category?: string;
  /** `--baseline FILE`: an earlier SARIF of this tool; findings it has are `unchanged` and fail nothing. */
  baseline?: string;
  /** `--changed-files FILE`: a list of changed paths; only the deployments they belong to are reported. */
  changedFiles?: string;
  /** `--fix` writes the preferred fixes into the scanned files; `--fix-dry-run` prints them as a diff instead. */
  fix?: FixMode;
}

export type FixMode = 'write' | 'dry-run';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions & { format: ScanFormat } }
  | { kind: 'graph'; options: ScanOptions & { format: GraphFormat } };

/** A mistake on the command line: reported in one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {}

const FORMATS = {
  scan: ['text', 'json', 'sarif', 'markdown', 'codequality'],
  graph: ['mermaid', 'dot', 'svg', 'json'],
} as const satisfies Record<'scan' | 'graph', readonly OutputFormat[]>;

/** Options about findings: a picture of the topology has none to compare or categorise. */
const SCAN_ONLY = new Set(['--category', '--baseline', '--explain-unknowns', '--fix', '--fix-dry-run']);
const LEVELS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/** Options that take a value, with their short aliases. */
const VALUED: Record<string, string> = {
  '--format': '--format',
  '-f': '--format',
  '--output': '--output',
  '-o': '--output',
  '--parameters': '--parameters',
  '-p': '--parameters',
  '--var-file': '--var-file',
  '--subscription-id': '--subscription-id',
  '--resource-group': '--resource-group',
  '--location': '--location',
  '--severity': '--severity',
  '--ignore': '--ignore',
  '--config': '--config',
  '-c': '--config',
  '--category': '--category',
  '--baseline': '--baseline',
  '--changed-files': '--changed-files',
};

/**
 * Parses `scan|graph <paths…> [options]`, `--help`, `--version`. `--opt value` and `--opt=value` both work;
 * `--` ends the options (for paths that start with a dash). Rule ids in `--severity` are checked
 * against `knownRules` so a typo does not silently do nothing.
 */
export function parseArgs(argv: readonly string[], knownRules: ReadonlySet<string>): Command {
  if (argv.length === 0) throw new UsageError('no command given; try `aml-network-guard --help`');
  if (argv.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { kind: 'version' };
  const command = argv[0];
  if (command !== 'scan' && command !== 'graph')
    throw new UsageError(`unknown command '${command}'; the commands are \`scan\` and \`graph\` (see --help)`);

  const options: ScanOptions = {
    paths: [],
    format: command === 'scan' ? 'text' : 'mermaid',
    explainUnknowns: false,
    parameterFiles: [],
    varFiles: [],
    severities: {},
    ignore: [],
    noConfig: false,
    color: true,
  };
  let onlyPaths = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (command === 'graph' && SCAN_ONLY.has(arg.split('=')[0]))
      throw new UsageError(`${arg.split('=')[0]} is an option of scan, not of graph`);
    if (arg === '--explain-unknowns') {
      options.explainUnknowns = true;
      continue;
    }
    if (arg === '--no-color') {
      options.color = false;
      continue;
    }
    if (arg === '--no-config') {
      options.noConfig = true;
      continue;
    }
    if (arg === '--fix' || arg === '--fix-dry-run') {
      const mode = arg === '--fix' ? 'write' : 'dry-run';
      if (options.fix !== undefined && options.fix !== mode)
        throw new UsageError('--fix and --fix-dry-run exclude each other');
      options.fix = mode;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = VALUED[eq > 0 ? arg.slice(0, eq) : arg];
    if (!name) throw new UsageError(`unknown option '${arg}' (see --help)`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`option ${name} needs a value`);
      value = argv[++i];
    }
    if (value === '') throw new UsageError(`option ${name} needs a non-empty value`);
    if (name === '--format') {
      const formats: readonly string[] = FORMATS[command];
      if (!formats.includes(value))
        throw new UsageError(`--format must be one of ${formats.join(', ')}, not '${value}'`);
    }
    applyOption(options, name, value, knownRules);
  }
  if (options.paths.length === 0) throw new UsageError(`${command} needs at least one file or folder`);
  if (options.noConfig && options.config !== undefined)
    throw new UsageError('--config and --no-config exclude each other');
  return command === 'scan'
    ? { kind: 'scan', options: { ...options, format: options.format as ScanFormat } }
    : { kind: 'graph', options: { ...options, format: options.format as GraphFormat } };
}

function applyOption(options: ScanOptions, name: string, value: string, knownRules: ReadonlySet<string>): void {
  switch (name) {
    case '--format':
      options.format = value as OutputFormat;
      return;
    case '--output':
      options.output = value;
      return;
    case '--parameters':
      options.parameterFiles.push(value);
      return;
    case '--var-file':
      options.varFiles.push(value);
      return;
    case '--subscription-id':
      options.subscriptionId = value;
      return;
    case '--resource-group':
      options.resourceGroup = value;
      return;
    case '--location':
      options.location = value;
      return;
    case '--ignore': {
      const trouble = globTrouble(value.startsWith('!') ? value.slice(1) : value);
      if (trouble !== undefined) throw new UsageError(`--ignore '${value.slice(0, 80)}': ${trouble}`);
      options.ignore.push(value);
      return;
    }
    case '--config':
      options.config = value;
      return;
    case '--category':
      options.category = value;
      return;
    case '--baseline':
      options.baseline = value;
      return;
    case '--changed-files':
      options.changedFiles = value;
      return;
    case '--severity': {
      const [rule, level] = splitSeverity(value);
      if (!knownRules.has(rule)) throw new UsageError(`--severity: unknown rule '${rule}' (--help lists the rules)`);
      options.severities[rule] = level;
      return;
    }
  }
}

function splitSeverity(value: string): [string, SeveritySetting] {
  const m = /^([^=]+)=([^=]+)$/.exec(value);
  if (!m) throw new UsageError(`--severity expects RULE=LEVEL, not '${value}'`);
  const level = m[2].toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--severity ${m[1]}: level must be one of ${LEVELS.join(', ')}, not '${m[2]}'`);
  return [m[1], level as SeveritySetting];
}
