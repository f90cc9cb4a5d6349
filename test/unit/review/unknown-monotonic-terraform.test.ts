import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import type { FileHost, SourceFile } from '../../../server/src/frontends/frontend';
import { ALL_RULES } from '../../../server/src/rulekit/registry';
import type { Finding } from '../../../server/src/rulekit/rule';
import { listCases, loadCase } from '../../tester/cases';

/**
 * The Terraform side of "an unknown input never adds a finding": in every Terraform rule case, each
 * one-line attribute in turn is set to an unset variable; findings may go, but none may appear.
 * Findings are compared by rule and resource address, since an unknown group or name changes ids.
 */

const ATTRIBUTE = /^(\s*[a-z_0-9]+\s*=\s*)(.+)$/;
/** Attributes that shape the configuration rather than give a value. */
const SHAPE = /^\s*(source|for_each|count|name|type)\s*=/;
const UNSET = 'variable "review_unset" {}\n';

/** The Terraform rule cases, each written to its folder. */
function terraformCases(): { name: string; dir: string }[] {
  return listCases()
    .filter((c) => c.lang === 'terraform')
    .map((c) => ({ name: c.name, dir: loadCase(c).dir }));
}

function analyse(dir: string, files: SourceFile[]): Finding[] {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const host: FileHost = {
    root: dir,
    read: (p) => texts.get(path.resolve(p)) ?? (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    list: (d) => (fs.existsSync(d) ? fs.readdirSync(d) : []),
    whyUnreadable: (p) => `'${p}' does not exist`,
  };
  return analyzeDeployment(files, host, defaultConfig()).findings;
}

/** The configuration's own files, as the mutations see them. */
function tfFiles(dir: string): SourceFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .map((f) => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

const key = (f: Finding): string => `${f.ruleId} ${f.resource.symbol}`;

describe('review: an unset Terraform variable never adds a finding', function () {
  this.timeout(120000);
  before(() => initAnalysis());

  const cases = terraformCases();

  // "Covers every rule" is checked, not assumed: each Terraform rule fires in a case that is mutated here.
  it('mutates, for every rule of Terraform configurations, a case in which it fires', () => {
    const fired = new Set(cases.flatMap(({ dir }) => analyse(dir, tfFiles(dir)).map((f) => f.ruleId)));
    const missed = ALL_RULES.filter((r) => r.meta.languages.includes('terraform') && !fired.has(r.meta.id));
    assert.deepEqual(
      missed.map((r) => r.meta.id),
      [],
    );
  });

  for (const { name, dir } of cases) {
    it(name, () => {
      const files = tfFiles(dir);
      const before = new Set(analyse(dir, files).map(key));
      const unset = { path: path.join(dir, 'review_unset.tf'), text: UNSET };
      const added: string[] = [];
      for (const file of files) {
        const lines = file.text.split('\n');
        lines.forEach((line, i) => {
          const m = ATTRIBUTE.exec(line);
          if (!m || SHAPE.test(line) || /[{([]\s*$/.test(m[2])) return;
          const changed = [...lines.slice(0, i), `${m[1]}var.review_unset`, ...lines.slice(i + 1)].join('\n');
          const mutated = files.map((f) => (f === file ? { path: f.path, text: changed } : f));
          for (const f of analyse(dir, [...mutated, unset]))
            if (!before.has(key(f))) added.push(`${path.basename(file.path)}:${i + 1}: ${key(f)}`);
        });
      }
      assert.deepEqual(added, []);
    });
  }
});
