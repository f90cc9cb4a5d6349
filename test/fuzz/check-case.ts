import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { analyzeDeployment } from '../../server/src/analysis';
import { defaultConfig } from '../../server/src/config';
import { writeFix } from '../../server/src/fixes';
import type { Problem } from '../../server/src/graph/problem';
import { WorkspaceHost, findDeployments } from '../../server/src/workspace';
import { peakRssMb } from './memory';
import { mutate } from './mutate';
import type { Language } from './mutate';
import { Random, caseSeed } from './random';
import { REPO } from './seeds';

/** One fuzz case: which seed file, mutated how (replayable from the campaign seed and its index). */
export interface FuzzCase {
  index: number;
  seed: number;
  language: Language;
  root: string;
  file: string;
}

export type Verdict =
  'ok' | 'exception' | 'internal-error' | 'escaping-read' | 'unclear-problem' | 'hang' | 'crash' | 'memory';

export interface CaseResult {
  index: number;
  verdict: Verdict;
  detail?: string;
  /** Wall-clock time of the case. */
  ms: number;
  /**
   * CPU time of the case (every thread of the process, the fuzz worker's being the one at work):
   * what the analysis itself cost, which a machine shared with other work does not inflate as it
   * does the wall clock. The time limit is judged on it.
   */
  cpuMs: number;
  applied: string[];
  bytes: number;
  /** Graph resources the mutated deployment still loads: how deep the case reached. */
  resources: number;
  /**
   * The process's peak resident memory (MB) when the case ended: it only grows, so the case that
   * raised it last is the one that needed the most (the worker's heap is also capped, see `memoryMb`).
   */
  peakRssMb: number;
}

/** The code the analysis may load lazily; every other read must stay inside the seed's folder. */
const CODE = [path.join(REPO, 'out'), path.join(REPO, 'dist'), path.join(REPO, 'node_modules')];
const inside = (dir: string, p: string): boolean => {
  const rel = path.relative(dir, path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The `fs` module itself (an `import *` namespace is a read-only view of it), which every reader calls. */
const FS = createRequire(__filename)('node:fs') as typeof fs;

/** Paths read through `fs` outside the allowed folders while `run` runs. */
export function readsOutside(allowed: string, run: () => void): string[] {
  const escaped: string[] = [];
  const watch = (p: unknown): void => {
    const file = typeof p === 'string' ? p : p instanceof URL ? p.pathname : Buffer.isBuffer(p) ? p.toString() : '';
    if (file && !inside(allowed, file) && !CODE.some((c) => inside(c, file))) escaped.push(file);
  };
  const originals = { readFileSync: FS.readFileSync, openSync: FS.openSync, readdirSync: FS.readdirSync };
  const spy = <F extends (...args: never[]) => unknown>(f: F): F =>
    ((...args: Parameters<F>) => {
      watch(args[0]);
      return f(...args);
    }) as F;
  Object.assign(FS, {
    readFileSync: spy(originals.readFileSync),
    openSync: spy(originals.openSync),
    readdirSync: spy(originals.readdirSync),
  });
  try {
    run();
  } finally {
    Object.assign(FS, originals);
  }
  return escaped;
}

/** A problem a user can act on: a code, a one-paragraph message (no stack), a place in the deployment's files. */
function unclear(p: Problem, root: string): string | undefined {
  if (typeof p.code !== 'string' || p.code === '') return 'a problem without a code';
  if (typeof p.message !== 'string' || p.message.trim() === '') return `${p.code}: an empty message`;
  if (/\n\s+at /.test(p.message)) return `${p.code}: a stack trace in the message`;
  if (p.message.length > 2000) return `${p.code}: a message of ${p.message.length} characters`;
  if (!p.span || !inside(root, p.span.file)) return `${p.code}: placed outside the deployment (${p.span?.file})`;
  return undefined;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/**
 * Analyses a case's seed folder as it is, unmeasured: a fresh worker's first analysis runs on cold
 * code (the JIT has not compiled it yet, and compiles it on other threads meanwhile), which would
 * charge the first case, and every case replayed alone, for start-up rather than for its input.
 */
export function warmUp(c: FuzzCase): void {
  const host = new WorkspaceHost(c.root);
  for (const d of findDeployments(host)) analyzeDeployment(d.files, host, defaultConfig());
}

/** The case's seed file as mutated (the same text for the same case, in any process). */
export function mutatedText(c: FuzzCase): { text: string; applied: string[] } {
  return mutate(fs.readFileSync(c.file, 'utf8'), c.language, new Random(caseSeed(c.seed, c.language, c.index)));
}

/**
 * Mutates the case's seed file and analyses its folder as the CLI would (every deployment, every
 * rule, every fix writer on every finding), watching what is read.
 */
export function runCase(c: FuzzCase): CaseResult {
  const { text, applied } = mutatedText(c);
  const host = new WorkspaceHost(c.root, new Map([[c.file, text]]));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const problems: Problem[] = [];
  const messages: string[] = [];
  let resources = 0;
  const result = (verdict: Verdict, detail?: string): CaseResult => ({
    index: c.index,
    verdict,
    detail,
    ms: Math.round(performance.now() - started),
    cpuMs: cpuSince(cpu),
    applied,
    bytes: text.length,
    resources,
    peakRssMb: peakRssMb(),
  });
  try {
    const escaped = readsOutside(c.root, () => {
      for (const d of findDeployments(host)) {
        const r = analyzeDeployment(d.files, host, defaultConfig());
        resources += r.graph.resources.length;
        for (const p of r.problems) problems.push(p);
        for (const f of r.findings) messages.push(f.message);
        for (const f of r.findings) for (const fix of f.fixes) writeFix(fix, (file) => host.read(file));
      }
    });
    if (escaped.length > 0) return result('escaping-read', [...new Set(escaped)].slice(0, 5).join(', '));
  } catch (err) {
    return result('exception', err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
  const internal = problems.find((p) => p.code === 'internal-error');
  if (internal) return result('internal-error', internal.message);
  for (const p of problems) {
    const why = unclear(p, c.root);
    if (why) return result('unclear-problem', why);
  }
  const long = messages.find((m) => m.length > 2000);
  if (long !== undefined) return result('unclear-problem', `a finding message of ${long.length} characters`);
  return result('ok');
}
