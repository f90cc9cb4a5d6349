import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { writeFix } from '../../../server/src/fixes';
import type { TopologyDeployment } from '../../../server/src/protocol';
import { buildTopology } from '../../../server/src/topology/build';
import { deploymentOf, findDeployments, WorkspaceHost } from '../../../server/src/workspace';

export interface EngineFix {
  title: string;
  /** Whether the engine can write the fix as edits in the file's language (else no editor offers it). */
  writable: boolean;
  /** The 1-based line of the finding it fixes (the first of the rule in the file). */
  line: number;
  /** How many findings of the rule the file has. */
  findings: number;
}

/**
 * The preferred quick fix the engine itself attaches to `ruleId` in `file`: the editor tests check that the
 * client offers that fix, whatever the rule's author names it.
 */
export async function engineFix(root: string, file: string, ruleId: string): Promise<EngineFix> {
  await initAnalysis();
  const host = new WorkspaceHost(root);
  const result = analyzeDeployment(deploymentOf(host, file).files, host, defaultConfig());
  const findings = result.findings.filter((f) => f.ruleId === ruleId && f.span.file === file);
  const fix = findings[0]?.fixes.find((x) => x.preferred);
  if (!fix) throw new Error(`the engine attaches no fix to ${ruleId} in ${file}`);
  return {
    title: fix.title,
    writable: writeFix(fix, (f) => host.read(f)) !== undefined,
    line: findings[0].span.start.line + 1,
    findings: findings.length,
  };
}

/** The topology the engine computes for the deployment in `folder`: what the side panel must show. */
export async function engineTopology(root: string, folder: string): Promise<TopologyDeployment> {
  await initAnalysis();
  const host = new WorkspaceHost(root);
  const deployment = findDeployments(host).find((d) => d.dir === folder);
  if (!deployment) throw new Error(`${folder} is not a deployment`);
  const result = analyzeDeployment(deployment.files, host, defaultConfig());
  return buildTopology(folder, '', result, { uriOf: (f) => f, docsUriOf: (id) => id });
}
