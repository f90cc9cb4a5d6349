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

function summary(report: LanguageReport, slowMs: number): { lines: string[]; failed: number } {
  const byVerdict = new Map<string, number>();
  for (const r of report.results) byVerdict.set(r.verdict, (byVerdict.get(r.verdict) ?? 0) + 1);
  const times = report.results.map((r) => r.cpuMs).sort((a, b) => a - b);
  const slowest = (ms: (r: CaseResult) => number): string => {
    const worst = report.results.reduce<CaseResult | undefined>((m, r) => (m && ms(m) >= ms(r) ? m : r), undefined);
    return worst ? `${ms(worst)} ms, case ${worst.index}` : 'none';
  };
  const slow = report.results.filter((r) => r.verdict === 'ok' && r.cpuMs > slowMs);
  const failures = report.results.filter((r) => r.verdict !== 'ok');
  const verdicts = [...byVerdict].map(([v, n]) => `${v} ${n}`).join(', ');
  const loading = report.results.filter((r) => r.resources > 0).length;
  const lines = [
    `${report.language}: ${report.results.length} cases from ${report.seeds} seed files: ${verdicts}; ` +
      `${loading} still load resources; ${slow.length} over ${slowMs} ms of CPU; median ${percentile(times, 50)} ms, ` +
      `p99 ${percentile(times, 99)} ms, max ${slowest((r) => r.cpuMs)} (slowest wall clock ${slowest((r) => r.ms)})`,
  ];
  for (const r of [...failures, ...slow].slice(0, 50))
    lines.push(
      `  case ${report.language} ${r.index}: ${r.verdict === 'ok' ? `took ${r.cpuMs} ms of CPU (${r.ms} ms wall clock)` : r.verdict} ` +
        `[${r.applied.join(', ')}] ${(r.detail ?? '').split('\n').slice(0, 3).join(' | ')}`,
    );
  return { lines, failed: failures.length + slow.length };
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
  console.log(`fuzz: seed ${options.seed}, ${Math.round((Date.now() - started) / 1000)} s`);
  for (const r of reports) {
    const s = summary(r, slowMs);
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
