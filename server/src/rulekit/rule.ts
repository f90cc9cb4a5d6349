import type { FixIntent } from '../fixes/intent';
import type { ResourceGraph } from '../graph/graph';
import type { Severity } from '../graph/problem';
import type { GraphQueries } from '../graph/queries';
import type { Language, Resource } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import type { Literal } from '../graph/spelling';
import type { Value } from '../graph/value';
import type { MessageData, Messages } from './messages';

/**
 * What a rule is made of: `meta` (what it checks, for docs, SARIF, settings and the tests) and
 * `check(ctx)`, which reads the graph through `ctx.query` and reports through `ctx.report`. The
 * toolkit fills in the rule id, the severity and the message text. How to write one: README.md here.
 */

/** Groups for the docs index and SARIF tags. */
export type RuleCategory =
  | 'private-link' // private endpoints of the workspace and its dependencies, their VNets and zone groups
  | 'dns' // private DNS zones: names, VNet links
  | 'network' // VNets, peerings, subnets, load balancers
  | 'addressing' // service CIDR, DNS service IP, Docker bridge: CIDR overlaps
  | 'nsg' // network security group rules on the AKS subnet
  | 'identity' // managed identities and role assignments
  | 'trusted-services' // storage / registry firewalls and the trusted-services bypass
  | 'cluster' // AKS cluster settings: region, private cluster, isolation
  | 'workspace'; // workspace settings: public access, managed network, ACI

export interface RuleMeta<M extends Messages = Messages> {
  /** Fixed kebab-case id: SARIF ruleId, LSP code, suppression name, settings key. */
  id: string;
  /** Used when the user configured nothing for the rule (and the message has no default of its own). */
  defaultSeverity: Severity;
  /** One line, shown in SARIF `shortDescription`, `--help` and the docs index. */
  title: string;
  category: RuleCategory;
  /** Languages whose resources the rule reports on; reports on resources of other languages are dropped. */
  languages: readonly Language[];
  /** The docs page: `docs/rules/<docs>.md` (rules.md: the page is named after the id). */
  docs: string;
  /** Whether findings offer quick fixes; a rule that is not fixable may not attach any. */
  fixable: boolean;
  /** Message templates by message id; `{{name}}` is filled from the report's `data`. */
  messages: M;
  /** The sentence of the source documents the rule enforces (EN or ES seed), or `review` for a reviewer check. */
  source: { document: 'EN' | 'ES' | 'review'; quote: string };
  /**
   * How often a finding is a true defect (SARIF `precision`, by which code scanning orders alerts).
   * `high` when omitted: unknown input never reports, so a finding rests on values the template states.
   */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
}

export interface RelatedLocation {
  span: SourceSpan;
  message: string;
}

/** What `ctx.report` takes: the message id picks the template, `data` fills its placeholders (type-checked). */
export type ReportDescriptor<M extends Messages> = {
  [K in keyof M & string]: {
    /** The resource the finding is about (its file is where the diagnostic goes). */
    resource: Resource;
    /** The exact property that is wrong; the resource's name when omitted. */
    span?: SourceSpan;
    messageId: K;
    /** The other ends of the relationship (relatedInformation in the editor, relatedLocations in SARIF). */
    related?: RelatedLocation[];
    /** Quick fixes, one of them `preferred` (the first one when none says so). */
    fixes?: FixIntent[];
  } & MessageData<M[K]>;
}[keyof M & string];

/** What a rule may use. Everything is about the graph: rules know nothing of files, text or LSP. */
export interface RuleContext<M extends Messages = Messages> {
  readonly graph: ResourceGraph;
  /** Memoised questions about the graph (shared by every rule of one analysis). */
  readonly query: GraphQueries;
  /** Reports a finding; the toolkit adds the rule id and the severity in effect. */
  report(descriptor: ReportDescriptor<M>): void;
  /**
   * Records why the rule stayed silent where an input is unknown (`--explain-unknowns`). Pass the
   * values it could not decide on as `because`: the reasons of the unknown ones (`parameter
   * 'publicFqdn' has no value`) are added to the message, so the note says what to supply.
   */
  notEvaluated(span: SourceSpan, message: string, because?: readonly (Value | undefined)[]): void;
  /** The property at an ARM body path as the resource's language names it (`private_cluster_public_fqdn_enabled`). */
  propertyName(resource: Resource, armPath: string): string;
  /** A value of that property as the resource's language writes it (`false` for Terraform's `'Disabled'`). */
  propertyValue(resource: Resource, armPath: string, value: Literal): string;
}

export interface Rule<M extends Messages = Messages> {
  readonly meta: RuleMeta<M>;
  /** Pure: reads only the graph, reports through the context. */
  check(ctx: RuleContext<M>): void;
}

/**
 * Declares a rule. The message templates are inferred as literals, so `ctx.report` checks that
 * `messageId` exists and that `data` gives exactly the placeholders its template uses.
 */
export function defineRule<const M extends Messages>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** One reported defect, as every output (LSP, text, JSON, SARIF) reads it. */
export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** The resource the finding is about (its file is where the diagnostic goes). */
  resource: Resource;
  /** The exact property (or the declaration's name when the property is absent). */
  span: SourceSpan;
  related: RelatedLocation[];
  /** Quick fixes; when there are any, exactly one is `preferred` and it comes first. */
  fixes: FixIntent[];
}
