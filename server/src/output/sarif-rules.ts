import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from '../config';
import type { Severity } from '../graph/problem';
import type { PackageInfo } from '../cli/package-info';
import { docsPath } from '../rulekit/docs';
import type { RuleMeta } from '../rulekit/rule';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Code scanning's security severity (a score 0.1–10, read as low < 4 ≤ medium < 7 ≤ high < 9 ≤
 * critical): an error is a network path that breaks or exposes the inferencing environment (high),
 * a warning a likely breakage (medium), an info a recommendation (low).
 */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

/** GitHub shows at most 1024 characters of a description. */
const DESCRIPTION_LIMIT = 1024;

/**
 * One reporting descriptor: the rule's docs page travels inside the SARIF (`help.markdown`), so a
 * reader needs neither the package nor the network; `helpUri` only where the page has a real address.
 */
export function ruleDescriptor(meta: RuleMeta, setting: SeveritySetting, tool: PackageInfo) {
  const source =
    meta.source.document === 'review'
      ? 'Not stated in the source documents; a reviewer check.'
      : `Source (${meta.source.document}): "${meta.source.quote}"`;
  const page = docsPath(meta.docs);
  const markdown = readDocs(path.join(tool.root, ...page.split('/')));
  const severity = setting === 'off' ? meta.defaultSeverity : setting;
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: limit(meta.title) },
    fullDescription: { text: limit(`${meta.title} ${source}`) },
    ...(tool.githubRepository !== undefined && {
      helpUri: `${tool.githubRepository}/blob/v${tool.version}/${page}`,
    }),
    help: {
      text: `${meta.title}\n\n${source}\n\nThe rule's page: ${page} in the ${tool.name} package.`,
      ...(markdown !== undefined && { markdown }),
    },
    defaultConfiguration: { level: SARIF_LEVEL[meta.defaultSeverity] },
    properties: {
      // A set: the category may be 'network' itself, and SARIF tags must be unique.
      tags: [...new Set(['security', 'azure', 'network', meta.category, meta.source.document.toLowerCase()])],
      precision: meta.precision ?? 'high',
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

function limit(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

function readDocs(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
