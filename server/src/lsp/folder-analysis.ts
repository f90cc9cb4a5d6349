import type { Diagnostic } from 'vscode-languageserver';
import type { DeploymentResult } from '../analysis';
import { analyzeDeployment } from '../analysis';
import type { AnalysisConfig } from '../config';
import type { StopSignal } from '../frontends/budget';
import { AnalysisCancelled } from '../frontends/budget';
import { buildGraph } from '../graph/build';
import type { Problem } from '../graph/problem';
import type { Deployment } from '../workspace';
import type { DiagnosticLinks } from './diagnostics';
import { findingDiagnostic, problemDiagnostic, unknownDiagnostic } from './diagnostics';
import type { RecordingHost } from './recording-host';

/** What the server keeps about one analysed deployment (folder). */
export interface DeploymentRecord {
  dir: string;
  /** The deployment's own files. */
  files: string[];
  result: DeploymentResult;
  /** Every file and folder the analysis looked at: a change to any of them calls for a new analysis. */
  inputs: Set<string>;
  /** The editor version of each open document the analysis read (fixes apply only to these versions). */
  versions: Map<string, number>;
  diagnostics: Map<string, Diagnostic[]>;
}

/** How a folder is analysed: whether the not-evaluated notes are shown, and what may stop it. */
export interface FolderOptions {
  showUnknowns: boolean;
  signal?: StopSignal;
}

/**
 * Analyses one deployment and renders its diagnostics (with `showUnknowns`, the not-evaluated
 * notes too, as hints). Throws only `AnalysisCancelled` (the signal's cancel flag): any other
 * failure becomes an `internal-error` diagnostic on the deployment's first file.
 */
export function analyzeFolder(
  deployment: Deployment,
  host: RecordingHost,
  config: AnalysisConfig,
  versions: ReadonlyMap<string, number>,
  links: DiagnosticLinks,
  options: FolderOptions = { showUnknowns: false },
): DeploymentRecord {
  let result: DeploymentResult;
  try {
    result = analyzeDeployment(deployment.files, host, config, { signal: options.signal });
  } catch (err) {
    if (err instanceof AnalysisCancelled) throw err;
    result = failed(deployment, 'internal-error', `analysis of ${deployment.dir} failed: ${errorText(err)}`);
  }
  const files = deployment.files.map((f) => f.path);
  const inputs = new Set([...files, ...host.touched, ...config.parameterFiles]);
  const diagnostics = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic): void => {
    const list = diagnostics.get(file) ?? [];
    list.push(d);
    diagnostics.set(file, list);
  };
  for (const p of result.problems) add(p.span.file, problemDiagnostic(p));
  for (const f of result.findings) add(f.span.file, findingDiagnostic(f, links));
  if (options.showUnknowns) for (const u of result.unknowns) add(u.span.file, unknownDiagnostic(u, links));
  const read = new Map<string, number>();
  for (const file of inputs) {
    const version = versions.get(file);
    if (version !== undefined) read.set(file, version);
  }
  return { dir: deployment.dir, files, result, inputs, versions: read, diagnostics };
}

/**
 * The record of a deployment whose analysis was stopped from outside (its worker ran out of memory
 * or time, or died): one `analysis-stopped` error on its first file saying why, and nothing else,
 * since what it would have found is unknown.
 */
export function stoppedRecord(deployment: Deployment, why: string): DeploymentRecord {
  const files = deployment.files.map((f) => f.path);
  const result = failed(
    deployment,
    'analysis-stopped',
    `the analysis of this deployment (${deployment.dir}) was stopped: ${why}. Its findings are not shown; the other deployments are still analysed, and the next edit tries again`,
  );
  const diagnostics = new Map([[result.problems[0].span.file, result.problems.map(problemDiagnostic)]]);
  return { dir: deployment.dir, files, result, inputs: new Set(files), versions: new Map(), diagnostics };
}

function failed(deployment: Deployment, code: string, message: string): DeploymentResult {
  const start = { line: 0, character: 0 };
  const problem: Problem = {
    code,
    severity: 'error',
    message,
    span: { file: deployment.files[0]?.path ?? deployment.dir, start, end: start },
  };
  return {
    graph: buildGraph([]),
    findings: [],
    suppressed: [],
    problems: [problem],
    unknowns: [],
    references: [],
    cost: { steps: 0, values: 0, stringBytes: 0, instances: 0, instantiations: 0 },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
