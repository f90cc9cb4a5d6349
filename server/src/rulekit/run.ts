import type { SeveritySetting } from '../config';
import type { FixIntent } from '../fixes/intent';
import type { ResourceGraph } from '../graph/graph';
import type { UnknownNote } from '../graph/problem';
import { graphQueries } from '../graph/queries';
import type { Language, Resource } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import type { Spelling } from '../graph/spelling';
import type { Value } from '../graph/value';
import { isUnknown } from '../graph/value';
import { ARM_SPELLING } from '../graph/spelling';
import { formatMessage, messageSeverity, messageText } from './messages';
import type { Messages } from './messages';
import type { Finding, ReportDescriptor, Rule, RuleContext } from './rule';

export interface RuleSettings {
  /** Severities the user configured, by rule id; a rule not listed keeps its (and its messages') defaults. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** How each language spells ARM properties (from the front ends); ARM names otherwise. */
  spelling?: (language: Language) => Spelling | undefined;
}

export interface RuleFailure {
  ruleId: string;
  error: unknown;
}

export interface RuleRun {
  findings: Finding[];
  unknowns: UnknownNote[];
  /** Rules that threw: the others still ran. */
  failures: RuleFailure[];
}

/** Runs every rule that is not `off` on one graph. */
export function runRules(graph: ResourceGraph, rules: readonly Rule[], settings: RuleSettings = {}): RuleRun {
  const out: RuleRun = { findings: [], unknowns: [], failures: [] };
  for (const rule of rules) {
    if (settings.severities?.[rule.meta.id] === 'off') continue;
    const findings: Finding[] = [];
    const unknowns: UnknownNote[] = [];
    try {
      rule.check(createContext(rule, graph, settings, findings, unknowns));
    } catch (error) {
      out.failures.push({ ruleId: rule.meta.id, error });
      continue;
    }
    out.findings.push(...findings);
    out.unknowns.push(...unknowns);
  }
  return out;
}

/** One rule on one graph, throwing when the rule does: for tests. */
export function runRule(
  rule: Rule,
  graph: ResourceGraph,
  settings: RuleSettings = {},
): { findings: Finding[]; unknowns: UnknownNote[] } {
  const run = runRules(graph, [rule], settings);
  if (run.failures.length > 0) throw run.failures[0].error;
  return { findings: run.findings, unknowns: run.unknowns };
}

function createContext<M extends Messages>(
  rule: Rule<M>,
  graph: ResourceGraph,
  settings: RuleSettings,
  findings: Finding[],
  unknowns: UnknownNote[],
): RuleContext<M> {
  const { meta } = rule;
  const setting = settings.severities?.[meta.id];
  const configured = setting === 'off' ? undefined : setting;
  const seen = new Set<string>();
  const reported = new Set<string>();
  const notEvaluated = (span: SourceSpan, summary: string, because: readonly (Value | undefined)[] = []): void => {
    const reasons = [...new Set(because.flatMap((v) => (v !== undefined && isUnknown(v) ? [v.reason] : [])))];
    const message = reasons.length > 0 ? `${summary}: ${reasons.join('; ')}` : summary;
    const key = `${spanKey(span)} ${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    unknowns.push({ ruleId: meta.id, span, message });
  };
  const spelling = (r: Resource): Spelling => settings.spelling?.(r.language) ?? ARM_SPELLING;
  return {
    graph,
    query: graphQueries(graph, (n) => notEvaluated(n.span, n.message)),
    notEvaluated,
    propertyName: (r, path) => spelling(r).property(r, path) ?? ARM_SPELLING.property(r, path) ?? path,
    propertyValue: (r, path, value) => spelling(r).value(r, path, value) ?? ARM_SPELLING.value(r, path, value) ?? '',
    report(d: ReportDescriptor<M>) {
      const spec = meta.messages[d.messageId];
      if (spec === undefined) throw new Error(`rule ${meta.id} has no message '${d.messageId}'`);
      if (!meta.languages.includes(d.resource.language)) return;
      const fixes = orderFixes(meta.id, meta.fixable, d.fixes ?? []);
      const finding: Finding = {
        ruleId: meta.id,
        messageId: d.messageId,
        severity: configured ?? messageSeverity(spec) ?? meta.defaultSeverity,
        message: formatMessage(messageText(spec), d.data),
        resource: d.resource,
        span: d.span ?? d.resource.nameSpan ?? d.resource.span,
        related: d.related ?? [],
        fixes,
      };
      // One defect, one finding: a rule that reaches the same finding twice reports it once.
      const key = `${spanKey(finding.span)} ${finding.message}`;
      if (reported.has(key)) return;
      reported.add(key);
      findings.push(finding);
    },
  };
}

/** The preferred fix first and flagged; the first one is preferred when none says so. */
function orderFixes(ruleId: string, fixable: boolean, fixes: readonly FixIntent[]): FixIntent[] {
  if (fixes.length === 0) return [];
  if (!fixable) throw new Error(`rule ${ruleId} is not fixable (meta.fixable) but offers a fix`);
  const preferred = fixes.filter((f) => f.preferred);
  if (preferred.length > 1) throw new Error(`rule ${ruleId} prefers ${preferred.length} fixes of one finding`);
  const first = preferred[0] ?? fixes[0];
  return [{ ...first, preferred: true }, ...fixes.filter((f) => f !== first).map((f) => ({ ...f, preferred: false }))];
}

function spanKey(s: SourceSpan): string {
  return `${s.file}:${s.start.line}:${s.start.character}-${s.end.line}:${s.end.character}`;
}
