import type { AnalysisConfig } from './config';
import type { FileHost, FrontEnd, SourceComment, SourceFile } from './frontends/frontend';
import { FRONT_ENDS } from './frontends';
import type { BudgetLimits, StopSignal } from './frontends/budget';
import { AnalysisCancelled, Budget, BudgetExhausted } from './frontends/budget';
import { buildGraph } from './graph/build';
import type { ResourceGraph } from './graph/graph';
import type { Problem, UnknownNote } from './graph/problem';
import type { SourceReference } from './graph/reference';
import { MAX_PROBLEMS_PER_FILE, readableMessage } from './graph/problem';
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
  /** Where the files name resources outside resource bodies (Go to Definition follows them). */
  references: SourceReference[];
  /** What the evaluation used of the deployment's budget (steps, values…): a measure of work that does not depend on the machine. */
  cost: BudgetLimits;
}

const ready = new Map<FrontEnd, Promise<void>>();

/** Loads the parsers of every front end that needs it (tree-sitter wasm). Safe to call many times. */
export function initAnalysis(): Promise<void> {
  return initFrontEnds(FRONT_ENDS);
}

/**
 * Loads the parsers of the front ends that read any of `files` only: a thread that never meets a
 * Terraform file then never pays for tree-sitter (its start-up time, and memory in each of the
 * server's threads). Safe to call many times.
 */
export function initAnalysisFor(files: readonly SourceFile[]): Promise<void> {
  return initFrontEnds(FRONT_ENDS.filter((f) => files.some((file) => frontEndOf(file) === f)));
}

function initFrontEnds(frontEnds: readonly FrontEnd[]): Promise<void> {
  return Promise.all(frontEnds.map(initFrontEnd)).then(() => undefined);
}

function initFrontEnd(frontEnd: FrontEnd): Promise<void> {
  let loading = ready.get(frontEnd);
  if (!loading) {
    loading = frontEnd.init?.() ?? Promise.resolve();
    ready.set(frontEnd, loading);
  }
  return loading;
}

/** How one analysis is run: which rules, with what budget, and what may stop it. */
export interface AnalysisOptions {
  rules?: readonly Rule[];
  limits?: BudgetLimits;
  signal?: StopSignal;
}

/**
 * Analyses one deployment: the files of one folder (whatever their languages), as one set of
 * resources, with one evaluation budget shared by every front end. Never throws for bad input; a
 * front end or rule that fails is reported as a problem. Throws `AnalysisCancelled` when the
 * signal's cancel flag is set.
 */
export function analyzeDeployment(
  files: SourceFile[],
  host: FileHost,
  config: AnalysisConfig,
  options: AnalysisOptions = {},
): DeploymentResult {
  const rules = options.rules ?? ALL_RULES;
  const budget = new Budget(options.limits, options.signal);
  const resources: Resource[] = [];
  const problems: Problem[] = [];
  const references: SourceReference[] = [];
  const unclaimed = new Set(files);
  for (const frontEnd of FRONT_ENDS) {
    const mine = [...unclaimed].filter((f) => claims(frontEnd, f));
    for (const f of mine) unclaimed.delete(f);
    if (mine.length === 0) continue;
    try {
      const loaded = frontEnd.load(mine, host, {
        context: config.context,
        parameterFiles: config.parameterFiles,
        budget,
      });
      for (const r of loaded.resources) resources.push(r);
      for (const p of loaded.problems) problems.push(p);
      for (const r of loaded.references ?? []) references.push(r);
    } catch (err) {
      if (err instanceof AnalysisCancelled) throw err;
      // A budget that ran out where no front end caught it: the front end's resources are lost, say why.
      const at = { file: mine[0].path, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      if (err instanceof BudgetExhausted) budget.absorb(err, at);
      else problems.push(internalProblem(`the ${frontEnd.language} front end failed: ${errorText(err)}`, mine[0].path));
    }
  }
  for (const p of budget.problems()) problems.push(p);
  const incomplete = budget.incompleteResource();
  if (incomplete) resources.push(incomplete);
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
    findings: mergeFindings(suppression.findings).map((f) => ({ ...f, message: readableMessage(f.message) })),
    suppressed: suppression.suppressed,
    problems: capPerFile(uniqueProblems([...problems, ...suppression.problems])).map((p) => ({
      ...p,
      message: readableMessage(p.message),
    })),
    unknowns: run.unknowns,
    references,
    cost: { ...budget.used },
  };
}

/** A file's comments, from the front end that reads it. */
export function commentsOf(file: SourceFile): SourceComment[] {
  const frontEnd = frontEndOf(file);
  try {
    return frontEnd?.comments?.(file) ?? [];
  } catch {
    return [];
  }
}

function capPerFile(problems: Problem[]): Problem[] {
  const perFile = new Map<string, number>();
  const out: Problem[] = [];
  const dropped = new Map<string, { count: number; last: Problem }>();
  for (const p of problems) {
    const n = (perFile.get(p.span.file) ?? 0) + 1;
    perFile.set(p.span.file, n);
    if (n <= MAX_PROBLEMS_PER_FILE) out.push(p);
    else dropped.set(p.span.file, { count: n - MAX_PROBLEMS_PER_FILE, last: p });
  }
  for (const [file, { count }] of dropped) {
    const start = { line: 0, character: 0 };
    out.push({
      code: 'too-many-problems',
      severity: 'warning',
      message: `and ${count} more problem${count === 1 ? '' : 's'} in this file (only the first ${MAX_PROBLEMS_PER_FILE} are shown)`,
      span: { file, start, end: start },
    });
  }
  return out;
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
