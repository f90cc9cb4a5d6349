import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatCodeQuality } from '../output/codequality';
import { formatJson } from '../output/json';
import { formatMarkdown } from '../output/markdown';
import type { ScanReport } from '../output/report';
import { relativePath } from '../output/report';
import { formatText } from '../output/text';
import { ALL_RULES } from '../rulekit/registry';
import type { ScanFormat, ScanOptions } from './args';
import { parseArgs, UsageError } from './args';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, graphExitCode } from './exit-codes';
import { ScanFixes } from './fix';
import { renderGraph } from './graph';
import { helpText } from './help';
import { packageInfo } from './package-info';
import { sarifReport } from './sarif-report';
import { scan } from './scan';

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours allowed). */
  isTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** The whole command: never throws; every failure becomes a message on stderr and an exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const info = packageInfo();
  try {
    const command = parseArgs(argv, new Set(ALL_RULES.map((r) => r.meta.id)));
    if (command.kind === 'help') {
      io.stdout(
        helpText(
          info.version,
          ALL_RULES.map((r) => r.meta),
        ),
      );
      return EXIT_OK;
    }
    if (command.kind === 'version') {
      io.stdout(`${info.version}\n`);
      return EXIT_OK;
    }
    const options = command.options;
    const drawing = command.kind === 'graph' || options.format === 'markdown';
    const fixes =
      command.kind === 'scan' && options.fix
        ? new ScanFixes(options.paths.map((p) => path.resolve(io.cwd, p)))
        : undefined;
    let report = await scan(options, io.cwd, drawing, undefined, fixes);
    if (fixes) {
      tellFixes(fixes, report.root, options.fix === 'dry-run', io);
      if (options.fix === 'dry-run') io.stdout(fixes.diff(report.root));
      else {
        fixes.write();
        // What the files now say, read back from the disk.
        report = await scan({ ...options, fix: undefined }, io.cwd, drawing);
      }
    }
    const output = options.output;
    const color = options.color && output === undefined && io.isTty && io.env.NO_COLOR === undefined;
    const text =
      command.kind === 'graph'
        ? await renderGraph(command.options.format, report)
        : render(command.options, report, color);
    if (output !== undefined) writeReport(path.resolve(io.cwd, output), text);
    // A dry run's standard output is the diff alone, so that it can be piped to `patch`.
    else if (options.fix !== 'dry-run') io.stdout(text);
    return command.kind === 'graph' ? graphExitCode(report) : exitCodeFor(report);
  } catch (err) {
    if (err instanceof UsageError) io.stderr(`aml-network-guard: ${err.message}\n`);
    else io.stderr(`aml-network-guard: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
}

/** On stderr (the report or the diff keeps stdout): what was fixed, and each finding whose fix was not applied. */
function tellFixes(fixes: ScanFixes, root: string, dryRun: boolean, io: Io): void {
  const files = fixes.changes().length;
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  io.stderr(
    `aml-network-guard: ${dryRun ? 'would fix' : 'fixed'} ${n(fixes.applied, 'finding')} in ${n(files, 'file')}${dryRun ? ' (nothing written)' : ''}\n`,
  );
  for (const { finding, why } of fixes.skipped) {
    const at = `${relativePath(root, finding.span.file)}:${finding.span.start.line + 1}`;
    io.stderr(`aml-network-guard: not fixed: ${at}: ${finding.ruleId}: ${why}\n`);
  }
}

function render(options: ScanOptions & { format: ScanFormat }, report: ScanReport, color: boolean): string {
  switch (options.format) {
    case 'markdown':
      return formatMarkdown(report, packageInfo());
    case 'json':
      return formatJson(report, packageInfo());
    case 'codequality':
      return formatCodeQuality(report);
    case 'sarif':
      return sarifReport(report, options.category);
    case 'text':
      return formatText(report, { color });
  }
}

function writeReport(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write --output '${file}'${code ? ` (${code})` : ''}`);
  }
}
