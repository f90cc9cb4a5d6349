import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../frontends/frontend';
import type { AnalysisJob, JobRequest, WorkerReply } from './analysis-job';
import { revive } from './analysis-job';
import type { DeploymentRecord } from './folder-analysis';

/** What the analyses of the language server may use; each a positive number. */
export interface WorkerLimits {
  /** Heap of one worker, in MB (V8's old generation): a deployment that needs more stops its worker. */
  memoryMb: number;
  /** Evaluation deadline of one analysis, in ms: what is left then becomes unknown, with one warning. */
  timeBudgetMs: number;
  /** A worker that has not answered this long after it got a job is terminated (it hangs where nothing polls the deadline). */
  timeoutMs: number;
  /** Analyses that run side by side, one per worker: a deployment that hangs holds up only its own. */
  workers: number;
}

export const DEFAULT_WORKER_LIMITS: Readonly<WorkerLimits> = {
  memoryMb: 1024,
  timeBudgetMs: 5000,
  timeoutMs: 20000,
  workers: 2,
};

/**
 * Young generation of each worker, in MB. V8 sizes it from the old generation's limit (1 GB), and
 * each worker then keeps that much short-lived garbage of its analyses resident: with 16 MB the
 * server holds about 22 MB less with the 5,000-resource ARM workspace open (8 MB: 45 MB less, but
 * three times the scavenges, and more of each analysis promoted to the old generation).
 */
const YOUNG_GENERATION_MB = 16;

/** How long a worker asked to cancel may take to notice before it is terminated. */
const CANCEL_GRACE_MS = 500;

/** How an analysis ended: its record; cancelled (a newer one replaces it); or stopped, and why, in words for the user. */
export type JobOutcome =
  { kind: 'done'; record: DeploymentRecord } | { kind: 'cancelled' } | { kind: 'stopped'; why: string };

/** How a job that finds a file's uses ended, when it was not stopped or cancelled. */
type TaskOutcome = JobOutcome | { kind: 'uses'; uses: string[] };

interface Task {
  id: number;
  work: { job: AnalysisJob } | { uses: SourceFile };
  cancel: Int32Array;
  settled: boolean;
  resolve(outcome: TaskOutcome): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
  error?: Error;
}

/**
 * Runs analyses in worker threads with a memory limit and a deadline. A worker that crashes, runs
 * out of memory or overruns its time is terminated and its analysis reported as stopped; the next
 * job gets a fresh worker. Cancelling a job (a newer edit of the same folder) sets its flag, which
 * evaluation polls, and terminates the worker if it does not notice within half a second.
 */
export class AnalysisPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  /** The worker that last analysed each folder: it still holds that folder's parsed files. */
  private readonly lastSlot = new Map<string, Slot>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private limits: Readonly<WorkerLimits>,
    private readonly log: (message: string) => void,
  ) {}

  /** New limits, for the workers started from now on (the server learns them at `initialize`). */
  configure(limits: Readonly<WorkerLimits>): void {
    this.limits = limits;
  }

  /** Analyses `job` (with the pool's time budget) unless `signal` is aborted first. */
  async run(job: Omit<AnalysisJob, 'timeBudgetMs'>, signal?: AbortSignal): Promise<JobOutcome> {
    const outcome = await this.enqueue({ job: { ...job, timeBudgetMs: this.limits.timeBudgetMs } }, signal);
    // A worker answers an analysis with its record, never with uses: that would be a bug of the pool.
    return outcome.kind === 'uses' ? { kind: 'stopped', why: 'its worker answered another question' } : outcome;
  }

  /**
   * What each file uses (local modules, linked templates), one job per file: finding out parses
   * it, which must not hold up the server's thread. A file whose job did not finish (it hung or
   * crashed its worker, which is replaced) uses nothing; its analysis says what went wrong.
   */
  async uses(files: SourceFile[]): Promise<Map<string, string[]>> {
    const found = await Promise.all(
      files.map(async (file): Promise<[string, string[]]> => {
        const outcome = await this.enqueue({ uses: file });
        return [file.path, outcome.kind === 'uses' ? outcome.uses : []];
      }),
    );
    return new Map(found);
  }

  private enqueue(work: Task['work'], signal?: AbortSignal): Promise<TaskOutcome> {
    return new Promise((resolve) => {
      if (this.disposed || signal?.aborted) return resolve({ kind: 'cancelled' });
      const task: Task = {
        id: this.nextId++,
        work,
        cancel: new Int32Array(new SharedArrayBuffer(4)),
        settled: false,
        resolve,
      };
      signal?.addEventListener('abort', () => this.cancel(task), { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const task of this.queue.splice(0)) settle(task, { kind: 'cancelled' });
    for (const slot of [...this.slots]) this.terminate(slot, { kind: 'cancelled' });
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    settle(task, { kind: 'cancelled' });
    const slot = [...this.slots].find((s) => s.task === task);
    if (!slot) return;
    Atomics.store(task.cancel, 0, 1);
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.terminate(slot, { kind: 'cancelled' }), CANCEL_GRACE_MS);
  }

  private pump(): void {
    if (this.disposed) return;
    for (;;) {
      const idle = [...this.slots].filter((s) => s.ready && !s.task);
      if (idle.length === 0 || this.queue.length === 0) break;
      // A folder goes back to the worker that analysed it last when that one is free: it still
      // holds the folder's parsed files. Otherwise the oldest job goes to any free worker.
      const last = (t: Task): Slot | undefined => ('job' in t.work ? this.lastSlot.get(t.work.job.dir) : undefined);
      const back = this.queue.findIndex((t) => idle.some((s) => last(t) === s));
      const [task] = this.queue.splice(Math.max(back, 0), 1);
      this.start(idle.find((s) => last(task) === s) ?? idle[0], task);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    let wanted = this.queue.length - starting;
    while (wanted-- > 0 && this.slots.size < this.limits.workers) this.spawn();
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    if ('job' in task.work) this.lastSlot.set(task.work.job.dir, slot);
    const request: JobRequest = { id: task.id, cancel: task.cancel, ...task.work };
    slot.timer = setTimeout(
      () => this.terminate(slot, { kind: 'stopped', why: `it took longer than ${seconds(this.limits.timeoutMs)}` }),
      this.limits.timeoutMs,
    );
    try {
      slot.worker.postMessage(request);
    } catch (err) {
      // A job that cannot be copied to the worker (it never should) is lost, not the worker.
      clearTimeout(slot.timer);
      slot.task = undefined;
      settle(task, { kind: 'stopped', why: `it could not be handed to a worker (${errorText(err)})` });
    }
  }

  private spawn(): void {
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      // Not piped to the server's own stdout, which carries the protocol.
      stdout: true,
      stderr: true,
    });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    const output = (d: Buffer): void => this.log(`analysis worker: ${d.toString().trimEnd()}`);
    worker.stdout.on('data', output);
    worker.stderr.on('data', output);
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err) => (slot.error = err));
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      slot.ready = true;
      this.pump();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.task = undefined;
    if (reply.type === 'done') settle(task, { kind: 'done', record: revive(reply.record) });
    else if (reply.type === 'uses') settle(task, { kind: 'uses', uses: reply.uses });
    else if (reply.type === 'cancelled') settle(task, { kind: 'cancelled' });
    else settle(task, { kind: 'stopped', why: `it failed (${reply.message})` });
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.delete(slot)) return;
    this.forgetSlot(slot);
    clearTimeout(slot.timer);
    const why = this.exitReason(slot, code);
    this.log(`analysis worker stopped: ${why}`);
    if (slot.task) settle(slot.task, { kind: 'stopped', why });
    // A worker that dies before it is ready would die again: the waiting jobs are told why instead.
    else if (!slot.ready) for (const task of this.queue.splice(0)) settle(task, { kind: 'stopped', why });
    this.pump();
  }

  private exitReason(slot: Slot, code: number): string {
    const err = slot.error as (Error & { code?: string }) | undefined;
    if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY')
      return `it needed more than the ${this.limits.memoryMb} MB of memory one analysis may use`;
    if (!slot.ready) return `the analysis worker could not start (${err ? err.message : `exit code ${code}`})`;
    return `its worker crashed (${err ? err.message : `exit code ${code}`})`;
  }

  private forgetSlot(slot: Slot): void {
    for (const [dir, last] of this.lastSlot) if (last === slot) this.lastSlot.delete(dir);
  }

  /** Ends a worker whatever it is doing; its job (if any) ends with `outcome`, and a fresh worker takes the queue. */
  private terminate(slot: Slot, outcome: JobOutcome): void {
    if (!this.slots.delete(slot)) return;
    this.forgetSlot(slot);
    clearTimeout(slot.timer);
    if (slot.task) settle(slot.task, outcome);
    if (outcome.kind === 'stopped') this.log(`analysis worker terminated: ${outcome.why}`);
    void slot.worker.terminate();
    this.pump();
  }
}

function settle(task: Task, outcome: TaskOutcome): void {
  if (task.settled) return;
  task.settled = true;
  task.resolve(outcome);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s.toLocaleString('en', { maximumFractionDigits: 1 })} second${s === 1 ? '' : 's'}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The limits an embedder (or a test) asks for in `initializationOptions.analysisLimits`, over the
 * defaults; anything but a positive number is ignored.
 */
export function readWorkerLimits(raw: unknown): WorkerLimits {
  const limits = { ...DEFAULT_WORKER_LIMITS };
  if (typeof raw !== 'object' || raw === null) return limits;
  for (const key of Object.keys(limits) as (keyof WorkerLimits)[]) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) limits[key] = value;
  }
  limits.workers = Math.max(1, Math.floor(limits.workers));
  return limits;
}
