import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis } from '../../server/src/analysis';
import { writeFix } from '../../server/src/fixes';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import type { Finding } from '../../server/src/rulekit/rule';
import { analyseFolder } from '../tester/analyse';
import { editedTexts, rangeText } from '../tester/check';

export { analyseFolder };

const readDisk = (file: string): string => fs.readFileSync(file, 'utf8');

/**
 * One table-driven runner for every rule case: `test/rules/<rule-id>/<lang>/<case>/expect.json`.
 * Each case folder is analysed as one deployment, exactly as the CLI and the server would.
 *
 * expect.json: {
 *   "findings": [{ "rule": id, "file": "main.json", "range": "12:9-12:48", "related": ["main.json:40"],
 *                  "severity": "warning", "fix": true }],   (related, severity, fix: checked when given)
 *   "silent": [id, …],
 *   "problems": [code, …]   (optional: front-end problems the case expects; none otherwise)
 *   "notEvaluated": [id, …] (optional: rules that must record why they stayed silent)
 *   "why": "the reasoning"
 * }
 * For every rule named in `findings` the findings of that rule must match exactly (no extras);
 * every rule in `silent` must not fire anywhere. `range` is 1-based, as editors show it. Every quick
 * fix offered is applied in memory and the folder re-analysed: it must load and the finding must go.
 */

export const CASES_ROOT = path.resolve(__dirname, '../../../test/rules');

interface ExpectedFinding {
  rule: string;
  file: string;
  range: string;
  related?: string[];
  /** Checked when given (e.g. a rule that downgrades itself to a warning). */
  severity?: string;
  /** Checked when given: whether a quick fix is offered (the runner also applies it and re-analyses). */
  fix?: boolean;
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

/**
 * Every quick fix a finding offers must leave a template that still loads without problems and
 * no longer has that finding.
 */
function checkFixes(dir: string, findings: Finding[]): void {
  for (const f of findings) {
    for (const fix of f.fixes) {
      const edits = writeFix(fix, readDisk);
      if (!edits) continue;
      const fixed = analyseFolder(dir, editedTexts(edits));
      const label = `${f.ruleId} fix '${fix.title}'`;
      assert.deepEqual(
        fixed.problems.map((p) => p.message),
        [],
        `${label} leaves a template that loads`,
      );
      const still = fixed.findings.filter((x) => x.ruleId === f.ruleId && x.resource.key === f.resource.key);
      assert.deepEqual(
        still.map((x) => x.message),
        [],
        `${label} removes the finding`,
      );
    }
  }
}

/** Which optional parts of a finding a case checks. */
interface Shown {
  related: boolean;
  severity: boolean;
  fix: boolean;
}

function shownBy(wanted: ExpectedFinding[]): Shown {
  return {
    related: wanted.some((f) => f.related !== undefined),
    severity: wanted.some((f) => f.severity !== undefined),
    fix: wanted.some((f) => f.fix !== undefined),
  };
}

function rendered(f: Finding, dir: string, shown: Shown): string {
  let out = `${f.ruleId} ${path.relative(dir, f.span.file)} ${rangeText(f.span)}`;
  if (shown.severity) out += ` ${f.severity}`;
  if (shown.fix) out += ` fix:${offersFix(f)}`;
  if (shown.related)
    out += ` related ${f.related.map((r) => `${path.relative(dir, r.span.file)}:${r.span.start.line + 1}`).join(', ')}`;
  return out;
}

function expected(e: ExpectedFinding, shown: Shown): string {
  let out = `${e.rule} ${e.file} ${e.range}`;
  if (shown.severity) out += ` ${e.severity ?? 'error'}`;
  if (shown.fix) out += ` fix:${e.fix === true}`;
  if (shown.related) out += ` related ${(e.related ?? []).join(', ')}`;
  return out;
}

function offersFix(f: Finding): boolean {
  return f.fixes.some((fix) => writeFix(fix, readDisk) !== undefined);
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
        const shown = shownBy(wanted);
        const actual = result.findings.filter((f) => f.ruleId === rule).map((f) => rendered(f, c.dir, shown));
        assert.deepEqual(actual.sort(), wanted.map((e) => expected(e, shown)).sort(), `findings of ${rule}`);
      }
      for (const rule of expect.silent) {
        const fired = result.findings
          .filter((f) => f.ruleId === rule)
          .map((f) => rendered(f, c.dir, { related: false, severity: false, fix: false }));
        assert.deepEqual(fired, [], `${rule} must stay silent`);
      }
      checkFixes(c.dir, result.findings);
      for (const rule of expect.notEvaluated ?? [])
        assert.ok(
          result.unknowns.some((u) => u.ruleId === rule),
          `${rule} must record why it could not decide`,
        );
    });
  }
});
