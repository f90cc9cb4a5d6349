import * as fs from 'node:fs';
import { initAnalysis } from '../../server/src/analysis';
import { checkCase } from '../tester/check';
import { listCases, loadCase, shown } from '../tester/cases';

/** Every rule case (test/rules/README.md): annotated Markdown, each analysed as one deployment. */
describe('rule cases', () => {
  before(() => initAnalysis());

  for (const c of listCases()) {
    it(c.name, () => {
      const { spec, files, dir } = loadCase(c);
      const failures = checkCase(spec, files, dir, shown, { rule: c.rule });
      if (failures.length > 0)
        throw new Error(`${shown(c.source)}: ${failures.length} failure(s)\n${failures.join('\n')}`);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
