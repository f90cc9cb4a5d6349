import { diagramOf } from '../diagram/diagram';
import { toMermaid } from '../diagram/mermaid';
import { typeNoun } from '../graph/types';
import type { PackageInfo } from '../cli/package-info';
import type { ScanReport } from './report';
import { countBySeverity, relativePath, sorted, total } from './report';

/**
 * A pull-request comment or job summary: the counts, a table of findings (rule, resource,
 * file:line, message) and problems, and the topology as a Mermaid diagram, which GitHub and Azure
 * DevOps render in markdown. Template text in cells is escaped so a name cannot break the table.
 */
export function formatMarkdown(report: ScanReport, tool: PackageInfo): string {
  const { findings, notes } = countBySeverity(report);
  const where = (file: string, line: number) => `\`${code(relativePath(report.root, file))}:${line + 1}\``;
  const baseline = report.baseline;
  const isNew = (f: (typeof report.findings)[number]) => !baseline?.unchanged.has(f);
  const fresh = report.findings.filter(isNew).length;
  // With a baseline the count that matters is the new ones: they alone fail the scan.
  const delta =
    baseline && report.findings.length > 0 ? `: ${fresh} new, ${report.findings.length - fresh} unchanged` : '';
  const out = [`## ${tool.name}: ${headline(findings, total(findings))}${delta}`, ''];
  if (report.findings.length > 0) {
    out.push(
      `| Severity | Rule | Resource | Location | Message |${baseline ? ' Baseline |' : ''}`,
      `| --- | --- | --- | --- | --- |${baseline ? ' --- |' : ''}`,
    );
    // New findings first: they are what the pull request brought.
    const rows = sorted(report.findings, (x) => x.ruleId).sort((a, b) => Number(isNew(b)) - Number(isNew(a)));
    for (const f of rows) {
      const state = baseline ? ` ${isNew(f) ? '**new**' : 'unchanged'} |` : '';
      out.push(
        `| ${f.severity} | \`${f.ruleId}\` | ${cell(typeNoun(f.resource.type))} \`${code(f.resource.name)}\` | ${where(f.span.file, f.span.start.line)} | ${cell(f.message)} |${state}`,
      );
    }
    out.push('');
  }
  if (baseline && baseline.absent.length > 0)
    out.push(
      `${baseline.absent.length} finding${baseline.absent.length === 1 ? '' : 's'} of the baseline no longer found.`,
      '',
    );
  if (total(notes) > 0) {
    out.push(`Could not check everything (${total(notes)}):`, '');
    for (const p of sorted(report.problems, (x) => x.code))
      out.push(`- ${p.severity} \`${p.code}\` ${where(p.span.file, p.span.start.line)}: ${cell(p.message)}`);
    out.push('');
  }
  if (report.suppressed.length > 0) out.push(`${report.suppressed.length} suppressed by comments.`, '');
  const topology = report.topology ?? [];
  if (topology.some((d) => d.nodes.length > 0))
    out.push('### Topology', '', '```mermaid', toMermaid(diagramOf(topology)).trimEnd(), '```', '');
  return out.join('\n');
}

function headline(c: { error: number; warning: number; info: number }, n: number): string {
  if (n === 0) return 'no findings';
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}${c[s] === 1 ? '' : 's'}`);
  return `${n} finding${n === 1 ? '' : 's'} (${parts.join(', ')})`;
}

/** Text in a table cell: no line breaks, pipes and HTML escaped (GitHub renders inline HTML). */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

/** Text in a code span: a backtick would end it, a pipe the cell. */
function code(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|');
}
