import { parseArgs } from '../cli/args';
import { sarifReport } from '../cli/sarif-report';
import { scan } from '../cli/scan';
import type { ConfigLayer } from '../config-file/layers';
import type { SarifResult } from '../protocol';
import { ALL_RULES } from '../rulekit/registry';

/**
 * The SARIF report of a workspace folder: what `aml-network-guard scan <root> --format sarif` writes,
 * by the same code, with the folder's editor settings in place of command-line options. It reads
 * the files as saved: a report is about what would be committed.
 */
export async function workspaceSarif(root: string, settings: ConfigLayer): Promise<SarifResult> {
  const command = parseArgs(['scan', root, '--format', 'sarif'], new Set(ALL_RULES.map((r) => r.meta.id)));
  if (command.kind !== 'scan') throw new Error('the export is a scan');
  const report = await scan(command.options, root, false, settings);
  return { sarif: sarifReport(report), results: report.findings.length + report.suppressed.length };
}
