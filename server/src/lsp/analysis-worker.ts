import { parentPort } from 'node:worker_threads';
import { initAnalysisFor } from '../analysis';
import { AnalysisCancelled } from '../frontends/budget';
import type { AnalysisJob, JobRequest, WorkerReply } from './analysis-job';
import { runJob } from './analysis-job';
import { fileUses } from '../workspace';

/**
 * The analysis worker (dist/analysis-worker.js): runs the language server's analyses one at a time
 * off its main thread, so that a slow or hostile deployment never delays an answer to the editor.
 * The server gives it a memory limit and a deadline, and terminates it when it overruns them.
 */
const port = parentPort;
if (port) {
  const reply = (message: WorkerReply): void => port.postMessage(message);
  // Requests are handled in the order they came, each once the parsers of its files are loaded
  // (the first Terraform file loads tree-sitter). A parser that does not load reports that on its
  // own files; the other languages still work.
  let previous: Promise<void> = Promise.resolve();
  reply({ type: 'ready' });
  port.on('message', (request: JobRequest) => {
    const files = 'job' in request ? request.job.files : [request.uses];
    const ready = previous.then(() => initAnalysisFor(files).catch(() => undefined));
    previous = ready.then(() => {
      if ('job' in request) injectTestFault(request.job);
      try {
        if ('uses' in request) reply({ type: 'uses', id: request.id, uses: fileUses(request.uses) });
        else reply({ type: 'done', id: request.id, record: runJob(request.job, request.cancel) });
      } catch (err) {
        if (err instanceof AnalysisCancelled) reply({ type: 'cancelled', id: request.id });
        else reply({ type: 'failed', id: request.id, message: err instanceof Error ? err.message : String(err) });
      }
    });
  });
}

/**
 * The faults the language-server tests need and no real template reliably causes any more: with
 * AML_NETWORK_GUARD_TEST_FAULTS=1 in the server's environment, a deployment whose text holds
 * `aml-network-guard-test-fault: hang` loops without ever polling its deadline, and one holding
 * `…: crash` throws past every handler, which ends the worker.
 */
function injectTestFault(job: AnalysisJob): void {
  if (process.env.AML_NETWORK_GUARD_TEST_FAULTS !== '1') return;
  const text = job.files.map((f) => f.text).join('\n');
  const fault = /aml-network-guard-test-fault: (hang|crash)/.exec(text)?.[1];
  if (fault === 'crash') throw new Error('test fault: the worker crashes');
  if (fault === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}
