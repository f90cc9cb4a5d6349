import * as path from 'node:path';
import type { TopologyLinks } from '../topology/build';
import { buildTopology } from '../topology/build';
import type { TopologyResult } from '../protocol';
import { isInside } from '../paths';
import type { DiagnosticLinks } from './diagnostics';
import type { WorkspaceState } from './workspace-state';

/**
 * The answer to `amlNetworkGuard/topology`: every analysed deployment's topology, labelled by its
 * folder relative to the workspace folder that holds it, in a stable order.
 */
export function workspaceTopology(
  state: WorkspaceState,
  roots: readonly string[],
  links: DiagnosticLinks,
  ready: boolean,
): TopologyResult {
  const deployments = state
    .all()
    .map((record) => buildTopology(record.dir, labelOf(record.dir, roots), record.result, topologyLinks(links)))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { state: ready ? 'ready' : 'analysing', deployments };
}

/** How the topology model names files and rule pages: as the diagnostics do. */
export function topologyLinks(links: DiagnosticLinks): TopologyLinks {
  return {
    uriOf: (file: string) => links.uriOf(file),
    docsUriOf: (ruleId: string) => links.uriOf(path.join(links.docsDir, `${ruleId}.md`)),
  };
}

function labelOf(dir: string, roots: readonly string[]): string {
  const root = roots.find((r) => isInside(r, dir));
  const relative = root === undefined ? '' : path.relative(root, dir).split(path.sep).join('/');
  return relative || path.basename(dir);
}
