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
 * 9,007,199,254,740,993, 1e309 or 100,000,000. Expanded to 800 copies each (in every copy of a
 * nested deployment), they multiplied into tens of thousands of role assignments and spent the
 * whole budget: 0.7-1.4 s of CPU. ARM rejects such a loop, so each is now one stand-in for an
 * unknown number of copies: a warning per loop, a small fraction of the budget, and the other
 * deployments of the folder exactly as they are alone.
 */

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');
const CASES: { index: number; folder: string }[] = [
  { index: 436, folder: 'bicep-avm-aks-managed-cluster' },
  { index: 1762, folder: 'bicep-avm-ml-workspace' },
  { index: 9210, folder: 'bicep-avm-ml-workspace' },
];
const BUDGET_CODES = new Set(['evaluation-budget', 'instantiation-limit', 'instance-limit']);
/** Evaluation steps the mutated template may take: the unmutated one takes a few thousand; the budget is 750,000. */
const MAX_STEPS = 20_000;

interface FolderResult {
  /** Findings of the other deployments, as `rule file:line`. */
  others: string[];
  stops: string[];
  /** `copy-too-large` warnings of the mutated file. */
  tooLarge: number;
  steps: number;
  internal: number;
}

function analyseFolder(root: string, file: string, text?: string): FolderResult {
  const host = new WorkspaceHost(root, text === undefined ? new Map() : new Map([[file, text]]));
  const out: FolderResult = { others: [], stops: [], tooLarge: 0, steps: 0, internal: 0 };
  for (const d of findDeployments(host)) {
    const r = analyzeDeployment(d.files, host, defaultConfig());
    out.internal += r.problems.filter((p) => p.code === 'internal-error').length;
    if (d.files.some((f) => f.path === file)) {
      out.stops = r.problems.filter((p) => BUDGET_CODES.has(p.code)).map((p) => p.code);
      out.tooLarge = r.problems.filter((p) => p.code === 'copy-too-large').length;
      out.steps = r.cost.steps;
    } else
      for (const f of r.findings)
        out.others.push(`${f.ruleId} ${path.relative(root, f.span.file)}:${f.span.start.line}`);
  }
  return out;
}

describe('review: the slowest fuzz cases (copy counts over 800) stay far from the budget and spare their folder', function () {
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
      assert.deepEqual(mutated.stops, []);
      assert.ok(mutated.tooLarge > 0, 'each loop over 800 is reported');
      assert.ok(mutated.steps < MAX_STEPS, `${mutated.steps} evaluation steps`);
      assert.equal(mutated.internal, 0);
      assert.deepEqual(mutated.others, alone.others);
    });
});
