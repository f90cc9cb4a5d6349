import type { AnalysisConfig } from '../config';
import type { SourceFile } from '../frontends/frontend';
import { ResourceGraph } from '../graph/graph';
import type { DeploymentRecord } from './folder-analysis';
import { analyzeFolder } from './folder-analysis';
import { RecordingHost } from './recording-host';
import { pathToUri } from './uri';

/**
 * One deployment's analysis as the server hands it to a worker thread: plain data only, since it
 * crosses the thread boundary by structured clone.
 */
export interface AnalysisJob {
  dir: string;
  files: SourceFile[];
  /** The folder every read is confined to (the workspace folder, or a loose file's own folder). */
  root: string;
  /** Folders outside it that may be read too (`amlNetworkGuard.readableFolders`, in a trusted workspace). */
  readable: string[];
  /** Unsaved editor text, by path. */
  texts: Map<string, string>;
  /** Editor version of each open document, by path. */
  versions: Map<string, number>;
  /** The client's URI of each open document, by path (others get a file URI). */
  uris: Map<string, string>;
  docsDir: string;
  config: AnalysisConfig;
  showUnknowns: boolean;
  /** Wall-clock milliseconds after which evaluation stops: what is left becomes unknown, with one warning. */
  timeBudgetMs: number;
}

/** Runs a job where it is (in a worker, or in process for tests); throws `AnalysisCancelled` when `cancel` is set. */
export function runJob(job: AnalysisJob, cancel?: Int32Array): DeploymentRecord {
  const host = new RecordingHost(job.root, job.texts, job.readable);
  const links = { uriOf: (file: string) => job.uris.get(file) ?? pathToUri(file), docsDir: job.docsDir };
  return analyzeFolder({ dir: job.dir, files: job.files }, host, job.config, job.versions, links, {
    showUnknowns: job.showUnknowns,
    signal: { deadline: performance.now() + job.timeBudgetMs, cancel },
  });
}

/**
 * What the server posts to a worker: an analysis, or a file to find the uses of (the modules and
 * linked templates that make the deployment plan, which takes parsing it); with the flag the
 * server sets (from its own thread) to cancel it.
 */
export type JobRequest = { id: number; cancel: Int32Array } & ({ job: AnalysisJob } | { uses: SourceFile });

/** What a worker answers: once when ready, then how each job ended. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; record: DeploymentRecord }
  | { type: 'uses'; id: number; uses: string[] }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; message: string };

/** A record as it arrives from a worker: structured clone keeps the data but not the graph's class, rebuilt here. */
export function revive(record: DeploymentRecord): DeploymentRecord {
  const graph = new ResourceGraph(record.result.graph.resources);
  return { ...record, result: { ...record.result, graph } };
}
