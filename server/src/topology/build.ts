import * as path from 'node:path';
import type { DeploymentResult } from '../analysis';
import { graphQueries } from '../graph/queries';
import { networkNodes } from './networks';
import type { TopologyLinks } from './nodes';
import { NodeFactory } from './nodes';
import type { TopologyDeployment, TopologyNode, TopologySeverity } from '../protocol';
import { workspaceNodes, zoneNodes } from './workspaces';

export type { TopologyLinks } from './nodes';

/**
 * The topology of one analysed deployment, from the same graph queries the rules ask (so the panel,
 * the hover and the export never disagree with the diagnostics): networks, DNS zones, workspaces.
 */
export function buildTopology(
  folder: string,
  label: string,
  result: DeploymentResult,
  links: TopologyLinks,
): TopologyDeployment {
  // The queries' own notes are the rules' business; the model shows the rules' unknowns instead.
  const q = graphQueries(result.graph, () => undefined);
  const f = new NodeFactory(q, result.findings, result.unknowns, links);
  const root = path.resolve(folder);
  const counts: Record<TopologySeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of result.findings) counts[finding.severity]++;
  const failure = result.problems.find((p) => p.code === 'internal-error');
  const nodes: TopologyNode[] = [...networkNodes(f, root), ...zoneNodes(f, root), ...workspaceNodes(f, root)];
  return { folder: root, label, counts, ...(failure && { error: failure.message }), nodes };
}
