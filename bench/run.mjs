// `npm run bench`: builds the engine, generates the workloads, times cold start, loading per front
// end, full analysis and re-analysis after a one-line edit, and prints median / p95 per measurement.
// Results go to bench/results/latest.json. Environment: BENCH_RUNS (default 10) timed runs per
// measurement, BENCH_COLD_RUNS (default 5) fresh processes; each measurement also stops after
// BENCH_BUDGET_MS (default 7000) so the whole bench stays within about two minutes on 2 cores.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateWorkloads } from './generate.mjs';
import { summarize, table } from './stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const engine = join(root, 'out/server/src');
const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 7000);

function build() {
  // tsc -b still emits when another folder has type errors; what matters is that the engine exists.
  const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-b'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) console.warn('bench: tsc -b reported errors; timing the emitted JavaScript anyway');
  if (!existsSync(join(engine, 'analysis.js'))) {
    console.error(`bench: ${join(engine, 'analysis.js')} was not built`);
    process.exit(2);
  }
}

/** Runs `fn` once to warm up, then up to RUNS times within the budget; returns the samples in ms. */
function time(fn) {
  fn();
  const samples = [];
  const deadline = performance.now() + BUDGET_MS;
  while (samples.length < RUNS && (samples.length === 0 || performance.now() < deadline)) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

function coldStarts() {
  const samples = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = spawnSync(process.execPath, [join(root, 'bench/cold-start.mjs'), engine], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold start failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout).ms);
  }
  return samples;
}

/** The first line holding `needle`, changed as a user would type: the re-analysis input. */
function editOneLine(text, needle, replacement) {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`workload has no '${needle}' to edit`);
  return text.slice(0, at) + replacement + text.slice(at + needle.length);
}

async function main() {
  const started = performance.now();
  build();
  const places = generateWorkloads(join(root, 'bench/workloads'));
  const cold = coldStarts();

  const { analyzeDeployment, initAnalysis } = require(join(engine, 'analysis.js'));
  const { WorkspaceHost, findDeployments } = require(join(engine, 'workspace.js'));
  const { FRONT_ENDS } = require(join(engine, 'frontends/index.js'));
  const { defaultConfig } = require(join(engine, 'config.js'));
  await initAnalysis();

  const config = defaultConfig();
  const host = new WorkspaceHost(join(root, 'bench/workloads'));
  const rows = [summarize('cold start (load engine + initAnalysis)', cold, 'fresh process each run')];
  const sizes = {};

  const single = [
    {
      label: 'ARM',
      dir: places.arm,
      language: 'arm',
      edit: ['"dnsServiceIP": "172.16.0.10"', '"dnsServiceIP": "172.16.0.11"'],
    },
    {
      label: 'Terraform',
      dir: places.tf,
      language: 'terraform',
      edit: ['dns_service_ip = "172.16.0.10"', 'dns_service_ip = "172.16.0.11"'],
    },
  ];
  for (const w of single) {
    const [deployment] = findDeployments(host, w.dir);
    const files = deployment?.files ?? [];
    const frontEnd = FRONT_ENDS.find((f) => f.language === w.language);
    const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
    const load = () => frontEnd.load(files, host, { context: config.context, parameterFiles: [] });
    const loaded = files.length > 0 ? load() : { resources: [], problems: [] };
    const analysed = analyzeDeployment(files, host, config);
    sizes[w.label] = {
      files: files.length,
      lines,
      resources: loaded.resources.length,
      findings: analysed.findings.length,
    };
    const note = `${lines} lines, ${loaded.resources.length} resources, ${analysed.findings.length} findings`;
    rows.push(summarize(`${w.label}: parse + load (front end)`, time(load), note));
    rows.push(
      summarize(
        `${w.label}: full analysis`,
        time(() => analyzeDeployment(files, host, config)),
        note,
      ),
    );
    const edited = files.map((f, i) => (i === 0 ? { path: f.path, text: editOneLine(f.text, ...w.edit) } : f));
    rows.push(
      summarize(
        `${w.label}: re-analysis after a one-line edit`,
        time(() => analyzeDeployment(edited, host, config)),
        note,
      ),
    );
  }

  // Bicep on real text: the 1,100-line AVM managed-cluster module of the shared corpus next to the
  // bare JSON parse of the main.json Bicep compiled from it (the same deployment), when the corpus is there.
  const corpus = join(root, '../shared/corpus');
  const avm = join(corpus, 'bicep-avm-aks-managed-cluster');
  if (existsSync(join(avm, 'main.bicep')) && existsSync(join(avm, 'main.json'))) {
    const { parseBicep } = require(join(engine, 'frontends/bicep/syntax.js'));
    const { parseTree } = require('jsonc-parser');
    const bicepText = readFileSync(join(avm, 'main.bicep'), 'utf8');
    const jsonText = readFileSync(join(avm, 'main.json'), 'utf8');
    const note = `${bicepText.split('\n').length} lines of Bicep, ${jsonText.split('\n').length} lines of compiled JSON`;
    const jsonRow = summarize(
      'jsonc-parser: parse the compiled AVM main.json',
      time(() => parseTree(jsonText)),
      note,
    );
    const bicepRow = summarize(
      'Bicep: parse AVM managed-cluster main.bicep',
      time(() => parseBicep(bicepText)),
      note,
    );
    rows.push(jsonRow, bicepRow);
    const bicepFrontEnd = FRONT_ENDS.find((f) => f.language === 'bicep');
    const file = { path: join(avm, 'main.bicep'), text: bicepText };
    const corpusHost = new WorkspaceHost(avm);
    rows.push(
      summarize(
        'Bicep: parse + load AVM main.bicep (front end)',
        time(() => bicepFrontEnd.load([file], corpusHost, { context: config.context, parameterFiles: [] })),
        note,
      ),
    );
    const all = bicepFiles(corpus).map((f) => ({ f, text: readFileSync(f, 'utf8') }));
    const allLines = all.reduce((n, x) => n + x.text.split('\n').length, 0);
    rows.push(
      summarize(
        'Bicep: parse every .bicep/.bicepparam of the corpus',
        time(() => all.forEach((x) => parseBicep(x.text, { params: x.f.endsWith('.bicepparam') }))),
        `${all.length} files, ${allLines} lines`,
      ),
    );
    sizes['Bicep AVM'] = { bicepLines: bicepText.split('\n').length, jsonLines: jsonText.split('\n').length };
  }

  const discover = () => findDeployments(host, places.many);
  const deployments = discover();
  const totals = deployments.map((d) => analyzeDeployment(d.files, host, config));
  const manyNote = `${deployments.length} deployments, ${totals.reduce((n, r) => n + r.graph.resources.length, 0)} resources`;
  sizes['50 deployments'] = { deployments: deployments.length };
  rows.push(summarize('50 deployments: discover folders', time(discover), manyNote));
  rows.push(
    summarize(
      '50 deployments: discover + analyse all',
      time(() => discover().forEach((d) => analyzeDeployment(d.files, host, config))),
      manyNote,
    ),
  );
  const first = deployments[0];
  if (first) {
    const needle = first.files[0].text.includes('"dnsServiceIP"')
      ? ['"dnsServiceIP": "172.16.0.10"', '"dnsServiceIP": "172.16.0.11"']
      : ['dns_service_ip = "172.16.0.10"', 'dns_service_ip = "172.16.0.11"'];
    const edited = first.files.map((f, i) => (i === 0 ? { path: f.path, text: editOneLine(f.text, ...needle) } : f));
    rows.push(
      summarize(
        '50 deployments: re-analyse the edited one',
        time(() => analyzeDeployment(edited, host, config)),
        manyNote,
      ),
    );
  }

  console.log(table(rows));
  const total = (performance.now() - started) / 1000;
  console.log(`\nbench finished in ${total.toFixed(1)} s (node ${process.version}, ${cpus().length} cpus)`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    runs: RUNS,
    workloads: sizes,
    measurements: rows,
    seconds: Math.round(total * 10) / 10,
  };
  writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(result, null, 2) + '\n');
}

function bicepFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...bicepFiles(full));
    else if (/\.bicep(param)?$/.test(name)) out.push(full);
  }
  return out;
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
