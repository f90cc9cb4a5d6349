import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDeployment } from '../../server/src/analysis';
import { defaultConfig } from '../../server/src/config';
import { mergeFindings, uniqueProblems } from '../../server/src/one-per-defect';
import { WorkspaceHost, findDeployments } from '../../server/src/workspace';

/** Every deployment of the folder, each finding and problem once, as a scan of the folder reports them. */
export function analyseFolder(dir: string, overlay: ReadonlyMap<string, string> = new Map()) {
  const host = new WorkspaceHost(dir, overlay);
  const deployments = findDeployments(host);
  assert.ok(
    deployments.some((d) => d.dir === path.resolve(dir)),
    `no analysable files in ${dir}`,
  );
  const results = deployments.map((d) => analyzeDeployment(d.files, host, defaultConfig()));
  return {
    findings: mergeFindings(results.flatMap((r) => r.findings)),
    problems: uniqueProblems(results.flatMap((r) => r.problems)),
    unknowns: results.flatMap((r) => r.unknowns),
  };
}
