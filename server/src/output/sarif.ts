import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../graph/problem';
import type { SourceSpan } from '../graph/span';
import type { PackageInfo } from '../cli/package-info';
import { docsPath } from '../rulekit/docs';
import type { RuleMeta } from '../rulekit/rule';
import type { Suppression } from '../suppressions/apply';
import type { ScanReport } from './report';
import { oneBased, sorted } from './report';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: ReturnType<typeof oneBased>;
}

/**
 * SARIF 2.1.0, shaped for GitHub code scanning: paths relative to `%SRCROOT%` (the workspace root),
 * one reporting descriptor per rule (with its docs page), findings as results.
 *
 * Problems (a template that could not be parsed or followed) and, with --explain-unknowns, the
 * checks that stayed silent on unknown input go to `invocations[0].toolExecutionNotifications`:
 * code scanning turns every result into an alert whatever its `kind`, and a "could not evaluate"
 * note is not an alert about the code.
 */
export function formatSarif(report: ScanReport, tool: PackageInfo): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.meta.id, i]));
  const location = (span: SourceSpan): PhysicalLocation => ({
    artifactLocation: artifactLocation(report.root, span.file),
    region: oneBased(span),
  });

  const suppressions = new Map(report.suppressed.map((s) => [s.finding, s.suppression]));
  const findings = [...report.findings, ...suppressions.keys()];
  const results = sorted(findings, (f) => f.ruleId).map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) && { ruleIndex: ruleIndex.get(f.ruleId) }),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: location(f.span) }],
    ...(f.related.length > 0 && {
      relatedLocations: f.related.map((r, i) => ({
        id: i + 1,
        physicalLocation: location(r.span),
        message: { text: r.message },
      })),
    }),
    ...sarifSuppressions(suppressions.get(f), location),
    properties: { resourceType: f.resource.type, resourceName: f.resource.name },
  }));

  const problemNotes = sorted(report.problems, (p) => p.code).map((p) => ({
    level: LEVEL[p.severity],
    message: { text: p.message },
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
      configuration: r.setting === 'off' ? { enabled: false } : { level: LEVEL[r.setting] },
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
            informationUri: tool.informationUri,
            rules: report.rules.map((r) => ruleDescriptor(r.meta, tool)),
          },
        },
        invocations: [
          {
            executionSuccessful: report.complete,
            ...(overrides.length > 0 && { ruleConfigurationOverrides: overrides }),
            toolExecutionNotifications: [...problemNotes, ...unknownNotes],
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.root) } },
        artifacts: report.files.map((f) => ({ location: artifactLocation(report.root, f), roles: ['analysisTarget'] })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
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

function ruleDescriptor(meta: RuleMeta, tool: PackageInfo) {
  const docsFile = path.join(tool.root, ...docsPath(meta.docs).split('/'));
  const source =
    meta.source.document === 'review'
      ? 'Not stated in the source documents; a reviewer check.'
      : `Source (${meta.source.document}): "${meta.source.quote}"`;
  const markdown = readDocs(docsFile);
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: `${meta.title} ${source}` },
    helpUri: pathToFileURL(docsFile).href,
    help: { text: `${meta.title}\n\n${source}`, ...(markdown !== undefined && { markdown }) },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { tags: ['security', 'azure', 'network', meta.category, meta.source.document.toLowerCase()] },
  };
}

/** The rule's docs page travels in the SARIF file, so a reader needs neither the package nor the network. */
function readDocs(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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
