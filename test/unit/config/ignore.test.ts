import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { IgnorePattern } from '../../../server/src/config';
import { globTrouble, ignorePattern, isIgnored } from '../../../server/src/config-file/ignore';

const BASE = path.resolve('/ws/repo');
const at = (...globs: string[]): IgnorePattern[] => globs.map((glob) => ({ base: BASE, glob }));
const file = (rel: string) => path.join(BASE, rel);

describe('ignoredPaths globs', () => {
  const cases: [string[], string, boolean][] = [
    [['legacy'], 'legacy/main.json', true],
    [['legacy'], 'legacy/deep/er/main.tf', true],
    [['legacy'], 'legacy', true],
    [['legacy'], 'legacy2/main.json', false],
    [['legacy'], 'src/legacy/main.json', false],
    [['legacy/'], 'legacy/main.json', true],
    [['./legacy'], 'legacy/main.json', true],
    [['/legacy/**'], 'legacy/a/main.json', true],
    [['*.json'], 'main.json', true],
    [['*.json'], 'sub/main.json', false],
    [['**/*.json'], 'sub/deeper/main.json', true],
    [['**/*.test.json'], 'a/b.test.json', true],
    [['**/*.test.json'], 'a/b.json', false],
    [['env/{dev,test}'], 'env/test/main.tf', true],
    [['env/{dev,test}'], 'env/prod/main.tf', false],
    [['modules/*/examples'], 'modules/aks/examples/main.tf', true],
    [['**/.hidden'], 'a/.hidden/main.tf', true],
    [['legacy', '!legacy/keep'], 'legacy/keep/main.json', false],
    [['legacy', '!legacy/keep'], 'legacy/drop/main.json', true],
    [['legacy', '!legacy/keep', 'legacy/keep/old'], 'legacy/keep/old/main.json', true],
    [['!legacy'], 'legacy/main.json', false],
  ];
  for (const [globs, rel, expected] of cases)
    it(`${JSON.stringify(globs)} ${expected ? 'ignores' : 'keeps'} ${rel}`, () =>
      assert.equal(isIgnored(at(...globs), file(rel)), expected));

  it('never matches outside its base folder', () => {
    assert.equal(isIgnored(at('**'), path.resolve('/ws/other/main.json')), false);
    assert.equal(isIgnored(at('**'), path.resolve('/ws/repo-2/main.json')), false);
    assert.equal(isIgnored(at('**'), file('x/main.json')), true);
  });

  it('takes an absolute setting as its own base', () => {
    const p = ignorePattern(BASE, path.resolve('/elsewhere/legacy'));
    assert.equal(isIgnored([p], path.resolve('/elsewhere/legacy/main.json')), true);
    assert.equal(isIgnored([p], file('legacy/main.json')), false);
    assert.deepEqual(ignorePattern(BASE, 'legacy'), { base: BASE, glob: 'legacy' });
    const negated = ignorePattern(BASE, `!${path.resolve('/elsewhere/legacy/keep')}`);
    assert.equal(isIgnored([p, negated], path.resolve('/elsewhere/legacy/keep/main.json')), false);
  });

  it('refuses globs that would stall the analysis, and matches nothing with them', () => {
    assert.equal(globTrouble('env/{dev,test,prod}/**'), undefined);
    assert.equal(globTrouble('{a,b}'.repeat(6)), undefined);
    assert.equal(globTrouble('{a,b}'.repeat(7)), 'its braces expand to more than 64 patterns');
    assert.equal(globTrouble('{1..100000}'), 'its braces expand to more than 64 patterns');
    assert.equal(globTrouble('{a..z}{a..z}'), 'its braces expand to more than 64 patterns');
    assert.equal(globTrouble('a/'.repeat(300)), 'it is longer than 512 characters');
    assert.equal(isIgnored(at('{a,b}'.repeat(20)), file('a'.repeat(20))), false);
  });
});
