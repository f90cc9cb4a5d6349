import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import { parseCaseFile } from '../tester/case-file';
import { BASES_ROOT, REPO, listCases } from '../tester/cases';
import { caseFiles } from '../tester/materialise';

/**
 * Every fix of rules.md's "Quick fixes" table (`../shared/spec/rules.md`, when present) and every rule
 * that says it is fixable has, in each language of the rule, a rule case that proves it: a golden
 * ```` ```diff <file> fixed ```` block and an annotation of the rule's finding with `fix`. Such a case
 * is run by cases.test.ts, which applies every fix offered, loads the folder again (no new front-end
 * problem), analyses it again (the finding gone, no finding added) and compares the written text
 * with the golden block.
 */
const RULES_MD = path.resolve(REPO, '../shared/spec/rules.md');

/** The rule ids of the first column of the "Quick fixes" table. */
export function quickFixRules(markdown: string): string[] {
  const section = /^## Quick fixes\b.*$/m.exec(markdown);
  if (!section) return [];
  const rest = markdown.slice(section.index + section[0].length);
  const end = rest.search(/^## /m);
  const ids: string[] = [];
  for (const line of (end < 0 ? rest : rest.slice(0, end)).split('\n')) {
    const cells = /^\|([^|]*)\|/.exec(line);
    if (cells) for (const m of cells[1].matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)*)`/g)) ids.push(m[1]);
  }
  return ids;
}

/** `rule/lang` of every case that holds a golden fix of its own rule's finding. */
function provenFixes(): Set<string> {
  const out = new Set<string>();
  for (const c of listCases()) {
    const spec = parseCaseFile(c.source, fs.readFileSync(c.source, 'utf8'));
    if (!spec.blocks.some((b) => b.kind === 'fixed')) continue;
    const { annotations } = caseFiles(spec, BASES_ROOT);
    if (annotations.some((a) => a.kind === 'finding' && a.rule === c.rule && a.fix)) out.add(`${c.rule}/${c.lang}`);
  }
  return out;
}

describe('quick fix matrix: a golden, re-analysed fix case for every fixable rule in every language', () => {
  const table = fs.existsSync(RULES_MD) ? quickFixRules(fs.readFileSync(RULES_MD, 'utf8')) : [];

  it('reads the rules of the Quick fixes table', function () {
    if (!fs.existsSync(RULES_MD)) this.skip();
    assert.ok(table.length >= 10, `found only ${table.join(', ')} in ${RULES_MD}`);
    const unknown = table.filter((id) => !ALL_RULES.some((r) => r.meta.id === id));
    assert.deepEqual(unknown, [], 'the table names rules the registry does not have');
  });

  it('marks every rule of the table fixable', function () {
    if (!fs.existsSync(RULES_MD)) this.skip();
    const notFixable = ALL_RULES.filter((r) => table.includes(r.meta.id) && !r.meta.fixable).map((r) => r.meta.id);
    assert.deepEqual(notFixable, []);
  });

  it('has a golden fix case for each (rule, language)', () => {
    const proven = provenFixes();
    const missing: string[] = [];
    for (const { meta } of ALL_RULES) {
      if (!meta.fixable && !table.includes(meta.id)) continue;
      for (const lang of meta.languages)
        if (!proven.has(`${meta.id}/${lang}`))
          missing.push(
            `test/rules/${meta.id}/${lang}/: no case with a \`diff <file> fixed\` block and a \`fix\` annotation`,
          );
    }
    assert.deepEqual(missing, []);
  });
});
