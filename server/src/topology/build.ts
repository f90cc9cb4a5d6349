import * as path from 'node:path';
import type { DeploymentResult } from '../analysis';
import { graphQueries } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { networkNodes } from './networks';
import type { ResourceFacts, TopologyLinks } from './nodes';
import { NodeFactory } from './nodes';
import type { TopologyDeployment, TopologyNode, TopologySeverity } from '../protocol';
import { workspaceNodes, zoneNodes } from './workspaces';

export type { ResourceFacts, TopologyLinks } from './nodes';

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
  const f = factory(result, links);
  const root = path.resolve(folder);
  const counts: Record<TopologySeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of result.findings) counts[finding.severity]++;
  const failure = result.problems.find((p) => p.code === 'internal-error');
  const nodes: TopologyNode[] = [...networkNodes(f, root), ...zoneNodes(f, root), ...workspaceNodes(f, root)];
  return { folder: root, label, counts, ...(failure && { error: failure.message }), nodes };
}

/** A resource's facts as the topology shows them, for the views that start from the resource (the hover). */
export function resourceFacts(result: DeploymentResult, links: TopologyLinks, r: Resource): ResourceFacts {
  return factory(result, links).facts(r);
}

function factory(result: DeploymentResult, links: TopologyLinks): NodeFactory {
  // The queries' own notes are the rules' business; the model shows the rules' unknowns instead.
  return new NodeFactory(
    graphQueries(result.graph, () => undefined),
    result.findings,
    result.unknowns,
    links,
  );
}
