import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { writeFix } from '../../../server/src/fixes';
import { messageText, placeholdersOf } from '../../../server/src/rulekit/messages';
import { ALL_RULES } from '../../../server/src/rulekit/registry';
import { severitySettingSchema } from '../../../server/src/rulekit/settings-schema';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { parseCaseFile } from '../../tester/case-file';
import { BASES_ROOT, listCases, loadCase } from '../../tester/cases';
import { caseFiles } from '../../tester/materialise';

const REPO = path.resolve(__dirname, '../../../..');
const DOCS = path.join(REPO, 'docs/rules');
const ids = ALL_RULES.map((r) => r.meta.id);
const page = (slug: string) => fs.readFileSync(path.join(DOCS, `${slug}.md`), 'utf8');

/** One rule list everywhere: registry, settings schema, docs pages, docs index (SARIF: test/cli/sarif-rules). */
describe('rule catalogue consistency', () => {
  it('registers each rule once, with a kebab-case id, its own docs slug, languages and messages', () => {
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    for (const { meta } of ALL_RULES) {
      assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, meta.id);
      assert.equal(meta.docs, meta.id, `${meta.id}: rules.md names the page after the id`);
      assert.ok(meta.languages.length > 0, `${meta.id} applies to no language`);
      assert.match(meta.source.quote, meta.source.document === 'review' ? /^/ : /\.$/, `${meta.id} quote`);
      const messages = Object.entries(meta.messages);
      assert.ok(messages.length > 0, `${meta.id} has no message`);
      for (const [messageId, spec] of messages) {
        const text = messageText(spec);
        const stripped = placeholdersOf(text).reduce((t, name) => t.split(`{{${name}}}`).join(''), text);
        assert.doesNotMatch(stripped, /\{\{|\}\}/, `${meta.id}.${messageId}: a malformed placeholder`);
        assert.match(text, /\.$/, `${meta.id}.${messageId}: a message is a sentence`);
      }
    }
  });

  it('package.json lists exactly the registered rules in the severity setting (npm run rules:schema)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.deepEqual(
      pkg.contributes.configuration.properties['amlNetworkGuard.severity'],
      severitySettingSchema(ALL_RULES),
      'run `npm run rules:schema` to regenerate it',
    );
  });

  it('has one docs page per rule and no page without a rule', () => {
    const pages = fs
      .readdirSync(DOCS)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, [...ids].sort());
    for (const { meta } of ALL_RULES) {
      const lines = page(meta.docs).split('\n');
      assert.equal(lines[0], `# ${meta.id}`);
      assert.match(lines[2], new RegExp(`^\\*\\*Default severity:\\*\\* ${meta.defaultSeverity}\\b`), meta.id);
    }
  });

  it('lists every rule in the docs index with its default severity and whether it has a quick fix', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    const rows = [...index.matchAll(/^\| \[`([a-z0-9-]+)`\]\(([a-z0-9-]+)\.md\) \| (\w+) \| (yes|no) \|/gm)];
    assert.deepEqual(
      rows.map((m) => m[1]),
      ids,
      'the index lists the rules in registry order',
    );
    for (const [, id, slug, severity, fix] of rows) {
      const { meta } = ALL_RULES.find((r) => r.meta.id === id)!;
      assert.deepEqual([slug, severity, fix === 'yes'], [meta.docs, meta.defaultSeverity, meta.fixable], id);
    }
  });

  it('never promises a quick fix on the page of a rule that has none', () => {
    for (const { meta } of ALL_RULES) {
      const text = page(meta.docs);
      const header = /^\*\*Quick fix:\*\* (yes|no)\b.*$/m.exec(text);
      assert.ok(header, `${meta.id}: the page says whether there is a quick fix`);
      assert.equal(header[1] === 'yes', meta.fixable, `${meta.id}: the page's quick fix line`);
      if (!meta.fixable)
        assert.doesNotMatch(text.replace(header[0], ''), /quick fix/i, `${meta.id}: promises a quick fix it lacks`);
    }
  });

  it('has rule cases for every rule in each of its languages, and in each language a case where it fires', () => {
    const cases = listCases().map((c) => {
      const { annotations } = caseFiles(parseCaseFile(c.source, fs.readFileSync(c.source, 'utf8')), BASES_ROOT);
      return { ...c, fires: new Set(annotations.flatMap((a) => (a.kind === 'finding' ? [a.rule] : []))) };
    });
    const wrong: string[] = [];
    for (const c of cases) {
      const rule = ALL_RULES.find((r) => r.meta.id === c.rule);
      if (!rule) wrong.push(`test/rules/${c.rule}/: no registered rule has this id`);
      else if (!(rule.meta.languages as readonly string[]).includes(c.lang))
        wrong.push(`test/rules/${c.rule}/${c.lang}/: ${c.rule} does not apply to ${c.lang}`);
    }
    for (const { meta } of ALL_RULES)
      for (const lang of meta.languages) {
        const mine = cases.filter((c) => c.rule === meta.id && c.lang === lang);
        if (mine.length === 0) wrong.push(`test/rules/${meta.id}/${lang}/: no case`);
        else if (!mine.some((c) => c.fires.has(meta.id)))
          wrong.push(`test/rules/${meta.id}/${lang}/: no case in which ${meta.id} fires`);
      }
    assert.deepEqual([...new Set(wrong)], []);
  });

  describe('fixable rules offer fixes that can be written', () => {
    const offered = new Set<string>();
    before(async () => {
      await initAnalysis();
      // Every deployment of the rule cases and under the examples, whatever their layout.
      for (const root of [...listCases().map((c) => loadCase(c).dir), path.join(REPO, 'examples')]) {
        const host = new WorkspaceHost(root);
        for (const d of findDeployments(host)) {
          const { findings } = analyzeDeployment(d.files, host, defaultConfig());
          for (const f of findings)
            if (f.fixes.some((fix) => writeFix(fix, (file) => host.read(file)) !== undefined)) offered.add(f.ruleId);
        }
      }
    });
    for (const { meta } of ALL_RULES.filter((r) => r.meta.fixable))
      it(meta.id, () => assert.ok(offered.has(meta.id), `no case shows a quick fix of ${meta.id}`));
  });
});
