import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBicep } from '../../../server/src/frontends/bicep/syntax';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');

function bicepFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) out.push(...bicepFiles(full));
    else if (/\.bicep(param)?$/.test(name)) out.push(full);
  }
  return out;
}

/** Every Bicep file of the real public templates in ../shared/corpus (when present) parses without a syntax error. */
describe('bicep corpus: syntax', () => {
  for (const file of bicepFiles(CORPUS)) {
    it(`parses ${path.relative(CORPUS, file)}`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseBicep(text, { params: file.endsWith('.bicepparam') });
      const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
      assert.deepEqual(
        parsed.errors.map((e) => `${lineOf(e.start)}: ${e.message}`),
        [],
      );
      assert.ok(parsed.statements.length > 0);
    });
  }
});
