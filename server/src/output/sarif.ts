import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceSpan } from '../graph/span';
import type { PackageInfo } from '../cli/package-info';
import type { Finding } from '../rulekit/rule';
import type { Suppression } from '../suppressions/apply';
import type { AbsentResult } from './baseline';
import { FINGERPRINT_KEY, fingerprints } from './fingerprint';
import type { ScanReport } from './report';
import { oneBased, relativePath, sorted } from './report';
import { sarifFixes } from './sarif-fixes';
import { SARIF_LEVEL, ruleDescriptor } from './sarif-rules';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: ReturnType<typeof oneBased>;
}

export interface SarifOptions {
  /** `--category`: the run's `automationDetails.id`, so several uploads for one commit keep apart. */
  category?: string;
  /** The current text of a file, for writing the fixes (none without it). */
  read?: (file: string) => string | undefined;
}

/**
 * SARIF 2.1.0, shaped for GitHub code scanning and the Azure DevOps SARIF viewer: paths relative to
 * `%SRCROOT%` (the workspace root), one reporting descriptor per rule (its docs page inside), findings
 * as results with a fingerprint that survives line moves, their related locations and fixes.
 *
 * Problems (a template that could not be parsed or followed) and, with --explain-unknowns, the
 * checks that stayed silent on unknown input go to `invocations[0].toolExecutionNotifications`:
 * code scanning turns every result into an alert whatever its `kind`, and a "could not evaluate"
 * note is not an alert about the code. A file that could not be analysed makes the execution
 * unsuccessful: zero results from it mean nothing.
 */
export function formatSarif(report: ScanReport, tool: PackageInfo, options: SarifOptions = {}): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.meta.id, i]));
  const artifact = (file: string) => artifactLocation(report.root, file);
  const location = (span: SourceSpan): PhysicalLocation => ({
    artifactLocation: artifact(span.file),
    region: oneBased(span),
  });

  const suppressions = new Map(report.suppressed.map((s) => [s.finding, s.suppression]));
  const findings = [...report.findings, ...suppressions.keys()];
  const fingerprint = fingerprints(findings, report.root);
  const baseline = report.baseline;
  const results = sorted(findings, (f) => f.ruleId).map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) && { ruleIndex: ruleIndex.get(f.ruleId) }),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: location(f.span) }],
    ...sarifIdentity(fingerprint.get(f) ?? ''),
    ...(baseline && { baselineState: baseline.unchanged.has(f) ? 'unchanged' : 'new' }),
    ...(f.related.length > 0 && {
      relatedLocations: f.related.map((r, i) => ({
        id: i + 1,
        physicalLocation: location(r.span),
        message: { text: r.message },
      })),
    }),
    ...fixesOf(f, options.read, artifact),
    ...sarifSuppressions(suppressions.get(f), location),
    properties: { resourceType: f.resource.type, resourceName: f.resource.name },
  }));
  const absent = (baseline?.absent ?? []).map((r) => absentResult(r, ruleIndex));

  const problemNotes = sorted(report.problems, (p) => p.code).map((p) => ({
    level: SARIF_LEVEL[p.severity],
    message: { text: `${relativePath(report.root, p.span.file)}: ${p.message}` },
    descriptor: { id: p.code },
    locations: [{ physicalLocation: location(p.span) }],
  }));
  const unknownNotes = sorted(report.unknowns ?? [], (u) => u.ruleId).map((u) => ({
    level: 'note' as const,
    message: { text: `${u.ruleId} not evaluated: ${u.message}` },
    descriptor: { id: 'not-evaluated' },
    associatedRule: { id: u.ruleId, ...(ruleIndex.has(u.ruleId) && { index: ruleIndex.get(u.ruleId) }) },
    locations: [{ physicalLocation: location(u.span) }],
  }));

  // `--severity` as SARIF says it: the run's configuration differs from the rule's default.
  const overrides = report.rules
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.setting !== r.meta.defaultSeverity)
    .map(({ r, index }) => ({
      descriptor: { id: r.meta.id, index },
      configuration: r.setting === 'off' ? { enabled: false } : { level: SARIF_LEVEL[r.setting] },
    }));

  const doc = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            ...(tool.informationUri !== undefined && { informationUri: tool.informationUri }),
            rules: report.rules.map((r) => ruleDescriptor(r.meta, r.setting, tool)),
          },
        },
        ...(options.category !== undefined && { automationDetails: { id: automationId(options.category) } }),
        invocations: [
          {
            executionSuccessful: report.complete && !report.problems.some((p) => p.severity === 'error'),
            ...(overrides.length > 0 && { ruleConfigurationOverrides: overrides }),
            toolExecutionNotifications: [...problemNotes, ...unknownNotes],
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.root) } },
        artifacts: report.files.map((f) => ({ location: artifact(f), roles: ['analysisTarget'] })),
        columnKind: 'utf16CodeUnits',
        results: [...results, ...absent],
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * Our fingerprint under our own versioned key, and as `primaryLocationLineHash`, the only key code
 * scanning reads: given one, it does not hash the line itself, so moving lines opens no new alert.
 */
function sarifIdentity(fingerprint: string) {
  return { partialFingerprints: { [FINGERPRINT_KEY]: fingerprint, primaryLocationLineHash: fingerprint } };
}

/**
 * Code scanning reads `automationDetails.id` as `category/run-id` and an id without a slash as a
 * run id with no category: a trailing slash makes the whole value the category.
 */
function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

function fixesOf(
  f: Finding,
  read: SarifOptions['read'],
  artifact: (file: string) => { uri: string; uriBaseId?: string },
) {
  if (!read || f.fixes.length === 0) return {};
  const fixes = sarifFixes(f.fixes, read, artifact);
  return fixes.length > 0 ? { fixes } : {};
}

/** A result of the baseline that is gone, written back as SARIF says: with `baselineState: absent`. */
function absentResult(r: AbsentResult, ruleIndex: ReadonlyMap<string, number>) {
  return {
    ruleId: r.ruleId,
    ...(ruleIndex.has(r.ruleId) && { ruleIndex: ruleIndex.get(r.ruleId) }),
    level: r.level,
    message: { text: r.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: r.uri, ...(r.uriBaseId !== undefined && { uriBaseId: r.uriBaseId }) },
          ...(r.region && { region: r.region }),
        },
      },
    ],
    ...sarifIdentity(r.fingerprint),
    baselineState: 'absent',
  };
}

/**
 * A finding silenced by a comment stays a result, marked `inSource` with the reason as the
 * justification: code scanning then shows it as dismissed instead of losing it, and a reviewer
 * sees who silenced what and why.
 */
function sarifSuppressions(s: Suppression | undefined, location: (span: SourceSpan) => PhysicalLocation) {
  if (!s) return {};
  return {
    suppressions: [
      {
        kind: 'inSource',
        status: 'accepted',
        ...(s.justification !== undefined && { justification: s.justification }),
        location: { physicalLocation: location(s.span) },
      },
    ],
  };
}

function artifactLocation(root: string, file: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
