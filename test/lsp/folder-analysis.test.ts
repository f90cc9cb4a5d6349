import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { initAnalysis } from '../../server/src/analysis';
import { defaultConfig } from '../../server/src/config';
import { analyzeFolder } from '../../server/src/lsp/folder-analysis';
import { RecordingHost } from '../../server/src/lsp/recording-host';

const ROOT = path.resolve('/virtual/ws');
const FILE = path.join(ROOT, 'app', 'azuredeploy.json');
const PARAMS = path.join(ROOT, 'app', 'prod.parameters.json');
const TEMPLATE = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  resources: [],
});
const links = { uriOf: (f: string) => `file://${f}`, docsDir: '/docs' };

/** A host whose disk is empty: every file comes from the editor overlay. */
class ThrowingHost extends RecordingHost {
  override read(p: string): string | undefined {
    if (p === PARAMS) throw new Error('disk on fire');
    return super.read(p);
  }
}

/** Analyses the folder of FILE, open in the editor, with PARAMS as the configured parameter file. */
function analyseApp(host: RecordingHost, versions: Map<string, number>) {
  const config = { ...defaultConfig(), parameterFiles: [PARAMS] };
  return analyzeFolder(
    { dir: path.dirname(FILE), files: [{ path: FILE, text: TEMPLATE }] },
    host,
    config,
    versions,
    links,
  );
}

describe('analysing one folder', () => {
  before(() => initAnalysis());

  it('records the files it read and the editor versions it saw', () => {
    const record = analyseApp(
      new RecordingHost(ROOT, new Map([[FILE, TEMPLATE]])),
      new Map([
        [FILE, 7],
        [path.join(ROOT, 'other.json'), 3],
      ]),
    );
    assert.deepEqual(record.files, [FILE]);
    assert.ok(record.inputs.has(FILE) && record.inputs.has(PARAMS), [...record.inputs].join());
    assert.deepEqual([...record.versions], [[FILE, 7]]);
    assert.deepEqual([...record.diagnostics], []);
  });

  it('turns an exception while analysing into an internal-error diagnostic', () => {
    const record = analyseApp(new ThrowingHost(ROOT, new Map([[FILE, TEMPLATE]])), new Map());
    const diagnostics = record.diagnostics.get(FILE) ?? [];
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['internal-error'],
    );
    assert.match(diagnostics[0].message as string, /disk on fire/);
  });
});
