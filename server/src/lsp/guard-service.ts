import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { DeploymentResult } from '../analysis';
import { initAnalysisFor } from '../analysis';
import type { AnalysisConfig } from '../config';
import { isConfigFile } from '../config-file/find';
import { isIgnored } from '../config-file/ignore';
import { CONFIG_FILE_NAME } from '../config-file/spec';
import type { SourceFile } from '../frontends/frontend';
import type { Problem } from '../graph/problem';
import type { Deployment } from '../workspace';
import { DeploymentPlan, WorkspaceHost, folderDeployment } from '../workspace';
import type { DiagnosticLinks } from './diagnostics';
import { problemDiagnostic } from './diagnostics';
import type { AnalysisJob } from './analysis-job';
import type { DeploymentRecord } from './folder-analysis';
import { stoppedRecord } from './folder-analysis';
import { FileUses } from './file-uses';
import { isInside } from '../paths';
import { RecordingHost } from './recording-host';
import { Debouncer } from './scheduler';
import type { ScanResult, TopologyResult } from '../protocol';
import { workspaceTopology } from './topology';
import type { EditorSettings } from './settings';
import { DEFAULT_ANALYSIS_DELAY_MS } from './settings';
import { pathToUri } from './uri';
import { WorkspaceConfigs } from './workspace-config';
import type { JobOutcome } from './worker-pool';
import { WorkspaceState } from './workspace-state';

export interface OpenDocument {
  uri: string;
  path: string;
  text: string;
  version: number;
}

/** What the service needs from the LSP connection. */
export interface ServiceEnv {
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
  /** The open documents with a file path (unsaved text wins over the disk). */
  documents(): OpenDocument[];
  docsDir: string;
  /**
   * Whether the client validates `.amlnetworkguard.json` against its JSON schema while it is open
   * (VS Code, through `jsonValidation`): the server then leaves those mistakes to it, so each one is
   * shown once.
   */
  validatesConfigSchema?: boolean;
  /** What a user reads in the Output channel to trust the analysis (one line per analysed folder). */
  info?(message: string): void;
  /** Called after every analysis of the workspace (or of the folders an edit touched). */
  analysed?(): void;
}

/** Where the analyses run (worker threads, see worker-pool.ts): off the thread that answers the editor. */
export interface Analyst {
  run(job: Omit<AnalysisJob, 'timeBudgetMs'>, signal?: AbortSignal): Promise<JobOutcome>;
  /** What each file uses (modules, linked templates), by path: finding out parses the files. */
  uses(files: SourceFile[]): Promise<Map<string, string[]>>;
  dispose(): void;
}

/** Told how many of a full analysis's deployments are analysed: once at the start, then after each. */
export type ScanProgress = (analysed: number, total: number) => void;

/**
 * Keeps every deployment of the workspace analysed: all of them at start-up or when settings
 * change, and after an edit only the folder of the changed file plus the folders that read it.
 * Folders are analysed side by side by the analyst; each publishes when it is done, and a newer
 * analysis of a folder cancels the one still running.
 */
export class GuardService {
  readonly state = new WorkspaceState();
  private roots: string[] = [];
  /** Which files of each workspace folder are deployments (roots), kept current as files change. */
  private readonly plans = new Map<string, DeploymentPlan>();
  /** What the files of the plans use, as the analyst found it (the plans never parse on this thread). */
  private readonly uses = new FileUses();
  /** The last change of the plans, which the next one waits for (see `planning`). */
  private plansChanged: Promise<void> = Promise.resolve();
  private readonly configs = new WorkspaceConfigs();
  /** Configuration files that have diagnostics published (so they can be cleared). */
  private configDiagnostics = new Set<string>();
  /** The analysis running for each folder, to cancel when a newer one starts. */
  private readonly running = new Map<string, AbortController>();
  private readonly debouncer: Debouncer<string>;
  /** Whether the first analysis of the whole workspace is done (before it, the topology is still coming). */
  private analysedOnce = false;
  /** The diagnostics last published for each file, as JSON: a file is published again only when they change. */
  private readonly published = new Map<string, string>();
  /** Analyses started and not finished yet. */
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly env: ServiceEnv,
    private readonly analyst: Analyst,
    delayMs = DEFAULT_ANALYSIS_DELAY_MS,
  ) {
    this.debouncer = new Debouncer(delayMs, (files) => void this.track(this.reanalyse(files)).catch(this.logError));
  }

  setRoots(roots: string[]): void {
    // Deepest first, so a file belongs to the innermost workspace folder that holds it.
    this.roots = [...new Set(roots.map((r) => path.resolve(r)))].sort((a, b) => b.length - a.length);
  }

  getRoots(): readonly string[] {
    return this.roots;
  }

  settingsOf(root: string): EditorSettings {
    return this.configs.settingsOf(root);
  }

  /** The editor settings of a workspace folder; `undefined` for files outside every folder. */
  setSettings(root: string | undefined, settings: EditorSettings): void {
    this.configs.setSettings(root, settings);
    // The delay is the server's, not a folder's: it is read from the settings outside every folder.
    if (root === undefined) this.debouncer.setDelay(settings.analysisDelay ?? DEFAULT_ANALYSIS_DELAY_MS);
  }

  /**
   * Analyses every deployment of every workspace folder (and of loose open files) from scratch,
   * re-reading the configuration files. With `signal` aborted (the request was cancelled), the
   * analyses it started that are still running stop and keep their folders' previous results.
   */
  analyseAll(signal?: AbortSignal, progress?: ScanProgress): Promise<void> {
    return this.track(this.analyseEverything(signal, progress));
  }

  /** Resolves once no change waits for its analysis and no analysis runs. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      else if (this.debouncer.waiting) await new Promise((resolve) => setTimeout(resolve, 1));
      else return;
    }
  }

  private track(analysis: Promise<void>): Promise<void> {
    this.inflight.add(analysis);
    const done = (): boolean => this.inflight.delete(analysis);
    analysis.then(done, done);
    return analysis;
  }

  private async analyseEverything(signal?: AbortSignal, progress?: ScanProgress): Promise<void> {
    this.configs.invalidate();
    const before = new Set(this.state.all().map((r) => r.dir));
    const done = new Set<string>();
    await this.planning(async () => {
      const plans = new Map<string, DeploymentPlan>();
      for (const root of this.roots) {
        let deployments: Deployment[];
        try {
          // The texts of each round's reading: an edit may arrive while a worker finds what files use.
          let texts = this.overlay();
          const plan = new DeploymentPlan(root, {
            exclude: (p) => this.ignored(p, root, texts),
            usesOf: this.uses.lookup,
          });
          const load = () => {
            texts = this.overlay();
            return plan.load(new WorkspaceHost(root, texts.texts));
          };
          await this.uses.settled(load, this.findUses);
          plans.set(root, plan);
          deployments = plan.deployments();
        } catch (err) {
          this.env.log(`cannot list the deployments of ${root}: ${errorText(err)}`);
          continue;
        }
        for (const d of deployments) if (this.rootOf(d.dir) === root) done.add(d.dir);
      }
      // Swapped in whole, so that no analysis meanwhile meets a workspace folder without its plan.
      this.plans.clear();
      for (const [root, plan] of plans) this.plans.set(root, plan);
    });
    // Taken once the plans are made: an edit that arrived meanwhile is analysed with them.
    const overlay = this.overlay();
    for (const doc of this.env.documents()) if (this.rootOf(doc.path) === undefined) done.add(path.dirname(doc.path));
    for (const dir of before) if (!done.has(dir)) this.forget(dir);
    let analysed = 0;
    progress?.(analysed, done.size);
    await Promise.all(
      [...done].map(async (dir) => {
        this.publish(await this.analyseDir(dir, overlay, signal));
        progress?.(++analysed, done.size);
      }),
    );
    this.publishConfigProblems(overlay);
    this.analysedOnce = true;
    this.env.analysed?.();
  }

  /** A file was edited, opened, closed, created, changed on disk or deleted. */
  changed(file: string): void {
    const abs = path.resolve(file);
    this.cancelStale(abs);
    this.debouncer.add(abs);
  }

  /** The text a fix must be written against: the open document, else the file on disk. */
  readCurrent(file: string): string | undefined {
    const open = this.env.documents().find((d) => d.path === file);
    return open ? open.text : new WorkspaceHost(this.rootOf(file) ?? path.dirname(file)).read(file);
  }

  versionOf(file: string): number | undefined {
    return this.env.documents().find((d) => d.path === file)?.version;
  }

  /** The client's URI for an open document, else the file URI of the path. */
  uriOf(file: string): string {
    return this.env.documents().find((d) => d.path === file)?.uri ?? pathToUri(file);
  }

  links(): DiagnosticLinks {
    return { uriOf: (file) => this.uriOf(file), docsDir: this.env.docsDir };
  }

  /** Analyses everything again (`amlNetworkGuard/scan`) and sums up what the analyses found. */
  async scan(signal?: AbortSignal, progress?: ScanProgress): Promise<ScanResult> {
    await this.analyseAll(signal, progress);
    // Another analysis of a folder (start-up, a settings change, an edit) cancels this one's and
    // stores its own result instead: the answer counts what is stored once those are done too.
    await this.settled();
    const counts = { error: 0, warning: 0, info: 0 };
    const records = this.state.all();
    for (const r of records) for (const f of r.result.findings) counts[f.severity]++;
    return { deployments: records.length, files: records.reduce((n, r) => n + r.files.length, 0), counts };
  }

  /** The topology of every analysed deployment (`amlNetworkGuard/topology`). */
  topology(): TopologyResult {
    return workspaceTopology(this.state, this.roots, this.links(), this.analysedOnce);
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const controller of this.running.values()) controller.abort();
    this.analyst.dispose();
  }

  /** A newer edit cancels the analyses still running for the folders it touches, before the debounce delay. */
  private cancelStale(file: string): void {
    const dirs = new Set([path.dirname(file), ...this.state.dependentsOf(file).map((r) => r.dir)]);
    for (const dir of dirs) this.running.get(dir)?.abort();
  }

  private async reanalyse(files: Set<string>): Promise<void> {
    // A configuration file applies to every folder below it: start over.
    if ([...files].some(isConfigFile)) return this.analyseAll();
    const dirs = new Set<string>();
    // An edit can make a folder a root or stop it being one (a module call added or removed).
    await this.planning(async () => {
      for (const [root, plan] of this.plans) {
        try {
          const inRoot = [...files].filter((f) => isInside(root, f));
          if (inRoot.length === 0) continue;
          const refresh = () => plan.refresh(new WorkspaceHost(root, this.overlay().texts), inRoot);
          // Each refresh's changes count: the first was made before the edited files' uses were known.
          for (const changed of await this.uses.settled(refresh, this.findUses))
            for (const dir of changed) dirs.add(dir);
        } catch (err) {
          this.env.log(`cannot list the deployments of ${root}: ${errorText(err)}`);
        }
      }
    });
    const overlay = this.overlay();
    for (const file of files) {
      dirs.add(path.dirname(file));
      // A deleted or renamed folder arrives as one event for the folder itself.
      const inside = this.state.all().filter((r) => isInside(file, r.dir));
      for (const r of [...this.state.dependentsOf(file), ...inside]) dirs.add(r.dir);
    }
    // Published once all are done, so that no file shows a state between two analyses (a module
    // folder that stopped being a root loses its diagnostics as its caller's analysis gains them).
    const affected = await Promise.all([...dirs].map((dir) => this.analyseDir(dir, overlay)));
    this.publish(new Set(affected.flatMap((files) => [...files])));
    this.env.analysed?.();
  }

  /**
   * Analyses one folder in the analyst (cancelling the analysis of it still running), stores the
   * result and returns the files whose diagnostics may have changed, to publish. A cancelled
   * analysis changes nothing; one that was stopped (out of memory or time, a crash) leaves one
   * diagnostic saying so.
   */
  private async analyseDir(dir: string, overlay: Overlay, outer?: AbortSignal): Promise<Set<string>> {
    this.running.get(dir)?.abort();
    // Registered before the first wait, so that a newer analysis of the folder cancels this one from the start.
    const controller = new AbortController();
    this.running.set(dir, controller);
    const root = this.rootOf(dir);
    let record;
    try {
      const config = this.configs.configFor(dir, root, overlay.texts);
      // A file outside every workspace folder is analysed only while it is open.
      const wanted =
        !isIgnored(config.ignoredPaths, dir) &&
        (root !== undefined || this.env.documents().some((d) => path.dirname(d.path) === dir));
      if (wanted) {
        const { deployment, host } = await this.deploymentIn(dir, root, overlay, config);
        if (controller.signal.aborted) return new Set();
        if (deployment.files.length > 0) {
          const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
          const started = Date.now();
          await this.ready(deployment.files);
          const outcome = await this.analyst.run(this.job(deployment, host.root, config, overlay, root), signal);
          if (outcome.kind === 'cancelled') return new Set();
          record = outcome.kind === 'done' ? outcome.record : stoppedRecord(deployment, outcome.why);
          // What listing the folder read here counts too (a new file there may join the deployment).
          for (const p of host.touched) record.inputs.add(p);
          this.env.info?.(analysisLine(record, Date.now() - started));
          for (const p of record.result.problems) if (p.severity === 'error') this.env.log(problemLine(p));
        }
      }
    } catch (err) {
      // Keep the previous diagnostics of this folder and go on with the others.
      this.env.log(`cannot analyse ${dir}: ${errorText(err)}`);
      return new Set();
    } finally {
      if (this.running.get(dir) === controller) this.running.delete(dir);
    }
    return this.state.update(dir, record);
  }

  /**
   * The analysis of folder `dir` with `texts` in place of what the editor or the disk holds, as a
   * fix-all checks each fix with it: run in the analyst like any other, but neither kept nor
   * published. Undefined when it was cancelled or stopped.
   */
  async analyseEdited(
    dir: string,
    texts: ReadonlyMap<string, string>,
    signal?: AbortSignal,
  ): Promise<DeploymentResult | undefined> {
    const overlay = this.overlay();
    for (const [file, text] of texts) overlay.texts.set(file, text);
    const root = this.rootOf(dir);
    const config = this.configs.configFor(dir, root, overlay.texts);
    const { deployment, host } = await this.deploymentIn(dir, root, overlay, config);
    if (deployment.files.length === 0) return undefined;
    await this.ready(deployment.files);
    const outcome = await this.analyst.run(this.job(deployment, host.root, config, overlay, root), signal);
    return outcome.kind === 'done' ? outcome.record.result : undefined;
  }

  /** The deployment of folder `dir` as the plans make it, its files read through `overlay`, less those ignored. */
  private async deploymentIn(
    dir: string,
    root: string | undefined,
    overlay: Overlay,
    config: AnalysisConfig,
  ): Promise<{ deployment: Deployment; host: RecordingHost }> {
    const host = new RecordingHost(root ?? dir, overlay.texts);
    const plan = root === undefined ? undefined : this.plans.get(root);
    const planned = await this.uses.settled(
      () => folderDeployment(host, dir, plan, { usesOf: this.uses.lookup }),
      this.findUses,
    );
    const deployment = planned[planned.length - 1];
    // The plan may have read a file before its latest edit (an edit arrives while the plans wait for a worker).
    deployment.files = deployment.files
      .filter((f) => !isIgnored(config.ignoredPaths, f.path))
      .map((f) => ({ path: f.path, text: overlay.texts.get(f.path) ?? f.text }));
    return { deployment, host };
  }

  private job(
    deployment: Deployment,
    hostRoot: string,
    config: AnalysisJob['config'],
    overlay: Overlay,
    root: string | undefined,
  ): Omit<AnalysisJob, 'timeBudgetMs'> {
    return {
      dir: deployment.dir,
      files: deployment.files,
      root: hostRoot,
      texts: overlay.texts,
      versions: overlay.versions,
      uris: new Map(this.env.documents().map((d) => [d.path, d.uri])),
      docsDir: this.env.docsDir,
      config,
      showUnknowns: this.configs.settingsOf(root).showUnknowns,
      readable: this.configs.settingsOf(root).readableFolders,
    };
  }

  /** A folder that is no deployment any more: its diagnostics go, and an analysis of it still running stops. */
  private forget(dir: string): void {
    this.running.get(dir)?.abort();
    this.publish(this.state.update(dir, undefined));
  }

  /** Whether a file or folder is left out by the configuration that applies to it. */
  private ignored(p: string, root: string, overlay: Overlay): boolean {
    return isIgnored(this.configs.configFor(path.dirname(p), root, overlay.texts).ignoredPaths, p);
  }

  /**
   * Diagnostics of the configuration files: those the analyses read, each workspace folder's own
   * and any open one (so a file no deployment uses is still checked), and none for files that are
   * gone or fixed.
   */
  private publishConfigProblems(overlay: Overlay): void {
    const candidates = new Set([
      ...this.roots.map((r) => path.join(r, CONFIG_FILE_NAME)),
      ...this.env
        .documents()
        .map((d) => d.path)
        .filter(isConfigFile),
    ]);
    for (const file of candidates) this.configs.read(file, this.rootOf(file), overlay.texts);
    const now = new Set<string>();
    const open = new Set(this.env.documents().map((d) => d.path));
    for (const { file, problems, beyondSchema } of this.configs.readFiles()) {
      now.add(file);
      const shown = this.env.validatesConfigSchema && open.has(file) ? beyondSchema : problems;
      this.env.publish(this.uriOf(file), shown.map(problemDiagnostic));
    }
    for (const file of this.configDiagnostics) if (!now.has(file)) this.env.publish(this.uriOf(file), []);
    this.configDiagnostics = now;
  }

  /**
   * Publishes the diagnostics of the files an analysis covered: an open document's every time (the
   * user is looking at it, so each analysis of it is confirmed), any other file's the first time and
   * then only when they changed (an edit of a shared file re-analyses every folder using it, and
   * most stay the same).
   */
  private publish(files: Set<string>): void {
    const open = new Set(this.env.documents().map((d) => d.path));
    for (const file of files) {
      const diagnostics = this.state.diagnosticsOf(file);
      if (open.has(file)) {
        // Published whatever they are; not kept, so the first analysis after closing publishes again.
        this.published.delete(file);
      } else {
        const now = JSON.stringify(diagnostics);
        if (now === this.published.get(file)) continue;
        this.published.set(file, now);
      }
      this.env.publish(this.uriOf(file), diagnostics);
    }
  }

  /** The innermost workspace folder holding `file`. */
  rootOf(file: string): string | undefined {
    return this.roots.find((root) => isInside(root, file));
  }

  private overlay(): Overlay {
    const docs = this.env.documents();
    return {
      texts: new Map(docs.map((d) => [d.path, d.text])),
      versions: new Map(docs.map((d) => [d.path, d.version])),
    };
  }

  /**
   * Loads the parsers of `files` on this thread too: the quick fixes of Terraform files parse them
   * here, and so does an analyst that runs in this thread. Only the languages met are loaded.
   */
  private async ready(files: SourceFile[]): Promise<void> {
    try {
      await initAnalysisFor(files);
    } catch (err) {
      // Front ends whose parser did not load report that on their own files; the others still work.
      this.env.log(`a parser failed to load: ${errorText(err)}`);
    }
  }

  private readonly findUses = async (files: SourceFile[]): Promise<Map<string, string[]>> => {
    await this.ready(files);
    return this.analyst.uses(files);
  };

  /**
   * Runs `work` (which changes the plans, waiting for workers in between) after the plan changes
   * before it: two of them interleaved could leave a plan with a file's text from before its edit.
   */
  private planning(work: () => Promise<void>): Promise<void> {
    const run = this.plansChanged.then(work);
    this.plansChanged = run.catch(() => undefined);
    return run;
  }

  private readonly logError = (err: unknown): void => {
    this.env.log(`analysis failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  };
}

interface Overlay {
  texts: Map<string, string>;
  versions: Map<string, number>;
}

/** "analysed /ws/app: 3 files, 24 resources, 2 findings, 1 problem in 41 ms" */
function analysisLine(record: DeploymentRecord, ms: number): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const { graph, findings, problems } = record.result;
  return `analysed ${record.dir}: ${n(record.files.length, 'file')}, ${n(graph.resources.length, 'resource')}, ${n(
    findings.length,
    'finding',
  )}, ${n(problems.length, 'problem')} in ${ms} ms`;
}

/** An error of the analysis (a file not parsed or followed, an analysis stopped) with where it is. */
function problemLine(p: Problem): string {
  return `${p.span.file}:${p.span.start.line + 1}:${p.span.start.character + 1}: ${p.code}: ${p.message}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
