import { Worker } from 'node:worker_threads';
import type { ConfigLayer } from '../config-file/layers';
import type { SarifResult } from '../protocol';

export interface SarifJob {
  root: string;
  settings: ConfigLayer;
}

export type SarifReply = { result: SarifResult } | { error: string };

export interface SarifLimits {
  memoryMb: number;
  timeoutMs: number;
}

/** A whole workspace may be big: more time than one analysis gets, the same heap. */
export const SARIF_LIMITS: Readonly<SarifLimits> = { memoryMb: 1024, timeoutMs: 120_000 };

/**
 * Runs one SARIF export of a workspace folder in a worker thread (`workerFile`: the bundled
 * sarif-worker.js) with a heap limit and a deadline; rejects with a message for the user when the
 * export fails, runs out of memory or overruns.
 */
export function exportSarif(
  workerFile: string,
  job: SarifJob,
  limits: SarifLimits = SARIF_LIMITS,
): Promise<SarifResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`the export took longer than ${limits.timeoutMs / 1000} s`))),
      limits.timeoutMs,
    );
    worker.on('message', (reply: SarifReply) =>
      settle(() => ('result' in reply ? resolve(reply.result) : reject(new Error(reply.error)))),
    );
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the export stopped (exit code ${code})`))));
  });
}
