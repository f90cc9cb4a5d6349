import type { ScanReport } from '../output/report';
import { formatSarif } from '../output/sarif';
import { WorkspaceHost } from '../workspace';
import { packageInfo } from './package-info';

/** The SARIF of a scan; its fixes are written against the files as they are now, read inside the workspace root only. */
export function sarifReport(report: ScanReport, category?: string): string {
  const host = new WorkspaceHost(report.root);
  return formatSarif(report, packageInfo(), { category, read: (f) => host.read(f) });
}
