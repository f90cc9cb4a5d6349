import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import type { FileHost } from '../../../server/src/frontends/frontend';
import { ALL_RULES } from '../../../server/src/rulekit/registry';
import type { Finding } from '../../../server/src/rulekit/rule';
import { listCases, loadCase } from '../../tester/cases';

/**
 * "A rule whose input is unknown stays silent": replacing any one value of an ARM rule case by an
 * unset parameter may silence findings, but must never add one. Every value under `resources` is
 * tried, except the ones that give a resource its identity or shape (type, name, nesting).
 */

const STRUCTURAL = new Set([
  'type',
  'apiVersion',
  'name',
  'dependsOn',
  'resources',
  'template',
  'copy',
  'mode',
  'expressionEvaluationOptions',
  'scope',
  'existing',
]);
const UNSET = '__review_unset';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;

/** The ARM rule cases with a main.json, each written to its folder. */
function armCases(): { name: string; dir: string }[] {
  return listCases()
    .filter((c) => c.lang === 'arm')
    .map((c) => ({ name: c.name, dir: loadCase(c).dir }))
    .filter((c) => fs.existsSync(path.join(c.dir, 'main.json')));
}

/** Paths of the values that may be replaced: not structural, not a whole resource. */
function valuePaths(v: Json, at: Step[], out: Step[][]): Step[][] {
  const last = at[at.length - 1];
  if (at.length > 2 && at[at.length - 2] !== 'resources' && !STRUCTURAL.has(String(last))) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => valuePaths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) valuePaths(x, [...at, k], out);
  return out;
}

function replaced(doc: { [key: string]: Json }, at: Step[]): string {
  const copy = JSON.parse(JSON.stringify(doc)) as { [key: string]: Json };
  copy.parameters = { ...(copy.parameters as object), [UNSET]: { type: 'string' } };
  let node = copy as Json;
  for (const step of at.slice(0, -1)) node = (node as { [k: string]: Json })[step];
  (node as { [k: string]: Json })[at[at.length - 1]] = `[parameters('${UNSET}')]`;
  return JSON.stringify(copy, null, 2);
}

function analyse(dir: string, text: string): Finding[] {
  const file = path.join(dir, 'main.json');
  const host: FileHost = {
    root: dir,
    read: (p) => (path.resolve(p) === file ? text : fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    list: (d) => (fs.existsSync(d) ? fs.readdirSync(d) : []),
    whyUnreadable: (p) => `'${p}' does not exist`,
  };
  return analyzeDeployment([{ path: file, text }], host, defaultConfig()).findings;
}

const key = (f: Finding): string => `${f.ruleId} ${f.resource.key}`;

describe('review: an unknown value never adds a finding', function () {
  this.timeout(120000);
  before(() => initAnalysis());

  const cases = armCases();

  // "Covers every rule" is checked, not assumed: each ARM rule fires in a case that is mutated here.
  it('mutates, for every rule of ARM templates, a case in which it fires', () => {
    const fired = new Set(
      cases.flatMap(({ dir }) =>
        analyse(dir, fs.readFileSync(path.join(dir, 'main.json'), 'utf8')).map((f) => f.ruleId),
      ),
    );
    const missed = ALL_RULES.filter((r) => r.meta.languages.includes('arm') && !fired.has(r.meta.id));
    assert.deepEqual(
      missed.map((r) => r.meta.id),
      [],
    );
  });

  for (const { name, dir } of cases) {
    it(name, () => {
      const text = fs.readFileSync(path.join(dir, 'main.json'), 'utf8');
      const doc = JSON.parse(text) as { [key: string]: Json };
      const before = new Set(analyse(dir, text).map(key));
      const added: string[] = [];
      for (const at of valuePaths(doc.resources, ['resources'], [])) {
        for (const f of analyse(dir, replaced(doc, at)))
          if (!before.has(key(f))) added.push(`${at.join('.')}: ${key(f)}`);
      }
      assert.deepEqual(added, []);
    });
  }
});
