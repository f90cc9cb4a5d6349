import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, frontEndOf, initAnalysisFor } from '../analysis';
import { mergeFindings, uniqueProblems } from '../one-per-defect';
import type { AnalysisConfig } from '../config';
import { ignorePattern, isIgnored } from '../config-file/ignore';
import type { ConfigLayer } from '../config-file/layers';
import { mergeLayers } from '../config-file/layers';
import type { Problem, Severity } from '../graph/problem';
import { BaselineError, compareWithBaseline, readBaseline } from '../output/baseline';
import type { ScanReport } from '../output/report';
import { relativePath } from '../output/report';
import { docsPath } from '../rulekit/docs';
import { buildTopology } from '../topology/build';
import { ALL_RULES } from '../rulekit/registry';
import type { SourceFile } from '../frontends/frontend';
import type { Deployment } from '../workspace';
import { DeploymentPlan, WorkspaceHost, deploymentOf, unreadReason } from '../workspace';
import { isInside } from '../paths';
import type { ScanOptions } from './args';
import { UsageError } from './args';
import { CliConfigs } from './configs';
import { DiscoveryHost } from './discovery-host';
import type { ScanFixes } from './fix';
import { packageInfo } from './package-info';

/** One deployment folder and which of its files the user asked about (`all` for a scanned folder). */
interface Target {
  deployment: Deployment;
  scope: 'all' | Set<string>;
}

/**
 * Runs the analysis the command line asks for. A folder is scanned recursively, each folder holding
 * templates being one deployment. A file is analysed together with its folder (references between
 * files must resolve), but only results located in the named file are reported. With `fixes`,
 * each deployment's findings are fixed and the analysis of the fixed texts is reported.
 */
export async function scan(
  options: ScanOptions,
  cwd: string,
  withTopology = false,
  editorLayer?: ConfigLayer,
  fixes?: ScanFixes,
): Promise<ScanReport> {
  const paths = options.paths.map((p) => existing(cwd, p, 'path'));
  const parameterFiles = options.parameterFiles.map((p) => existing(cwd, p, 'file'));
  const varFiles = options.varFiles.map((p) => existing(cwd, p, 'file'));
  const explicitConfig = options.config === undefined ? undefined : existing(cwd, options.config, 'file');
  const baseline =
    options.baseline === undefined ? undefined : baselineResults(existing(cwd, options.baseline, 'file'));
  const changed =
    options.changedFiles === undefined ? undefined : changedPaths(existing(cwd, options.changedFiles, 'file'), cwd);
  const named = [...paths, ...parameterFiles, ...varFiles, ...(explicitConfig === undefined ? [] : [explicitConfig])];
  const root = workspaceRoot(cwd, named);
  // Templates and what they read stay inside what was named, wherever the command runs from: run
  // from `/`, a link to /etc/passwd is refused like any other.
  // Fixed texts are read before the disk, so each deployment is analysed with the fixes of those before it.
  const host = new DiscoveryHost(commonFolder(named), fixes?.texts);
  if (explicitConfig !== undefined && host.read(explicitConfig) === undefined)
    throw new UsageError(`cannot read --config: ${host.whyUnreadable(explicitConfig)}`);
  const problems: Problem[] = [];

  // The editor's export passes its settings, which take the place of the command-line options.
  const commandLine = editorLayer ?? commandLineLayer(options, parameterFiles, varFiles, cwd);
  // Configuration files are looked up, not templates: a missing one is no problem of the scan.
  const configs = new CliConfigs(new WorkspaceHost(root), {
    cwd,
    folders: paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p))),
    explicit: explicitConfig,
    none: options.noConfig,
  });
  const configOf = (dir: string): AnalysisConfig => mergeLayers([configs.forDir(dir)?.layer ?? {}, commandLine]);
  // An ignored file calls no module: what it would call is a root of its own.
  const ignored = (file: string): boolean => isIgnored(configOf(path.dirname(file)).ignoredPaths, file);
  // Discovery reads module calls, which needs the parsers: those of the languages present only.
  await initAnalysisFor(templatesMet(host, paths, ignored));
  const { found: targets, refused } = host.record(() => collectTargets(host, paths, problems, ignored));
  const folders = paths.filter((p) => fs.statSync(p).isDirectory());
  for (const [file, why] of refused) {
    // A named file that cannot be read fails the scan; a file met while walking a folder may not
    // even be a template, so it only warns. Siblings of a named file are not the user's question.
    const named = paths.includes(path.resolve(file));
    if (named || folders.some((f) => isInside(f, file)))
      problems.push(fileProblem('file-unreadable', named ? 'error' : 'warning', `not checked: ${why}`, file));
  }

  const report: ScanReport = {
    root,
    cwd,
    files: [],
    findings: [],
    suppressed: [],
    // Only the changed files' own troubles: the rest of the repository is not the question.
    problems: changed ? problems.filter((p) => changed.has(p.span.file)) : problems,
    unknowns: options.explainUnknowns ? [] : undefined,
    rules: [],
    complete: true,
    ...(withTopology && { topology: [] }),
  };
  // The picture names files and rule pages relative to the root, as every other output does.
  const links = { uriOf: (f: string) => relativePath(root, f), docsUriOf: (id: string) => docsPath(id) };
  const used: AnalysisConfig[] = [];
  const analysed = new Set<string>();
  for (const { deployment, scope } of targets.values()) {
    const inScope = (file: string): boolean => scope === 'all' || scope.has(file);
    const config = configOf(deployment.dir);
    // A file named on the command line is not dropped silently.
    for (const f of deployment.files)
      if (scope !== 'all' && scope.has(f.path) && ignored(f.path))
        problems.push(fileProblem('file-ignored', 'warning', 'not checked: it matches ignoredPaths', f.path));
    const files = deployment.files.filter((f) => !ignored(f.path));
    if (files.length === 0) continue;
    let result = analyzeDeployment(files, host, config);
    if (changed && !touches(changed, files, result.graph.resources, config, configs.forDir(deployment.dir)?.file))
      continue;
    if (fixes) {
      const fixing = { dir: deployment.dir, files, root: host.root, inScope, ignored };
      result = await fixes.fix({ ...fixing, analyse: (f, h) => analyzeDeployment(f, h, config) }, result);
    }
    used.push(config);
    report.topology?.push(buildTopology(deployment.dir, relativePath(root, deployment.dir), result, links));
    // The deployment's own files and those it deploys (local modules, linked templates).
    for (const f of [...files.map((d) => d.path), ...result.graph.resources.map((r) => r.file)])
      if (inScope(f)) analysed.add(f);
    for (const f of result.findings) if (inScope(f.span.file)) report.findings.push(f);
    for (const s of result.suppressed) if (inScope(s.finding.span.file)) report.suppressed.push(s);
    for (const p of result.problems) if (inScope(p.span.file)) report.problems.push(p);
    for (const u of result.unknowns) if (inScope(u.span.file)) report.unknowns?.push(u);
    // A crash taints the whole deployment, even when its problem is anchored in a sibling file.
    if (result.problems.some((p) => p.code === 'internal-error')) report.complete = false;
  }
  // Two deployments may deploy one file (a module called by two roots): each finding once.
  report.findings = mergeFindings(report.findings);
  report.problems = uniqueProblems([...report.problems, ...configs.problems()]);
  report.rules = ruleSettings(used.length > 0 ? used : [mergeLayers([commandLine])]);
  report.files = [...analysed].sort();
  if (baseline)
    report.baseline = compareWithBaseline(
      [...report.findings, ...report.suppressed.map((s) => s.finding)],
      root,
      baseline,
    );
  return report;
}

function baselineResults(file: string) {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --baseline '${file}' (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return readBaseline(content, packageInfo().name);
  } catch (err) {
    if (err instanceof BaselineError) throw new UsageError(`--baseline '${file}': ${err.message}`);
    throw err;
  }
}

/**
 * `--changed-files`: one path a line, relative to the current folder, as `git diff --name-only`
 * prints them when run at the repository root. Blank lines and deleted files are harmless.
 */
function changedPaths(file: string, cwd: string): Set<string> {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  return new Set(
    lines
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((l) => path.resolve(cwd, l)),
  );
}

/**
 * Whether a change can alter what a deployment reports: one of its templates, a template it deploys
 * (a module, a linked template), its configuration file, or a parameter or variable file it uses.
 */
function touches(
  changed: ReadonlySet<string>,
  files: readonly { path: string }[],
  resources: readonly { file: string }[],
  config: AnalysisConfig,
  configFile: string | undefined,
): boolean {
  return (
    files.some((f) => changed.has(f.path)) ||
    resources.some((r) => changed.has(r.file)) ||
    (configFile !== undefined && changed.has(configFile)) ||
    config.parameterFiles.some((f) => changed.has(f))
  );
}

/**
 * The severity of each rule for the whole scan (SARIF's rule configuration): the one every
 * deployment used, else the rule's default (the results then carry their own levels).
 */
function ruleSettings(configs: readonly AnalysisConfig[]): ScanReport['rules'] {
  return ALL_RULES.map(({ meta }) => {
    const settings = new Set(configs.map((c) => c.severities[meta.id] ?? meta.defaultSeverity));
    return { meta, setting: settings.size === 1 ? [...settings][0] : meta.defaultSeverity };
  });
}

function existing(cwd: string, p: string, what: 'path' | 'file'): string {
  const abs = path.resolve(cwd, p);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`${what} '${p}' does not exist`);
  }
  if (what === 'file' && !stat.isFile()) throw new UsageError(`'${p}' is not a file`);
  return abs;
}

/**
 * The base of the report's relative paths and of the configuration search: the current folder when
 * everything named is inside it (the usual case in a repository), else the folder that holds them.
 */
function workspaceRoot(cwd: string, paths: string[]): string {
  return paths.every((p) => isInside(cwd, p)) ? cwd : commonFolder(paths);
}

/** The deepest folder that holds every named path: templates are read inside it only. */
function commonFolder(paths: string[]): string {
  const dirs = paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  let common = dirs[0];
  while (!dirs.every((d) => isInside(common, d))) common = path.dirname(common);
  return common;
}

/**
 * The templates discovery will read, found without parsing any (a plan told that every file uses
 * nothing): they say which languages are here, so that a scan without Terraform never loads
 * tree-sitter. A named file is read with its folder, as `deploymentOf` reads it.
 */
function templatesMet(host: DiscoveryHost, paths: string[], ignored: (file: string) => boolean): SourceFile[] {
  const met: SourceFile[] = [];
  const usesOf = (file: SourceFile): string[] => {
    met.push(file);
    return [];
  };
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) new DeploymentPlan(p, { exclude: ignored, usesOf }).load(host);
    else new DeploymentPlan(path.dirname(p), { usesOf, recursive: false }).load(host);
  }
  return met;
}

function collectTargets(
  host: DiscoveryHost,
  paths: string[],
  problems: Problem[],
  ignored: (file: string) => boolean,
): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) {
      const plan = new DeploymentPlan(p, { exclude: ignored }).load(host);
      for (const deployment of plan.deployments()) targets.set(deployment.dir, { deployment, scope: 'all' });
      for (const u of plan.unread())
        problems.push(fileProblem('not-read', u.severity, `not checked: ${u.why}`, u.path));
      continue;
    }
    const text = host.read(p);
    if (text === undefined) continue;
    if (!frontEndOf({ path: p, text })) {
      // A template nobody reads fails the scan when named; anything else named is only not a template.
      const unread = unreadReason(p);
      if (unread) problems.push(fileProblem('not-read', 'error', `not checked: ${unread.why}`, p));
      else
        problems.push(
          fileProblem('not-a-template', 'warning', 'not checked: no front end reads this file as a template', p),
        );
      continue;
    }
    // A file its folder's templates deploy (a linked template) is analysed through them.
    const deployment = deploymentOf(host, p);
    const known = targets.get(deployment.dir);
    if (!known) targets.set(deployment.dir, { deployment, scope: new Set([p]) });
    else if (known.scope !== 'all') known.scope.add(p);
  }
  return targets;
}

/** What the command line says; it overrides the configuration file key by key (config-file/layers.ts). */
function commandLineLayer(
  options: ScanOptions,
  parameterFiles: string[],
  varFiles: string[],
  cwd: string,
): ConfigLayer {
  const context: ConfigLayer['context'] = {};
  if (options.subscriptionId !== undefined) context.subscriptionId = options.subscriptionId;
  if (options.resourceGroup !== undefined) context.resourceGroup = options.resourceGroup;
  if (options.location !== undefined) context.location = options.location;
  return {
    severity: { ...options.severities },
    parameterFiles,
    varFiles,
    context,
    ignoredPaths: options.ignore.map((glob) => ignorePattern(cwd, glob)),
  };
}

function fileProblem(code: string, severity: Severity, message: string, file: string): Problem {
  const start = { line: 0, character: 0 };
  return { code, severity, message, span: { file: path.resolve(file), start, end: start } };
}
