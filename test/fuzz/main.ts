import type { CampaignOptions, LanguageReport } from './campaign';
import { runCampaign } from './campaign';
import type { CaseResult, FuzzCase } from './check-case';
import { replayInServer } from './lsp-replay';
import { seeds } from './seeds';
import type { Language } from './mutate';

/**
 * `npm run fuzz [-- --cases N --seed S --language L --only I --slow-ms MS --server-cases N]`: mutates
 * every example, rule case and corpus template (10,000 cases per language by default, the same ones
 * for the same seed) and analyses each as the CLI does, then opens a sample of them in the language
 * server. Prints the verdicts per language and every failure with what reproduces it; exits 1 when
 * a case crashed, hung, read outside its folder, ended in an internal error or an unclear problem,
 * took more CPU time than allowed (`--slow-ms`, 1 s: the wall clock of a shared machine says more
 * about the machine than the analysis, and is reported beside it), or the server failed on one.
 */

const LANGUAGES: Language[] = ['arm', 'terraform', 'bicep'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function numberOption(name: string, fallback: number): number {
  const v = option(name);
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, not '${v}'`);
  return n;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** One language's row of the verdict table, and a line per failure (at most 50) with what replays it. */
function summary(report: LanguageReport, slowMs: number): { row: string[]; lines: string[]; failed: number } {
  const byVerdict = new Map<string, number>();
  for (const r of report.results) byVerdict.set(r.verdict, (byVerdict.get(r.verdict) ?? 0) + 1);
  const times = report.results.map((r) => r.cpuMs).sort((a, b) => a - b);
  const worst = (of: (r: CaseResult) => number, unit: string): string => {
    const w = report.results.reduce<CaseResult | undefined>((m, r) => (m && of(m) >= of(r) ? m : r), undefined);
    return w ? `${of(w)} ${unit} (${w.index})` : '-';
  };
  const slow = report.results.filter((r) => r.verdict === 'ok' && r.cpuMs > slowMs);
  const failures = report.results.filter((r) => r.verdict !== 'ok');
  const verdicts = [...byVerdict].map(([v, n]) => `${v} ${n}`).join(', ');
  const row = [
    report.language,
    String(report.results.length),
    String(report.seeds),
    verdicts,
    String(report.results.filter((r) => r.resources > 0).length),
    String(slow.length),
    `${percentile(times, 50)} / ${percentile(times, 99)}`,
    worst((r) => r.cpuMs, 'ms'),
    worst((r) => r.ms, 'ms'),
    // The peak only grows: the case that raised it last holds the maximum.
    worst((r) => r.peakRssMb, 'MB'),
  ];
  const lines = [...failures, ...slow]
    .slice(0, 50)
    .map(
      (r) =>
        `  case ${report.language} ${r.index}: ${r.verdict === 'ok' ? `took ${r.cpuMs} ms of CPU (${r.ms} ms wall clock)` : r.verdict} ` +
        `[${r.applied.join(', ')}] ${(r.detail ?? '').split('\n').slice(0, 3).join(' | ')}`,
    );
  return { row, lines, failed: failures.length + slow.length };
}

const HEADER = [
  'language',
  'cases',
  'seeds',
  'verdicts',
  'load resources',
  'over limit',
  'CPU median / p99 ms',
  'max CPU (case)',
  'max wall clock (case)',
  'peak RSS (case)',
];

/** Rows as a plain-text table, columns padded to their widest cell. */
function table(rows: string[][]): string[] {
  const widths = HEADER.map((_, i) => rows.reduce((w, r) => Math.max(w, r[i].length), 0));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)];
}

/** Every so many cases of each language, to open in the language server too. */
function serverSample(options: CampaignOptions, perLanguage: number): FuzzCase[] {
  const all = seeds();
  const step = Math.max(1, Math.floor(options.cases / Math.max(1, perLanguage)));
  return options.languages.flatMap((language) =>
    Array.from({ length: Math.min(perLanguage, options.cases) }, (_, k) => {
      const index = k * step;
      const s = all[language][index % all[language].length];
      return { index, seed: options.seed, language, root: s.root, file: s.file };
    }),
  );
}

async function main(): Promise<void> {
  const language = option('language');
  if (language !== undefined && !LANGUAGES.includes(language as Language))
    throw new Error(`--language is one of ${LANGUAGES.join(', ')}`);
  const only = option('only');
  const options: CampaignOptions = {
    seed: numberOption('seed', 20261202),
    cases: numberOption('cases', 10000),
    languages: language ? [language as Language] : LANGUAGES,
    hangMs: numberOption('hang-ms', 20000),
    memoryMb: numberOption('memory-mb', 300),
    only: only === undefined ? undefined : numberOption('only', 0),
  };
  const slowMs = numberOption('slow-ms', 1000);
  const started = Date.now();
  let shown = 0;
  const reports = await runCampaign(options, (done, total) => {
    if (done - shown >= 500 || done === total) {
      shown = done;
      process.stderr.write(`fuzz: ${done}/${total} cases\n`);
    }
  });
  let failed = 0;
  console.log(
    `fuzz: seed ${options.seed}, ${Math.round((Date.now() - started) / 1000)} s; a case is over the limit when it ` +
      `takes more than ${slowMs} ms of CPU time (every thread of the process: a shared machine inflates the wall ` +
      `clock, shown beside it) or more than ${options.memoryMb} MB of heap (a memory verdict); peak RSS is the ` +
      `whole fuzz process's`,
  );
  const summaries = reports.map((r) => summary(r, slowMs));
  for (const line of table([HEADER, ...summaries.map((s) => s.row)])) console.log(line);
  for (const s of summaries) {
    failed += s.failed;
    for (const line of s.lines) console.log(line);
  }
  const replay = await replayInServer(serverSample(options, numberOption('server-cases', 100)), options.hangMs);
  console.log(
    `language server: ${replay.cases} mutated documents opened, slowest hover ${replay.slowestHoverMs} ms; ` +
      `${replay.failures.length} failures`,
  );
  for (const f of replay.failures.slice(0, 50)) console.log(`  ${f}`);
  failed += replay.failures.length;
  console.log(failed === 0 ? 'fuzz: no failures' : `fuzz: ${failed} failures (replay one with --language L --only I)`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
