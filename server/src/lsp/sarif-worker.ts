import { parentPort, workerData } from 'node:worker_threads';
import type { SarifJob, SarifReply } from './sarif-export';
import { workspaceSarif } from './workspace-sarif';

/**
 * The SARIF export worker (dist/sarif-worker.js): one export of a workspace folder, off the language
 * server's main thread (a whole-workspace scan may take seconds), then it ends.
 */
const port = parentPort;
if (port) {
  const { root, settings } = workerData as SarifJob;
  const reply = (message: SarifReply): void => port.postMessage(message);
  workspaceSarif(root, settings).then(
    (result) => reply({ result }),
    (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
  );
}
