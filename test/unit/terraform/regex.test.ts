import * as assert from 'node:assert/strict';
import { Budget } from '../../../server/src/frontends/budget';
import type { Scope } from '../../../server/src/frontends/terraform/evaluate';
import { evaluate } from '../../../server/src/frontends/terraform/evaluate';
import { readHcl } from '../../../server/src/frontends/terraform/hcl-reader';
import { isFailure } from '../../../server/src/frontends/terraform/tf-value';
import type { Value } from '../../../server/src/graph/value';
import { toPlain } from '../../../server/src/graph/value';
import { ready } from './helpers';

function run(expr: string): Value {
  const { body, problems } = readHcl('/ws/x.tf', `x = ${expr}\n`);
  assert.deepEqual(problems, [], `parse problems in ${expr}`);
  const scope: Scope = { bound: () => undefined, reference: () => undefined, budget: new Budget() };
  return evaluate(body.attributes[0].expr, scope);
}

const plain = (expr: string): unknown => toPlain(run(expr));

function failureOf(expr: string): string {
  const v = run(expr);
  assert.ok(isFailure(v), `${expr} should fail, gave ${JSON.stringify(toPlain(v))}`);
  return v.kind === 'unknown' ? v.reason : '';
}

/** Go's regexp (RE2), as Terraform's regex, regexall and replace use it. */
describe('terraform: regular expressions are RE2', () => {
  before(ready);

  it('regex returns the match, a list of groups, or an object of named groups', () => {
    assert.equal(plain('regex("[a-z]+", "53abc12")'), 'abc');
    assert.deepEqual(plain('regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")'), ['2019', '02']);
    assert.deepEqual(plain('regex("(?P<user>[^@]+)@(?P<domain>.+)", "me@example.com")'), {
      user: 'me',
      domain: 'example.com',
    });
    // An optional group that did not take part is null, as in Terraform.
    assert.deepEqual(plain('regex("(a)|(b)", "b")'), [null, 'b']);
    assert.match(failureOf('regex("x", "abc")'), /does not match/);
  });

  it('regexall returns every match, empty matches included as Go finds them', () => {
    assert.deepEqual(plain('regexall("[a-z]+", "1a22bb333ccc")'), ['a', 'bb', 'ccc']);
    assert.deepEqual(plain('regexall("x*", "abxxc")'), ['', '', 'xx', '']);
    assert.deepEqual(plain('regexall("(\\\\d)(\\\\w)", "1a2b")'), [
      ['1', 'a'],
      ['2', 'b'],
    ]);
    assert.deepEqual(plain('regexall("q", "abc")'), []);
  });

  it('replace with /…/ expands $1, ${name} and $$ as Go does ($1x names a group "1x")', () => {
    assert.equal(plain('replace("hello world", "/(\\\\w+) (\\\\w+)/", "$2 $1")'), 'world hello');
    assert.equal(plain('replace("ab", "/(?P<x>a)/", "[$${x}]")'), '[a]b');
    assert.equal(plain('replace("ab", "/(a)/", "$1x")'), 'b');
    assert.equal(plain('replace("ab", "/(a)/", "$${1}x")'), 'axb');
    assert.equal(plain('replace("ab", "/a/", "$$")'), '$b');
    assert.equal(plain('replace("a.b", ".", "-")'), 'a-b', 'without slashes the search is literal');
  });

  it('RE2 semantics: ASCII POSIX classes, flags in the pattern', () => {
    assert.deepEqual(plain('regexall("[[:alpha:]]+", "déf")'), ['d', 'f']);
    assert.equal(plain('regex("(?i)ABC", "xabcx")'), 'abc');
  });

  it('refuses what RE2 refuses, with its message', () => {
    assert.match(
      failureOf('regex("a(?=b)", "ab")'),
      /invalid regular expression: .*invalid or unsupported Perl syntax/,
    );
    assert.match(failureOf('regex("(a)\\\\1", "aa")'), /invalid regular expression: .*invalid escape sequence/);
    assert.match(failureOf('regex("a{1001}", "a")'), /invalid repeat count/);
    assert.match(failureOf('regex("(?P<a>x)(y)", "xy")'), /named and unnamed capture groups cannot be mixed/);
  });

  it('runs catastrophic backtracking patterns in linear time', () => {
    const long = 'a'.repeat(20000);
    // No match: a backtracking engine tries every split of the a's before giving up.
    assert.equal(plain(`replace("${long}b", "/(a+)+$/", "x")`), `${long}b`);
    assert.equal(plain(`replace("${long}", "/(a+)+$/", "x")`), 'x');
    assert.equal(plain(`length(regexall("(a|aa)+c", "${long}"))`), 0);
  });

  it('charges matching to the budget: a spent budget stops it', () => {
    const { body } = readHcl('/ws/x.tf', `x = regexall("(a|b)+", "${'ab'.repeat(5000)}")\n`);
    const budget = new Budget({ steps: 1000, values: 1e6, stringBytes: 1e8, instances: 10, instantiations: 10 });
    const scope: Scope = { bound: () => undefined, reference: () => undefined, budget };
    assert.throws(() => evaluate(body.attributes[0].expr, scope), /evaluation budget \(steps\)/);
  });
});
