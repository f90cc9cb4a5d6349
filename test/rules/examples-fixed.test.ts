import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis } from '../../server/src/analysis';
import type { FixAnalysis } from '../../server/src/fixes/fix-all';
import { fixAll } from '../../server/src/fixes/fix-all';
import { parseTokens } from '../../server/src/frontends/bicep/parser';
import { parseTerraform } from '../../server/src/frontends/terraform/parser';
import { isInside } from '../../server/src/paths';
import type { Finding } from '../../server/src/rulekit/rule';
import { analyseFolder } from '../tester/analyse';
import { REVEALED_BY, findingIdentity } from '../tester/check';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

const INSECURE = ['insecure', 'bicep-insecure', 'terraform-insecure'];

const read = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);

/** Why an edited file would not load in its own language's tool, if it would not. */
function syntaxError(file: string, text: string): string | undefined {
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (e) {
      return (e as Error).message;
    }
  } else if (file.endsWith('.bicep')) {
    const error = parseTokens(text, false).errors[0];
    if (error) return `Bicep parse error: ${error.message}`;
  } else if (file.endsWith('.tf')) {
    const outcome = parseTerraform(text, () => false);
    if (outcome.kind !== 'tree') return `not parsed: ${outcome.kind}`;
    if (outcome.tree.rootNode.hasError) return 'tree-sitter ERROR or MISSING node';
  }
  return undefined;
}

const label = (f: Finding) => `${f.ruleId} ${f.resource.name}`;

describe('fixing every finding of the insecure examples with the preferred quick fixes', () => {
  before(() => initAnalysis());

  for (const folder of INSECURE) {
    it(`${folder}/ ends with no error finding, each step valid and adding no finding`, async () => {
      const dir = path.join(EXAMPLES, folder);
      const initial = analyseFolder(dir);
      const errors = initial.findings.filter((f) => f.severity === 'error').length;
      assert.ok(errors > 0, `${folder} has error findings to fix`);
      const result = await fixAll({
        initial,
        wanted: () => true,
        writable: (file) => isInside(dir, file),
        read,
        analyse: async (texts) => analyseFolder(dir, texts),
      });
      const steps = result.steps.map((s) => `${label(s.finding)}: ${s.title}`);
      assert.deepEqual(
        result.skipped.map((s) => `${label(s.finding)}: ${s.why}`),
        [],
        `every finding's preferred fix applies, after:\n${steps.join('\n')}`,
      );
      let before: FixAnalysis = initial;
      let texts: ReadonlyMap<string, string> = new Map();
      for (const step of result.steps) {
        for (const [file, text] of step.texts)
          if (text !== texts.get(file)) {
            const why = syntaxError(file, text);
            assert.equal(why, undefined, `after '${step.title}', ${path.relative(dir, file)}: ${why}`);
          }
        assert.deepEqual(
          step.after.problems.map((p) => `${p.code}: ${p.message}`),
          [],
          `after '${step.title}' the deployment loads without problems`,
        );
        const known = new Set(before.findings.map(findingIdentity));
        const revealed = REVEALED_BY[step.finding.ruleId] ?? [];
        const added = step.after.findings.filter((f) => !known.has(findingIdentity(f)) && !revealed.includes(f.ruleId));
        assert.deepEqual(added.map(label), [], `'${step.title}' adds no finding`);
        assert.ok(
          !step.after.findings.some((f) => findingIdentity(f) === findingIdentity(step.finding)),
          `'${step.title}' removes ${label(step.finding)}`,
        );
        before = step.after;
        texts = step.texts;
      }
      // Checked again from scratch: what the steps left is what the engine returns.
      const fixed = analyseFolder(dir, result.texts);
      assert.deepEqual(
        fixed.findings.filter((f) => f.severity === 'error').map(label),
        [],
        `no error is left after:\n${steps.join('\n')}`,
      );
      assert.ok(steps.length >= errors, `each of the ${errors} errors took a fix:\n${steps.join('\n')}`);
    });
  }
});
