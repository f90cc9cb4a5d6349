import type { Finding } from '../rulekit/rule';
import { FINGERPRINT_KEY, fingerprints } from './fingerprint';
import type { OneBasedRange } from './report';

/** A result of the baseline that this run no longer finds (SARIF `baselineState: absent`). */
export interface AbsentResult {
  ruleId: string;
  level: string;
  message: string;
  /** As the baseline wrote it: relative to `%SRCROOT%` when `uriBaseId` says so. */
  uri: string;
  uriBaseId?: string;
  region?: OneBasedRange;
  fingerprint: string;
}

/** What `--baseline` found: which findings the baseline already had, and which of its results are gone. */
export interface BaselineComparison {
  unchanged: ReadonlySet<Finding>;
  absent: AbsentResult[];
}

/** Why a file cannot serve as a baseline: said in one line, exit code 2. */
export class BaselineError extends Error {}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const array = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const text = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/**
 * The results of an earlier `scan --format sarif` by this tool, by fingerprint. Results without our
 * fingerprint (another tool's run in the same log) are not ours to compare; results the earlier
 * run itself marked absent were not found by it.
 */
export function readBaseline(content: string, toolName: string): Map<string, AbsentResult> {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    throw new BaselineError(`it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(doc) || doc.version !== '2.1.0' || !Array.isArray(doc.runs))
    throw new BaselineError('it is not a SARIF 2.1.0 log');
  const runs = doc.runs.filter(
    (run) => isObject(run) && isObject(run.tool) && isObject(run.tool.driver) && run.tool.driver.name === toolName,
  );
  if (runs.length === 0) throw new BaselineError(`it has no run of ${toolName} (write one with --format sarif)`);
  const results = new Map<string, AbsentResult>();
  for (const run of runs as Json[])
    for (const r of array(run.results)) {
      const result = isObject(r) ? toResult(r) : undefined;
      if (result) results.set(result.fingerprint, result);
    }
  return results;
}

function toResult(r: Json): AbsentResult | undefined {
  const fingerprint = isObject(r.partialFingerprints) ? text(r.partialFingerprints[FINGERPRINT_KEY]) : undefined;
  const ruleId = text(r.ruleId);
  if (fingerprint === undefined || ruleId === undefined || r.baselineState === 'absent') return undefined;
  const physical = array(r.locations).map((l) => (isObject(l) ? l.physicalLocation : undefined))[0];
  const artifact = isObject(physical) && isObject(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isObject(physical) && isObject(physical.region) ? oneBasedRange(physical.region) : undefined;
  const uriBaseId = text(artifact.uriBaseId);
  return {
    ruleId,
    level: text(r.level) ?? 'warning',
    message: isObject(r.message) ? (text(r.message.text) ?? '') : '',
    uri: text(artifact.uri) ?? '',
    ...(uriBaseId !== undefined && { uriBaseId }),
    ...(region && { region }),
    fingerprint,
  };
}

function oneBasedRange(r: Json): OneBasedRange | undefined {
  const n = (x: unknown): number | undefined => (Number.isInteger(x) && (x as number) > 0 ? (x as number) : undefined);
  const startLine = n(r.startLine);
  if (startLine === undefined) return undefined;
  const startColumn = n(r.startColumn) ?? 1;
  return { startLine, startColumn, endLine: n(r.endLine) ?? startLine, endColumn: n(r.endColumn) ?? startColumn };
}

/** Findings matched to the baseline by fingerprint: the rest are new, the baseline's leftovers absent. */
export function compareWithBaseline(
  findings: readonly Finding[],
  root: string,
  baseline: ReadonlyMap<string, AbsentResult>,
): BaselineComparison {
  const unchanged = new Set<Finding>();
  const matched = new Set<string>();
  for (const [finding, fingerprint] of fingerprints(findings, root))
    if (baseline.has(fingerprint)) {
      unchanged.add(finding);
      matched.add(fingerprint);
    }
  return { unchanged, absent: [...baseline.values()].filter((r) => !matched.has(r.fingerprint)) };
}

/** The path of an absent result as a reader wants it: the baseline's URI, percent-decoded where it can be. */
export function absentPath(r: AbsentResult): string {
  try {
    return decodeURIComponent(r.uri);
  } catch {
    return r.uri;
  }
}
