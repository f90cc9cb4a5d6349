import { parentPort } from 'node:worker_threads';
import { initAnalysis } from '../../server/src/analysis';
import type { FuzzCase } from './check-case';
import { runCase, warmUp } from './check-case';

/**
 * The fuzz worker: runs the cases it is sent one after the other, saying when each starts so the
 * campaign can tell a hang (no answer in time) or a crash (the worker died) from a verdict.
 */
const port = parentPort;
if (port) {
  const ready = initAnalysis();
  let warm = false;
  port.on('message', (cases: FuzzCase[]) => {
    void ready.then(() => {
      if (!warm && cases.length > 0)
        try {
          warmUp(cases[0]);
        } catch {
          // A seed that fails as it is fails again as its first case, which says so.
        }
      warm = true;
      for (const c of cases) {
        port.postMessage({ type: 'start', index: c.index });
        port.postMessage({ type: 'done', result: runCase(c) });
      }
      port.postMessage({ type: 'idle' });
    });
  });
}
