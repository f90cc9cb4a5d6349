import type { AnalysisConfig } from './config';
import type { FileHost, FrontEnd, SourceComment, SourceFile } from './frontends/frontend';
import { FRONT_ENDS } from './frontends';
import { buildGraph } from './graph/build';
import type { ResourceGraph } from './graph/graph';
import type { Problem, UnknownNote } from './graph/problem';
import type { Resource } from './graph/resource';
import { mergeFindings, uniqueProblems, withCallSites } from './one-per-defect';
import { ALL_RULES } from './rulekit/registry';
import type { Finding, Rule } from './rulekit/rule';
import { runRules } from './rulekit/run';
import type { SuppressedFinding } from './suppressions/apply';
import { applySuppressions } from './suppressions/apply';

export interface DeploymentResult {
  graph: ResourceGraph;
  /** Findings no suppression comment covers. */
  findings: Finding[];
  /** Findings silenced by a suppression comment (SARIF keeps them, marked suppressed). */
  suppressed: SuppressedFinding[];
  problems: Problem[];
  unknowns: UnknownNote[];
}

let ready: Promise<void> | undefined;

/** Loads the parsers that need it (tree-sitter wasm). Safe to call many times. */
export function initAnalysis(): Promise<void> {
  ready ??= Promise.all(FRONT_ENDS.map((f) => f.init?.())).then(() => undefined);
  return ready;
}

/**
 * Analyses one deployment: the files of one folder (whatever their languages), as one set of
 * resources. Never throws for bad input; a front end or rule that fails is reported as a problem.
 */
export function analyzeDeployment(
  files: SourceFile[],
  host: FileHost,
  config: AnalysisConfig,
  rules: readonly Rule[] = ALL_RULES,
): DeploymentResult {
  const resources: Resource[] = [];
  const problems: Problem[] = [];
  const unclaimed = new Set(files);
  for (const frontEnd of FRONT_ENDS) {
    const mine = [...unclaimed].filter((f) => claims(frontEnd, f));
    for (const f of mine) unclaimed.delete(f);
    if (mine.length === 0) continue;
    try {
      const loaded = frontEnd.load(mine, host, { context: config.context, parameterFiles: config.parameterFiles });
      resources.push(...loaded.resources);
      problems.push(...loaded.problems);
    } catch (err) {
      problems.push(internalProblem(`the ${frontEnd.language} front end failed: ${errorText(err)}`, mine[0].path));
    }
  }
  const graph = buildGraph(resources);
  const run = runRules(graph, rules, {
    severities: config.severities,
    spelling: (language) => FRONT_ENDS.find((f) => f.language === language)?.spelling,
  });
  for (const { ruleId, error } of run.failures)
    problems.push(internalProblem(`rule ${ruleId} failed: ${errorText(error)}`, files[0]?.path ?? host.root));
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const failed = new Set(run.failures.map((f) => f.ruleId));
  const ran = rules.map((r) => r.meta.id).filter((id) => config.severities[id] !== 'off' && !failed.has(id));
  const suppression = applySuppressions({
    findings: run.findings.map(withCallSites),
    unknowns: run.unknowns,
    ownFiles: files.map((f) => f.path),
    read: (file) => texts.get(file) ?? host.read(file),
    commentsOf: (file, text) => commentsOf({ path: file, text }),
    knownRules: new Set(ALL_RULES.map((r) => r.meta.id)),
    ranRules: new Set(ran),
    unusedSeverity: config.unusedSuppressions,
  });
  return {
    graph,
    findings: mergeFindings(suppression.findings),
    suppressed: suppression.suppressed,
    problems: uniqueProblems([...problems, ...suppression.problems]),
    unknowns: run.unknowns,
  };
}

/** A file's comments, from the front end that reads it. */
function commentsOf(file: SourceFile): SourceComment[] {
  const frontEnd = frontEndOf(file);
  try {
    return frontEnd?.comments?.(file) ?? [];
  } catch {
    return [];
  }
}

/** The front end that reads this file (the first that claims it). */
export function frontEndOf(file: SourceFile): FrontEnd | undefined {
  return FRONT_ENDS.find((f) => claims(f, file));
}

function claims(frontEnd: FrontEnd, file: SourceFile): boolean {
  try {
    return frontEnd.claims(file.path, file.text);
  } catch {
    return false;
  }
}

function internalProblem(message: string, file: string): Problem {
  const start = { line: 0, character: 0 };
  return { code: 'internal-error', severity: 'error', message, span: { file, start, end: start } };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
