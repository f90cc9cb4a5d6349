import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../server/src/analysis';
import { defaultConfig } from '../../server/src/config';
import type { SourceSpan } from '../../server/src/graph/span';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/rule';
import { WorkspaceHost, findDeployments } from '../../server/src/workspace';

/**
 * One table-driven runner for every rule case: `test/rules/<rule-id>/<lang>/<case>/expect.json`.
 * Each case folder is analysed as one deployment, exactly as the CLI and the server would.
 *
 * expect.json: {
 *   "findings": [{ "rule": id, "file": "main.json", "range": "12:9-12:48", "related": ["main.json:40"] }],
 *   "silent": [id, …],
 *   "problems": [code, …]   (optional: front-end problems the case expects; none otherwise)
 *   "notEvaluated": [id, …] (optional: rules that must record why they stayed silent)
 *   "why": "the reasoning"
 * }
 * For every rule named in `findings` the findings of that rule must match exactly (no extras);
 * every rule in `silent` must not fire anywhere. `range` is 1-based, as editors show it.
 */

export const CASES_ROOT = path.resolve(__dirname, '../../../test/rules');

interface ExpectedFinding {
  rule: string;
  file: string;
  range: string;
  related?: string[];
  /** Checked when given (e.g. a rule that downgrades itself to a warning). */
  severity?: string;
}

interface Expectation {
  findings: ExpectedFinding[];
  silent: string[];
  problems?: string[];
  notEvaluated?: string[];
  why: string;
}

export interface Case {
  name: string;
  dir: string;
}

export function listCases(root: string = CASES_ROOT): Case[] {
  const out: Case[] = [];
  const dirs = (p: string) =>
    fs
      .readdirSync(p, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  for (const rule of dirs(root))
    for (const lang of dirs(path.join(root, rule)))
      for (const name of dirs(path.join(root, rule, lang))) {
        const dir = path.join(root, rule, lang, name);
        if (fs.existsSync(path.join(dir, 'expect.json'))) out.push({ name: `${rule}/${lang}/${name}`, dir });
      }
  return out;
}

export function analyseFolder(dir: string) {
  const host = new WorkspaceHost(dir);
  const deployment = findDeployments(host).find((d) => d.dir === path.resolve(dir));
  assert.ok(deployment, `no analysable files in ${dir}`);
  return analyzeDeployment(deployment.files, host, defaultConfig());
}

/** `12:9-12:48`: the 1-based range editors show. */
export function rangeText(span: SourceSpan): string {
  return `${span.start.line + 1}:${span.start.character + 1}-${span.end.line + 1}:${span.end.character + 1}`;
}

function rendered(f: Finding, dir: string, withRelated: boolean, withSeverity = false): string {
  const where = `${f.ruleId} ${path.relative(dir, f.span.file)} ${rangeText(f.span)}${withSeverity ? ` ${f.severity}` : ''}`;
  if (!withRelated) return where;
  const related = f.related.map((r) => `${path.relative(dir, r.span.file)}:${r.span.start.line + 1}`);
  return `${where} related ${related.join(', ')}`;
}

function expected(e: ExpectedFinding, withSeverity: boolean): string {
  const where = `${e.rule} ${e.file} ${e.range}${withSeverity ? ` ${e.severity}` : ''}`;
  return e.related ? `${where} related ${e.related.join(', ')}` : where;
}

const KNOWN_RULES = new Set(ALL_RULES.map((r) => r.meta.id));

describe('rule cases', () => {
  before(() => initAnalysis());

  for (const c of listCases()) {
    it(c.name, () => {
      const expect = JSON.parse(fs.readFileSync(path.join(c.dir, 'expect.json'), 'utf8')) as Expectation;
      assert.ok(expect.why && expect.why.trim().length > 0, 'expect.json must explain its reasoning in "why"');
      for (const id of [...expect.findings.map((f) => f.rule), ...expect.silent, ...(expect.notEvaluated ?? [])])
        assert.ok(KNOWN_RULES.has(id), `unknown rule id '${id}' in expect.json`);

      const result = analyseFolder(c.dir);
      assert.deepEqual(
        result.problems
          .map((p) => `${p.code}: ${p.message}`)
          .filter((p) => !(expect.problems ?? []).includes(p.split(':')[0])),
        [],
        'unexpected front-end problems',
      );
      for (const rule of new Set(expect.findings.map((f) => f.rule))) {
        const wanted = expect.findings.filter((f) => f.rule === rule);
        const withRelated = wanted.some((f) => f.related !== undefined);
        const withSeverity = wanted.some((f) => f.severity !== undefined);
        const actual = result.findings
          .filter((f) => f.ruleId === rule)
          .map((f) => rendered(f, c.dir, withRelated, withSeverity));
        assert.deepEqual(actual.sort(), wanted.map((e) => expected(e, withSeverity)).sort(), `findings of ${rule}`);
      }
      for (const rule of expect.silent) {
        const fired = result.findings.filter((f) => f.ruleId === rule).map((f) => rendered(f, c.dir, false));
        assert.deepEqual(fired, [], `${rule} must stay silent`);
      }
      for (const rule of expect.notEvaluated ?? [])
        assert.ok(
          result.unknowns.some((u) => u.ruleId === rule),
          `${rule} must record why it could not decide`,
        );
    });
  }
});
