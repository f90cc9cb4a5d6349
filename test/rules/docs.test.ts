import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis } from '../../server/src/analysis';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import { BASES_ROOT, REPO, scratchDir, shown } from '../tester/cases';
import { checkExample } from '../tester/doc-check';
import { exampleFiles } from '../tester/doc-example';
import { type DocExample, LANG_NAMES, readExamples } from '../tester/doc-page';
import { withoutAnnotations } from '../tester/materialise';

const DOCS = path.join(REPO, 'docs/rules');

/**
 * Every Bad and Good example of every rule's page is analysed as the CLI analyses a folder (format:
 * test/rules/README.md, "Docs examples"), like typescript-eslint's docs test: a Bad example reports
 * the page's rule where its annotation says, a Good one does not report it, neither reports anything
 * it does not annotate, and the quick fixes they offer work.
 */
describe('docs examples', () => {
  before(() => initAnalysis());

  for (const { meta } of ALL_RULES) {
    describe(meta.docs, () => {
      const source = path.join(DOCS, `${meta.docs}.md`);
      let examples: DocExample[] = [];
      let unreadable: Error | undefined;
      try {
        examples = readExamples(source, fs.readFileSync(source, 'utf8'));
      } catch (e) {
        unreadable = e as Error;
      }

      it('has a Bad example in each language of the rule', () => {
        if (unreadable) throw unreadable;
        for (const lang of meta.languages)
          assert.ok(
            examples.some((ex) => ex.verdict === 'bad' && ex.lang === lang),
            `${shown(source)}: no Bad (${LANG_NAMES[lang]}) example block`,
          );
      });

      if (meta.fixable)
        it('shows its quick fix on a Bad example', () => {
          const annotated = examples.flatMap((ex) => withoutAnnotations(exampleFiles(ex, BASES_ROOT)).annotations);
          assert.ok(
            annotated.some((a) => a.kind === 'finding' && a.rule === meta.id && a.fix),
            `${shown(source)}: the rule is fixable and no example annotates its finding with \`fix\``,
          );
        });

      examples.forEach((ex, n) => {
        it(`${ex.verdict} (${LANG_NAMES[ex.lang]}) at line ${ex.origin.line}`, () => {
          const failures = checkExample(meta.id, ex, BASES_ROOT, scratchDir(`docs/${meta.docs}/${n}`));
          if (failures.length > 0)
            throw new Error(`${shown(source)}: ${failures.length} failure(s)\n${failures.join('\n')}`);
        });
      });
    });
  }
});
