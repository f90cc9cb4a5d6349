import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CaseResult, FuzzCase } from './check-case';
import { peakRssMb } from './memory';
import type { Language } from './mutate';
import { seeds } from './seeds';

export interface CampaignOptions {
  seed: number;
  cases: number;
  languages: Language[];
  /** A case not answered in this time is a hang: the worker is ended and the next case goes on. */
  hangMs: number;
  /** The heap a worker may grow to; a case that needs more is a memory failure. */
  memoryMb: number;
  /** Run only this case index of each language (to replay a failure). */
  only?: number;
}

export interface LanguageReport {
  language: Language;
  seeds: number;
  results: CaseResult[];
}

/** Case `index` of a language: seed files taken in turn, so every seed is mutated about as often. */
function fuzzCases(options: CampaignOptions): FuzzCase[] {
  const all = seeds();
  return options.languages.flatMap((language) => {
    const list = all[language];
    if (list.length === 0) return [];
    const indexes = options.only !== undefined ? [options.only] : Array.from({ length: options.cases }, (_, i) => i);
    return indexes.map((index) => {
      const s = list[index % list.length];
      return { index, seed: options.seed, language, root: s.root, file: s.file };
    });
  });
}

/**
 * Runs the cases in a worker with a heap limit, restarting it after a hang or a crash (which are
 * verdicts of the case that was running), and returns every verdict by language.
 */
export async function runCampaign(
  options: CampaignOptions,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<LanguageReport[]> {
  const cases = fuzzCases(options);
  const results = new Map<string, CaseResult>();
  const key = (c: { language: Language; index: number }) => `${c.language}:${c.index}`;
  let pending = cases;
  while (pending.length > 0) {
    const ran = await runInWorker(pending, options, (c, r) => {
      results.set(key(c), r);
      progress(results.size, cases.length);
    });
    pending = pending.filter((c) => !results.has(key(c)));
    if (ran.failed) {
      results.set(key(ran.failed.case), ran.failed.result);
      progress(results.size, cases.length);
      pending = pending.filter((c) => c !== ran.failed?.case);
    }
  }
  const counts = seeds();
  return options.languages.map((language) => ({
    language,
    seeds: counts[language].length,
    results: cases.filter((c) => c.language === language).flatMap((c) => results.get(key(c)) ?? []),
  }));
}

interface WorkerRun {
  /** The case the worker was running when it hung or died, with that verdict. */
  failed?: { case: FuzzCase; result: CaseResult };
}

function runInWorker(
  cases: FuzzCase[],
  options: CampaignOptions,
  record: (c: FuzzCase, r: CaseResult) => void,
): Promise<WorkerRun> {
  return new Promise((resolve) => {
    const worker = new Worker(path.join(__dirname, 'worker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
      stdout: true,
      stderr: true,
    });
    const byIndex = new Map<number, FuzzCase>();
    // Indexes repeat across languages: a worker is sent one language's run at a time.
    let running: { case: FuzzCase; since: number } | undefined;
    let queue = [...cases];
    let batch: FuzzCase[] = [];
    const sendNext = (): boolean => {
      if (queue.length === 0) return false;
      const language = queue[0].language;
      batch = queue.filter((c) => c.language === language);
      queue = queue.filter((c) => c.language !== language);
      byIndex.clear();
      for (const c of batch) byIndex.set(c.index, c);
      worker.postMessage(batch);
      return true;
    };
    const finish = (run: WorkerRun): void => {
      clearInterval(watchdog);
      void worker.terminate();
      resolve(run);
    };
    const failedAs = (verdict: CaseResult['verdict'], detail: string): WorkerRun => {
      if (!running) return {};
      const r: CaseResult = {
        index: running.case.index,
        verdict,
        detail,
        ms: Math.round(performance.now() - running.since),
        cpuMs: 0,
        applied: [],
        bytes: 0,
        resources: 0,
        peakRssMb: peakRssMb(),
      };
      return { failed: { case: running.case, result: r } };
    };
    const watchdog = setInterval(() => {
      if (running && performance.now() - running.since > options.hangMs)
        finish(failedAs('hang', `no answer after ${options.hangMs} ms`));
    }, 200);
    worker.on('message', (m: { type: string; index?: number; result?: CaseResult }) => {
      if (m.type === 'start' && m.index !== undefined) {
        const c = byIndex.get(m.index);
        if (c) running = { case: c, since: performance.now() };
      } else if (m.type === 'done' && m.result) {
        const c = byIndex.get(m.result.index);
        if (c) record(c, m.result);
        running = undefined;
      } else if (m.type === 'idle' && !sendNext()) finish({});
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(failedAs(oom ? 'memory' : 'crash', oom ? `over ${options.memoryMb} MB of heap` : err.message));
    });
    worker.on('exit', () => finish(failedAs('crash', 'the worker exited')));
    sendNext();
  });
}
