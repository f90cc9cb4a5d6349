// `npm run bench`: builds the engine and the bundles, generates workspaces of about 50, 500 and 5,000
// resources in ARM, Terraform and Bicep (and one 50,000-resource ARM template), and measures in one
// run: the cold analysis in process against the bare parse of the same files, the CLI process
// against a process that only parses, edit-to-diagnostics latency through the real language server
// over stdio, its memory, time per resource, and start-up. Every target is a ratio or a percentile
// of this run, since the machines are noisy. Prints a table; bench/results.json has every sample.
// Environment: BENCH_RUNS (in-process runs, default 5), BENCH_PROCESS_RUNS (default 3), BENCH_EDITS
// (latency edits per workspace, default 200), BENCH_DEPENDENCY_EDITS (of those, edits of the shared
// file, default 15), BENCH_RSS_EDITS (edits before the second memory reading, ARM 5,000, default
// 1,000), BENCH_BUDGET_MS (time per in-process measurement, default 6,000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bareParser } from './bare-parse.mjs';
import { Session, uriOf } from './lsp-session.mjs';
import { summarize, table } from './stats.mjs';
import { EDITS, writeHugeArm, writeWorkspace } from './workspaces.mjs';

const root = join(import.meta.dirname, '..');
const engine = join(root, 'out/server/src');
const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROCESS_RUNS = Number(process.env.BENCH_PROCESS_RUNS ?? 3);
const EDIT_COUNT = Number(process.env.BENCH_EDITS ?? 200);
const RSS_EDITS = Number(process.env.BENCH_RSS_EDITS ?? 1000);
/** Of the latency edits, how many edit the shared file: each re-analyses every folder (seconds at 5,000), and they vary little. */
const DEPENDENCY_EDITS = Number(process.env.BENCH_DEPENDENCY_EDITS ?? 15);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 6000);
/** In-process runs made whatever the budget says: a median of fewer is one noisy sample. */
const MIN_RUNS = Math.min(3, RUNS);
/** A full collection between timed runs (V8's gc, exposed at run time). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
const LANGUAGES = ['arm', 'terraform', 'bicep'];
const SIZES = [50, 500, 5000];
const WORKLOADS = join(root, 'bench/workloads');
/** The server's default debounce delay (read after the build): the latency sessions set it to 0, so nothing is subtracted. */
let DEBOUNCE_MS;
/** What the latency sessions answer for `amlNetworkGuard`: no debounce, so each edit is timed from didChange to its diagnostics. */
const LATENCY_SETTINGS = { analysisDelay: 0 };

function build() {
  // tsc -b still emits when another folder has type errors; what matters is that the engine exists.
  const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-b'], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0) console.warn('bench: tsc -b reported errors; timing the emitted JavaScript anyway');
  const bundle = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (bundle.status !== 0 || !existsSync(join(engine, 'analysis.js'))) {
    console.error(`bench: the build failed\n${bundle.stderr}`);
    process.exit(2);
  }
}

/** Runs `fn` once to warm up, then up to RUNS times within the budget; returns the samples in ms. */
async function time(fn, runs = RUNS) {
  await fn();
  const samples = [];
  const deadline = performance.now() + BUDGET_MS;
  while (samples.length < runs && (samples.length === 0 || performance.now() < deadline)) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

/** Wall time of a process to its exit, or to its first output with `firstOutput`. */
function processMs(args, firstOutput = false) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(performance.now() - t);
    };
    child.stdout.on('data', () => firstOutput && finish());
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', finish);
  });
}

const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main() {
  const started = performance.now();
  build();
  const { analyzeDeployment, initAnalysis } = require(join(engine, 'analysis.js'));
  const { WorkspaceHost, findDeployments } = require(join(engine, 'workspace.js'));
  const { defaultConfig } = require(join(engine, 'config.js'));
  // Each thread keeps what it parsed while the text is the same; a cold run starts without.
  const { setParseCaching } = require(join(engine, 'frontends/parse-cache.js'));
  DEBOUNCE_MS = require(join(engine, 'lsp/settings.js')).DEFAULT_ANALYSIS_DELAY_MS;
  await initAnalysis();
  const config = defaultConfig();
  const rows = [];
  const results = { analysis: [], cli: [], latency: [], memory: [], scaling: [], startup: {} };
  const workspaces = {};

  // 1 and 4: cold analysis in process against the bare parse, and time per resource.
  for (const language of LANGUAGES) {
    const parse = await bareParser(language);
    for (const size of SIZES) {
      const ws = writeWorkspace(join(WORKLOADS, `${language}-${size}`), language, size);
      workspaces[`${language}-${size}`] = ws;
      const host = new WorkspaceHost(ws.dir);
      let resources = 0;
      let findings = 0;
      const analyse = () => {
        setParseCaching(true);
        resources = 0;
        findings = 0;
        for (const d of findDeployments(host)) {
          const r = analyzeDeployment(d.files, host, config);
          resources += r.graph.resources.length;
          findings += r.findings.length;
        }
      };
      const bare = () => ws.files.forEach((f) => parse(readFileSync(f, 'utf8')));
      // Modules and linked templates are evaluated once per use: the parse of every use, for scale.
      const texts = ws.instances.map((f) => readFileSync(f, 'utf8'));
      const perUse = () => texts.forEach((t) => parse(t));
      // Interleaved, so that a noisy neighbour slows both alike.
      const analysis = [];
      const parsing = [];
      const parsingUses = [];
      analyse();
      bare();
      perUse();
      const deadline = performance.now() + BUDGET_MS;
      const timed = (fn, samples) => {
        // The garbage one leaves is not charged to the next.
        collectGarbage();
        const t = performance.now();
        fn();
        samples.push(performance.now() - t);
      };
      while (analysis.length < RUNS && (analysis.length < MIN_RUNS || performance.now() < deadline)) {
        timed(analyse, analysis);
        timed(bare, parsing);
        timed(perUse, parsingUses);
      }
      const bytes = ws.files.reduce((n, f) => n + readFileSync(f).length, 0);
      const note = `${ws.files.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${resources} resources, ${findings} findings`;
      const a = summarize(`${language} ${size}: cold analysis (discover + analyse)`, analysis, note);
      const p = summarize(`${language} ${size}: bare parse of the same files`, parsing, note);
      const ratio = a.median / p.median;
      const u = summarize(
        `${language} ${size}: bare parse of every use`,
        parsingUses,
        `${ws.instances.length} parses: the shared file once per ${language === 'arm' ? 'folder' : 'module instance'}`,
      );
      rows.push(a, p, u);
      results.analysis.push({
        language,
        size,
        resources,
        findings,
        files: ws.files.length,
        bytes,
        analysis: a,
        parse: p,
        ratio: round(ratio),
        parseOfUses: u,
        ratioToUses: round(a.median / u.median),
      });
      results.scaling.push({ language, size, resources, msPerResource: round(a.median / resources, 4) });
    }
  }
  const huge = writeHugeArm(join(WORKLOADS, 'arm-50000'));
  {
    const host = new WorkspaceHost(huge.dir);
    const parse = await bareParser('arm');
    let resources;
    let problems;
    // One run: it takes a minute or more, which is the point of the measurement.
    const t = performance.now();
    const [d] = findDeployments(host);
    const r = analyzeDeployment(d.files, host, config);
    const analysis = [performance.now() - t];
    resources = r.graph.resources.length;
    problems = r.problems.map((x) => x.code);
    const parsing = await time(() => parse(readFileSync(huge.files[0], 'utf8')), 3);
    const note = `${resources} resources${problems.length ? `; problems: ${[...new Set(problems)].join(', ')}` : ''}`;
    const a = summarize('arm 50,000: cold analysis of one template', analysis, note);
    const p = summarize('arm 50,000: bare parse', parsing, note);
    rows.push(a, p);
    results.analysis.push({
      language: 'arm',
      size: 50000,
      resources,
      analysis: a,
      parse: p,
      ratio: round(a.median / p.median),
      problems,
    });
    results.scaling.push({ language: 'arm', size: 50000, resources, msPerResource: round(a.median / resources, 4) });
  }

  // 1: the whole CLI process against a process that only parses.
  const cli = join(root, 'bin/aml-network-guard.js');
  for (const language of LANGUAGES)
    for (const size of [500, 5000]) {
      const ws = workspaces[`${language}-${size}`];
      const scan = [];
      const bare = [];
      for (let i = 0; i < PROCESS_RUNS; i++) {
        scan.push(await processMs([cli, 'scan', ws.dir, '--format', 'json']));
        bare.push(await processMs([join(root, 'bench/bare-parse.mjs'), language, ...ws.files]));
      }
      const s = summarize(
        `${language} ${size}: CLI scan process`,
        scan,
        'node bin/aml-network-guard.js scan --format json',
      );
      const b = summarize(`${language} ${size}: bare-parse process`, bare, 'node bench/bare-parse.mjs');
      rows.push(s, b);
      results.cli.push({ language, size, scan: s, bare: b, ratio: round(s.median / b.median) });
    }

  // 5: start-up, process start to first diagnostics (server) and to first output (CLI), on examples/.
  {
    const examples = join(root, 'examples');
    const server = [];
    for (let i = 0; i < PROCESS_RUNS + 2; i++) {
      const session = new Session();
      await session.initialize(examples);
      await session.until(
        () => [...session.publications.values()].some((l) => l.some((p) => p.diagnostics.length > 0)),
        60000,
      );
      const first = Math.min(
        ...[...session.publications.values()].flatMap((l) =>
          l.filter((p) => p.diagnostics.length > 0).map((p) => p.at),
        ),
      );
      server.push(first - session.started);
      await session.stop();
    }
    const cliFirst = [];
    for (let i = 0; i < PROCESS_RUNS + 2; i++) cliFirst.push(await processMs([cli, 'scan', examples], true));
    const s = summarize('start-up: server spawn to first diagnostics, examples/', server, '');
    const c = summarize('start-up: CLI spawn to first output, examples/', cliFirst, '');
    rows.push(s, c);
    results.startup = { server: s, cli: c };
  }

  // 2 and 3: edit-to-diagnostics latency through the language server, and its memory.
  for (const language of LANGUAGES)
    for (const size of [500, 5000]) {
      const ws = workspaces[`${language}-${size}`];
      const session = new Session(LATENCY_SETTINGS);
      await session.initialize(ws.dir);
      await session.until(
        () => ws.entries.every((f) => session.publishedAfter(uriOf(f), 0) !== undefined),
        300000,
        'first diagnostics',
      );
      await new Promise((r) => setTimeout(r, 500));
      const openRss = session.rssMb();
      const [target] = ws.entries;
      for (const f of [target, ws.shared]) {
        const since = performance.now();
        await session.open(f);
        await session.analysis(target, since);
      }
      const samples = { finding: [], neutral: [], dependency: [] };
      const kinds = ['finding', 'neutral', 'dependency'];
      const edit = async (kind, recorded = true) => {
        const file = kind === 'dependency' ? ws.shared : target;
        const spec = kind === 'finding' ? EDITS.finding : EDITS.neutral;
        const text = session.text(file);
        const at = text.indexOf(spec.needle.slice(0, spec.offset)) + spec.offset;
        const char = text[at] === spec.chars[0] ? spec.chars[1] : spec.chars[0];
        const sent = await session.type(file, at, char);
        // The target is open, so every analysis of it publishes it; the next edit waits for the end of this one's.
        const { publication, ended } = await session.analysis(target, sent);
        const found = publication.diagnostics.some((d) => d.code === 'aks-dns-service-ip');
        if (kind === 'finding' && found !== (char === spec.chars[1]))
          throw new Error(`bench: the finding edit of ${target} did not ${found ? 'remove' : 'add'} the finding`);
        // A shared file's edit re-analyses every folder; only the files whose diagnostics changed are published.
        if (recorded) samples[kind].push((kind === 'dependency' ? ended : publication.at) - sent);
      };
      // Every third edit is of the shared file until DEPENDENCY_EDITS are done; the others alternate.
      let dependencies = 0;
      for (let i = 0; i < EDIT_COUNT; i++) {
        const shared = i % 3 === 2 && dependencies < DEPENDENCY_EDITS;
        if (shared) dependencies++;
        await edit(shared ? 'dependency' : kinds[(i - dependencies) % 2]);
      }
      const memory = {
        language,
        size,
        afterOpenMb: round(openRss, 1),
        afterEditsMb: round(session.rssMb(), 1),
        edits: EDIT_COUNT,
      };
      if (language === 'arm' && size === 5000) {
        // Also read after the latency edits: growth between the two readings is kept data, before it heap sizing.
        await new Promise((r) => setTimeout(r, 500));
        memory.afterLatencyEditsMb = round(session.rssMb(), 1);
        for (let i = EDIT_COUNT; i < RSS_EDITS; i++) await edit('neutral', false);
        await new Promise((r) => setTimeout(r, 500));
        memory.afterEditsMb = round(session.rssMb(), 1);
        memory.edits = Math.max(EDIT_COUNT, RSS_EDITS);
      }
      results.memory.push(memory);
      await session.stop();
      for (const kind of kinds) {
        const s = samples[kind];
        const row = summarize(
          `${language} ${size}: edit → diagnostics, ${kind} edit`,
          s,
          `max ${Math.max(...s).toFixed(0)} ms, with amlNetworkGuard.analysisDelay 0`,
        );
        rows.push(row);
        results.latency.push({
          language,
          size,
          kind,
          p50: row.median,
          p95: row.p95,
          max: round(Math.max(...s), 1),
          samples: row.samples,
        });
      }
      if (memory.afterLatencyEditsMb !== undefined)
        rows.push({
          name: `${language} ${size}: server RSS MB after ${EDIT_COUNT} edits / after ${memory.edits} edits`,
          runs: 1,
          median: memory.afterLatencyEditsMb,
          p95: memory.afterEditsMb,
          note: 'growth between the two would be data kept per edit',
          samples: [],
        });
      rows.push({
        name: `${language} ${size}: server RSS MB after opening / after ${memory.edits} edits`,
        runs: 1,
        median: memory.afterOpenMb,
        p95: memory.afterEditsMb,
        note: 'VmRSS of the server process, its worker threads included',
        samples: [],
      });
    }

  console.log(table(rows));
  console.log(`\n${targets(results).join('\n')}`);
  const total = (performance.now() - started) / 1000;
  console.log(`\nbench finished in ${total.toFixed(1)} s (node ${process.version}, ${cpus().length} cpus)`);
  writeFileSync(
    join(root, 'bench/results.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cpus: cpus().length,
        seconds: round(total, 1),
        ...results,
        rows,
      },
      null,
      1,
    ) + '\n',
  );
}

/** The issue's targets, each as met or missed by how much, from this run's numbers. */
function targets(results) {
  const out = ['targets (issue 14):'];
  const check = (ok, text) => out.push(`  ${ok ? 'met   ' : 'MISSED'} ${text}`);
  for (const r of results.analysis.filter((x) => x.size === 500 || x.size === 5000)) {
    check(r.ratio <= 2, `${r.language} ${r.size}: cold analysis ${r.ratio}× the bare parse (≤ 2.0×)`);
    out.push(`  (info) ${r.language} ${r.size}: cold analysis ${r.ratioToUses}× the bare parse of every use`);
  }
  for (const r of results.cli)
    check(r.ratio <= 2, `${r.language} ${r.size}: CLI process ${r.ratio}× a bare-parse process (≤ 2×)`);
  for (const r of results.latency) {
    const limit = r.size === 500 ? 30 : 100;
    check(r.p95 <= limit, `${r.language} ${r.size}: ${r.kind} edit p95 ${r.p95} ms (≤ ${limit} ms)`);
  }
  check(DEBOUNCE_MS <= 150, `debounce default ${DEBOUNCE_MS} ms (≤ 150 ms; amlNetworkGuard.analysisDelay)`);
  for (const m of results.memory) {
    if (m.size !== 5000) continue;
    check(m.afterOpenMb <= 150, `${m.language} 5000: server RSS ${m.afterOpenMb} MB after opening (≤ 150 MB)`);
    check(
      m.afterEditsMb <= m.afterOpenMb * 1.1,
      `${m.language} 5000: RSS ${m.afterEditsMb} MB after ${m.edits} edits (flat: ≤ 1.1× ${m.afterOpenMb})`,
    );
    if (m.afterLatencyEditsMb !== undefined)
      check(
        m.afterEditsMb <= m.afterLatencyEditsMb * 1.1,
        `${m.language} 5000: RSS ${m.afterEditsMb} MB after ${m.edits} edits, ${m.afterLatencyEditsMb} MB after ${EDIT_COUNT} (nothing kept per edit: ≤ 1.1×)`,
      );
  }
  for (const language of LANGUAGES) {
    const at = (size) => results.scaling.find((s) => s.language === language && s.size === size)?.msPerResource;
    const ratio = at(5000) / at(500);
    check(ratio <= 1.3, `${language}: time per resource at 5,000 is ${round(ratio)}× that at 500 (≤ 1.3×)`);
  }
  const arm5000 = results.scaling.find((s) => s.language === 'arm' && s.size === 5000);
  const arm50000 = results.scaling.find((s) => s.size === 50000);
  out.push(
    `  (info) arm: time per resource at 50,000 is ${round(arm50000.msPerResource / arm5000.msPerResource)}× that at 5,000`,
  );
  check(results.startup.cli.median <= 150, `CLI start to first output ${results.startup.cli.median} ms (≤ 150 ms)`);
  out.push(`  (info) server start to first diagnostics ${results.startup.server.median} ms`);
  return out;
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
