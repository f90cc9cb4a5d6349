import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { initAnalysis } from '../../server/src/analysis';
import type { ScanOptions } from '../../server/src/cli/args';
import { scan } from '../../server/src/cli/scan';
import type { OpenDocument } from '../../server/src/lsp/guard-service';
import { GuardService } from '../../server/src/lsp/guard-service';
import { readSettings } from '../../server/src/lsp/settings';
import { pathToUri } from '../../server/src/lsp/uri';
import { AnalysisPool, DEFAULT_WORKER_LIMITS } from '../../server/src/lsp/worker-pool';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import { rangeText } from '../tester/check';
import { listCases, loadCase } from '../tester/cases';

/**
 * The invariant behind "one defect, one finding": no rule reports the same file and range twice, in
 * one scan of everything the repository holds (rule cases, examples, the shared corpus when present)
 * or in one editor session over the same folders, before and after every file is opened.
 */

const REPO = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');
/** Every rule case written out, under one folder (the parent of all their folders). */
const CASES = path.resolve(listCases().map((c) => loadCase(c).dir)[0] ?? REPO, '../../..');
const FOLDERS = [CASES, path.join(REPO, 'examples'), CORPUS].filter((d) => fs.existsSync(d));
const RULE_IDS = new Set(ALL_RULES.map((r) => r.meta.id));

/** The keys that occur more than once. */
function repeated(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return [...twice].sort();
}

function scanOptions(paths: string[]): ScanOptions {
  return {
    paths,
    format: 'json',
    explainUnknowns: false,
    parameterFiles: [],
    varFiles: [],
    severities: {},
    ignore: [],
    noConfig: false,
    color: false,
  };
}

const lspRange = (d: Diagnostic): string =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

/** Every template-like file of a folder tree, as an editor would open it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    const file = path.join(e.parentPath, e.name);
    return e.isFile() && /\.(json|bicep|bicepparam|tf|tfvars)$/.test(e.name) ? [file] : [];
  });
}

/** A session of the service the language server runs, keeping every publication. */
function session(documents: () => OpenDocument[]) {
  const publications: { uri: string; diagnostics: Diagnostic[] }[] = [];
  // The worker as tsc compiles it (the bundle's is dist/analysis-worker.js).
  const worker = path.join(REPO, 'out/server/src/lsp/analysis-worker.js');
  const service = new GuardService(
    {
      publish: (uri, diagnostics) => publications.push({ uri, diagnostics }),
      log: () => undefined,
      documents,
      docsDir: path.join(REPO, 'docs', 'rules'),
    },
    new AnalysisPool(worker, DEFAULT_WORKER_LIMITS, () => undefined),
  );
  service.setRoots(FOLDERS);
  for (const root of [...FOLDERS, undefined]) service.setSettings(root, readSettings({}, root ?? REPO));
  return { service, publications };
}

/** Rule diagnostics published twice for one place in one publication. */
function repeatedInPublications(publications: readonly { uri: string; diagnostics: Diagnostic[] }[]): string[] {
  return publications.flatMap((p) =>
    repeated(
      p.diagnostics.filter((d) => RULE_IDS.has(String(d.code))).map((d) => `${String(d.code)} ${p.uri} ${lspRange(d)}`),
    ),
  );
}

describe('one defect, one finding', function () {
  this.timeout(120000);
  before(() => initAnalysis());

  it('a scan of every rule case, example and corpus template reports no finding twice', async () => {
    const report = await scan(scanOptions(FOLDERS), REPO);
    assert.ok(report.findings.length > 0, 'the folders have findings to compare');
    const keys = report.findings.map((f) => `${f.ruleId} ${f.span.file} ${rangeText(f.span)}`);
    assert.deepEqual(repeated(keys), []);
  });

  it('an editor session over the same folders publishes no finding twice, before and after opening every file', async () => {
    const open: OpenDocument[] = [];
    const { service, publications } = session(() => open);
    await service.analyseAll();
    assert.ok(
      publications.some((p) => p.diagnostics.some((d) => RULE_IDS.has(String(d.code)))),
      'the session publishes findings',
    );
    assert.deepEqual(repeatedInPublications(publications), [], 'at start-up');

    // Every file open in the editor, unchanged: module and linked files now come from the overlay.
    publications.length = 0;
    for (const file of FOLDERS.flatMap(filesUnder))
      open.push({ uri: pathToUri(file), path: file, text: fs.readFileSync(file, 'utf8'), version: 1 });
    await service.analyseAll();
    assert.deepEqual(repeatedInPublications(publications), [], 'with every file open');
    service.dispose();
  });
});
