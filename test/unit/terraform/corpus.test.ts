import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformFrontEnd } from '../../../server/src/frontends/terraform';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import { WorkspaceHost } from '../../../server/src/workspace';
import { ready } from './helpers';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');

function folders(): string[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs
    .readdirSync(CORPUS)
    .filter((n) => n.startsWith('tf-'))
    .map((n) => path.join(CORPUS, n));
}

/** The real public configurations in ../shared/corpus (when present) load without front-end errors. */
describe('terraform corpus', () => {
  before(ready);

  for (const dir of folders()) {
    it(`loads ${path.basename(dir)} without errors`, () => {
      const host = new WorkspaceHost(dir);
      const files = host
        .list(dir)
        .map((n) => path.join(dir, n))
        .filter((p) => terraformFrontEnd.claims(p, ''))
        .map((p) => ({ path: p, text: host.read(p) ?? '' }));
      const result = terraformFrontEnd.load(files, host, { context: DEFAULT_CONTEXT, parameterFiles: [] });
      assert.deepEqual(
        result.problems.filter((p) => p.severity !== 'info').map((p) => `${p.code}: ${p.message}`),
        [],
      );
      assert.ok(result.resources.length > 0, 'every corpus configuration declares azurerm resources');
    });
  }
});
