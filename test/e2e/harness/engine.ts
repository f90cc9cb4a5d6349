import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { deploymentOf, WorkspaceHost } from '../../../server/src/workspace';

/**
 * The title of the quick fix the engine itself attaches to `ruleId` in `file`: the editor tests
 * check that the client offers that fix, whatever the rule's author names it.
 */
export async function fixTitle(root: string, file: string, ruleId: string): Promise<string> {
  await initAnalysis();
  const host = new WorkspaceHost(root);
  const result = analyzeDeployment(deploymentOf(host, file).files, host, defaultConfig());
  const title = result.findings.find((f) => f.ruleId === ruleId)?.fix?.title;
  if (title === undefined) throw new Error(`the engine offers no fix for ${ruleId} in ${file}`);
  return title;
}
