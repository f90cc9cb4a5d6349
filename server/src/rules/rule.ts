import type { FixIntent } from '../fixes/intent';
import type { ResourceGraph } from '../graph/graph';
import type { Severity } from '../graph/problem';
import type { Resource } from '../graph/resource';
import type { SourceSpan } from '../graph/span';

export interface RuleMeta {
  /** Fixed kebab-case id: SARIF ruleId, LSP code, suppression name, docs page name. */
  id: string;
  defaultSeverity: Severity;
  /** One line, shown in SARIF `shortDescription` and the docs. */
  title: string;
  /** The document sentence the rule enforces, quoted (EN or ES seed). */
  source: { document: 'EN' | 'ES' | 'review'; quote: string };
}

export interface RelatedLocation {
  span: SourceSpan;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The resource the finding is about (its file is where the diagnostic goes). */
  resource: Resource;
  /** The exact property (or the declaration's name when the property is absent). */
  span: SourceSpan;
  related: RelatedLocation[];
  fix?: FixIntent;
}

/** What a rule may use: the graph, and a way to record why it could not decide. */
export interface RuleContext {
  graph: ResourceGraph;
  /** Called where an unknown input kept the rule silent; listed by `--explain-unknowns`. */
  notEvaluated(span: SourceSpan, message: string): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Pure: reads only the graph. `severity` is the configured one (default or user override). */
  check(ctx: RuleContext, severity: Severity): Finding[];
}

export const DOCS_BASE = 'docs/rules';

export function docsPath(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}
