import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { mutate } from '../../fuzz/mutate';
import { Random, caseSeed } from '../../fuzz/random';

/**
 * The slowest cases `npm run fuzz` found (seed 20261202): corpus templates whose copy counts became
 * 100,000,000 (capped at 800), so that nested deployments and role assignments multiply into tens
 * of thousands. Twice today's budget took them over a second. Each must stop at the budget with
 * its warnings, keep what it evaluated before, and leave the other deployments of its folder
 * exactly as they are alone.
 */

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');
const CASES: { index: number; folder: string; stops: string[] }[] = [
  { index: 436, folder: 'bicep-avm-aks-managed-cluster', stops: ['instantiation-limit'] },
  // The nested deployments ran out first: that one warning says the rest is not analysed.
  { index: 1762, folder: 'bicep-avm-ml-workspace', stops: ['instantiation-limit'] },
  { index: 9210, folder: 'bicep-avm-ml-workspace', stops: ['evaluation-budget', 'instantiation-limit'] },
];
const BUDGET_CODES = new Set(['evaluation-budget', 'instantiation-limit', 'instance-limit']);

interface FolderResult {
  /** Findings of the other deployments, as `rule file:line`. */
  others: string[];
  stops: string[];
  internal: number;
  resources: number;
}

function analyseFolder(root: string, file: string, text?: string): FolderResult {
  const host = new WorkspaceHost(root, text === undefined ? new Map() : new Map([[file, text]]));
  const out: FolderResult = { others: [], stops: [], internal: 0, resources: 0 };
  for (const d of findDeployments(host)) {
    const r = analyzeDeployment(d.files, host, defaultConfig());
    out.internal += r.problems.filter((p) => p.code === 'internal-error').length;
    if (d.files.some((f) => f.path === file)) {
      out.stops = r.problems.filter((p) => BUDGET_CODES.has(p.code)).map((p) => p.code);
      out.resources = r.graph.resources.length;
    } else
      for (const f of r.findings)
        out.others.push(`${f.ruleId} ${path.relative(root, f.span.file)}:${f.span.start.line}`);
  }
  return out;
}

describe('review: the slowest fuzz cases stop at the budget and spare their folder', function () {
  this.timeout(120000);
  before(initAnalysis);

  for (const c of CASES)
    it(`arm ${c.index} (${c.folder}/main.json)`, function () {
      const root = path.join(CORPUS, c.folder);
      const file = path.join(root, 'main.json');
      if (!fs.existsSync(file)) this.skip();
      const { text } = mutate(fs.readFileSync(file, 'utf8'), 'arm', new Random(caseSeed(20261202, 'arm', c.index)));
      const alone = analyseFolder(root, file);
      const mutated = analyseFolder(root, file, text);
      assert.deepEqual(mutated.stops, c.stops);
      assert.equal(mutated.internal, 0);
      assert.ok(mutated.resources > 1000, `${mutated.resources} resources evaluated before the budget ran out`);
      assert.deepEqual(mutated.others, alone.others);
    });
});
