import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { initAnalysis } from '../../server/src/analysis';
import { setParseCaching } from '../../server/src/frontends/parse-cache';
import { runJob } from '../../server/src/lsp/analysis-job';
import type { DeploymentRecord } from '../../server/src/lsp/folder-analysis';
import type { Analyst, OpenDocument } from '../../server/src/lsp/guard-service';
import { GuardService } from '../../server/src/lsp/guard-service';
import { readSettings } from '../../server/src/lsp/settings';
import { pathToUri } from '../../server/src/lsp/uri';
import { AnalysisPool, DEFAULT_WORKER_LIMITS } from '../../server/src/lsp/worker-pool';
import { Random } from '../fuzz/random';
import { fileUses } from '../../server/src/workspace';
import { BASES_ROOT, REPO, caseFolder } from '../tester/cases';

/**
 * The property behind incremental analysis: after every edit of a random sequence (values that
 * decide findings swapped, lines deleted or doubled, stray characters, files reverted or closed,
 * some edits arriving while the previous analysis still runs), what the editor holds — the
 * diagnostics last published for each file — and the findings the server keeps equal what a fresh
 * service finds analysing everything from scratch with no parse reused. The edited service runs as
 * the language server does (worker threads that keep their parses); the fresh one parses anew in
 * this thread, where reuse is off.
 */

const STEPS = 24;

/** Values that decide findings, each with what it is swapped for. */
const SWAPS: [string, string][] = [
  ['true', 'false'],
  ['Enabled', 'Disabled'],
  ['Premium', 'Basic'],
  ['Deny', 'Allow'],
  ['AzureServices', 'None'],
  ['westeurope', 'eastus'],
  ['10.0.', '10.1.'],
  ['privatelink', 'publiclink'],
  ['blob', 'file'],
];

interface Workspace {
  root: string;
  files: string[];
}

/** Copies of rule cases and examples of one language, each in a folder of its own, under one root. */
function workspace(language: string, sources: string[]): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `amlng-incremental-${language}-`));
  sources.forEach((src, i) => fs.cpSync(src, path.join(root, `${i}-${path.basename(src)}`), { recursive: true }));
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(root, f))
    .filter((f) => /\.(json|bicep|bicepparam|tf|tfvars)$/.test(f) && fs.statSync(f).isFile())
    .sort();
  return { root, files };
}

/** A service analysing in this thread, as from a cold start. */
const inThisThread: Analyst = {
  run: async (job) => ({ kind: 'done', record: runJob({ ...job, timeBudgetMs: 60000 }) }),
  uses: async (files) => new Map(files.map((f) => [f.path, fileUses(f)])),
  dispose: () => undefined,
};

/** A service over `root` and what the editor holds after its publications. */
function service(root: string, documents: () => OpenDocument[], analyst: Analyst) {
  const shown = new Map<string, Diagnostic[]>();
  const s = new GuardService(
    {
      publish: (uri, diagnostics) => shown.set(uri, diagnostics),
      log: () => undefined,
      documents,
      docsDir: path.join(REPO, 'docs', 'rules'),
    },
    analyst,
    0,
  );
  s.setRoots([root]);
  for (const r of [root, undefined]) s.setSettings(r, readSettings({ analysisDelay: 0 }, root));
  return { service: s, shown };
}

const sorted = (items: unknown[]): string[] => items.map((x) => JSON.stringify(x)).sort();

/** What each analysed folder found, comparable across services. */
function findingsByFolder(records: DeploymentRecord[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of [...records].sort((a, b) => (a.dir < b.dir ? -1 : 1)))
    out[r.dir] = sorted([
      ...r.result.findings.map((f) => [f.ruleId, f.span, f.message, f.related]),
      ...r.result.problems.map((p) => [p.code, p.span, p.message]),
    ]);
  return out;
}

function shownDiagnostics(shown: Map<string, Diagnostic[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [uri, ds] of [...shown].sort(([a], [b]) => (a < b ? -1 : 1))) if (ds.length > 0) out[uri] = sorted(ds);
  return out;
}

class Editor {
  readonly open = new Map<string, OpenDocument>();
  private version = 1;

  constructor(private readonly onChange: (file: string) => void) {}

  documents = (): OpenDocument[] => [...this.open.values()].map((d) => ({ ...d }));

  text(file: string): string {
    return this.open.get(file)?.text ?? fs.readFileSync(file, 'utf8');
  }

  set(file: string, text: string): void {
    this.open.set(file, { uri: pathToUri(file), path: file, text, version: this.version++ });
    this.onChange(file);
  }

  close(file: string): void {
    if (this.open.delete(file)) this.onChange(file);
  }
}

/** One random edit of one file, described for the failure message. */
function edit(random: Random, editor: Editor, files: string[]): string {
  const file = random.pick(files);
  const name = path.basename(path.dirname(file)) + '/' + path.basename(file);
  const text = editor.text(file);
  const roll = random.next();
  if (roll < 0.5) {
    const present = SWAPS.flatMap(([a, b]) => [
      ...(text.includes(a) ? [[a, b]] : []),
      ...(text.includes(b) ? [[b, a]] : []),
    ]);
    if (present.length > 0) {
      const [from, to] = random.pick(present);
      const at = nthIndex(text, from, random.below(count(text, from)));
      editor.set(file, text.slice(0, at) + to + text.slice(at + from.length));
      return `${name}: '${from}' → '${to}' at ${at}`;
    }
  }
  const lines = text.split('\n');
  const line = random.below(lines.length);
  if (roll < 0.6) {
    editor.set(file, [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n'));
    return `${name}: line ${line + 1} deleted`;
  }
  if (roll < 0.7) {
    editor.set(file, [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n'));
    return `${name}: line ${line + 1} doubled`;
  }
  if (roll < 0.8) {
    const at = random.below(text.length + 1);
    const char = random.pick(['"', '{', '}', ',', 'x', ' ', '[', ']', '=']);
    editor.set(file, text.slice(0, at) + char + text.slice(at));
    return `${name}: '${char}' typed at ${at}`;
  }
  if (roll < 0.9) {
    editor.set(file, fs.readFileSync(file, 'utf8'));
    return `${name}: reverted`;
  }
  editor.close(file);
  return `${name}: closed`;
}

function count(text: string, what: string): number {
  return text.split(what).length - 1;
}

function nthIndex(text: string, what: string, n: number): number {
  let at = text.indexOf(what);
  for (let i = 0; i < n; i++) at = text.indexOf(what, at + 1);
  return at;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A folder to copy: `examples/…`, a base of the rule cases (`bases/…`) or a rule case (`cases/<rule>/<lang>/<case>`). */
function source(name: string): string {
  const [kind, ...rest] = name.split('/');
  if (kind === 'bases') return path.join(BASES_ROOT, ...rest);
  if (kind === 'cases') return caseFolder(rest.join('/'));
  return path.join(REPO, name);
}

const SCENARIOS: { language: string; seed: number; sources: string[] }[] = [
  {
    language: 'arm',
    seed: 14001,
    sources: [
      'examples/insecure',
      'examples/secure',
      'bases/arm-aks-hub',
      'cases/private-cluster-public-fqdn/arm/linked-template-in-folder',
    ],
  },
  {
    language: 'bicep',
    seed: 14002,
    sources: ['examples/bicep-insecure', 'examples/bicep-secure', 'bases/bicep-aks-workspace'],
  },
  {
    language: 'terraform',
    seed: 14003,
    sources: [
      'bases/terraform-aks-workspace',
      'cases/private-endpoint-dns-zone-group/terraform/module-called-twice',
      'cases/aks-vnet-dependency-private-endpoint/terraform/module-network',
    ],
  },
];

describe('incremental analysis equals a full one', function () {
  this.timeout(180000);
  const worker = path.join(REPO, 'out/server/src/lsp/analysis-worker.js');

  before(async () => {
    await initAnalysis();
    setParseCaching(false);
  });
  after(() => setParseCaching(true));

  for (const scenario of SCENARIOS)
    it(`${scenario.language}: after each of ${STEPS} random edits, the published diagnostics and findings are a fresh analysis's`, async () => {
      const ws = workspace(scenario.language, scenario.sources.map(source));
      const random = new Random(scenario.seed);
      const editor = new Editor((file) => edited.service.changed(file));
      const edited = service(
        ws.root,
        editor.documents,
        new AnalysisPool(worker, DEFAULT_WORKER_LIMITS, () => undefined),
      );
      try {
        await edited.service.analyseAll();
        const history: string[] = [];
        for (let step = 0; step < STEPS; step++) {
          // Now and then a burst: the next edit arrives while the analysis of the last may still run.
          const burst = random.next() < 0.3 ? 2 + random.below(2) : 1;
          for (let i = 0; i < burst; i++) {
            history.push(edit(random, editor, ws.files));
            if (i < burst - 1) await delay(random.below(4));
          }
          await edited.service.settled();
          const fresh = service(ws.root, editor.documents, inThisThread);
          await fresh.service.analyseAll();
          const what = `after ${history.map((h, i) => `\n  ${i + 1}. ${h}`).join('')}`;
          assert.deepEqual(
            findingsByFolder(edited.service.state.all()),
            findingsByFolder(fresh.service.state.all()),
            `findings ${what}`,
          );
          assert.deepEqual(
            shownDiagnostics(edited.shown),
            shownDiagnostics(fresh.shown),
            `published diagnostics ${what}`,
          );
          fresh.service.dispose();
        }
      } finally {
        edited.service.dispose();
        fs.rmSync(ws.root, { recursive: true, force: true });
      }
    });
});
