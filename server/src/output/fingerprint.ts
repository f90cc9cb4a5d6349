import { createHash } from 'node:crypto';
import type { Finding } from '../rulekit/rule';
import { relativePath, sorted } from './report';

/** The SARIF `partialFingerprints` key of our own identity (versioned, as SARIF §3.27.17 asks). */
export const FINGERPRINT_KEY = 'amlNetworkGuard/v1';

/**
 * The identity of each finding across runs: what is wrong (rule and message), on which resource,
 * in which file; never a line or column, so a finding keeps its identity when lines above it are
 * added or removed. Findings that share all of that are told apart by their order in the file
 * (`:2`, `:3`, …), as code scanning numbers equal line hashes.
 */
export function fingerprints(findings: readonly Finding[], root: string): Map<Finding, string> {
  const seen = new Map<string, number>();
  const result = new Map<Finding, string>();
  for (const f of sorted(findings, (x) => x.ruleId)) {
    const identity = [
      f.ruleId,
      f.messageId,
      relativePath(root, f.span.file),
      f.resource.type.toLowerCase(),
      f.resource.name,
      f.message,
    ].join('\u0000');
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    result.set(f, `${hash}:${occurrence}`);
  }
  return result;
}
