import { diagramOf } from '../diagram/diagram';
import { toDot } from '../diagram/dot';
import { toMermaid } from '../diagram/mermaid';
import { toSvg } from '../diagram/svg';
import type { ScanReport } from '../output/report';
import type { GraphFormat } from './args';
import { packageInfo } from './package-info';

/** Bumped only when a field changes meaning or disappears, as for `scan --format json`. */
export const TOPOLOGY_JSON_VERSION = 1;

/**
 * `graph`: the topology of the deployments, drawn. The JSON is the side panel's own model
 * (protocol.ts `TopologyDeployment`), with paths and rule pages relative to the root.
 */
export async function renderGraph(format: GraphFormat, report: ScanReport): Promise<string> {
  const deployments = report.topology ?? [];
  switch (format) {
    case 'json': {
      const { name, version } = packageInfo();
      const doc = { version: TOPOLOGY_JSON_VERSION, tool: { name, version }, root: report.root, deployments };
      return JSON.stringify(doc, null, 2) + '\n';
    }
    case 'mermaid':
      return toMermaid(diagramOf(deployments));
    case 'dot':
      return toDot(diagramOf(deployments));
    case 'svg':
      return toSvg(diagramOf(deployments));
  }
}
