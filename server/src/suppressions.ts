import type { Finding } from './rulekit/rule';

/**
 * Inline suppressions: a comment on the line before a finding silences it.
 *   // aml-network-guard-disable-next-line private-cluster-public-fqdn   (ARM JSONC, Bicep, Terraform)
 *   #  aml-network-guard-disable-next-line rule-a, rule-b                (Terraform)
 * Without rule ids it silences every rule on that line. This is the one place that looks at text
 * after the rules ran, because a suppression is a statement about the text, not about the graph.
 */
const DIRECTIVE = /(?:\/\/|#|\/\*)\s*aml-network-guard-disable-next-line\b([^\n*]*)/;

export function applySuppressions(findings: Finding[], read: (file: string) => string | undefined): Finding[] {
  const lines = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!lines.has(file)) lines.set(file, read(file)?.split(/\r\n|\r|\n/));
    return lines.get(file);
  };
  return findings.filter((f) => {
    const line = f.span.start.line;
    if (line === 0) return true;
    const previous = linesOf(f.span.file)?.[line - 1];
    const m = previous === undefined ? null : DIRECTIVE.exec(previous);
    if (!m) return true;
    const ids = m[1]
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => /^[a-z0-9-]+$/.test(s));
    return ids.length > 0 && !ids.includes(f.ruleId);
  });
}
