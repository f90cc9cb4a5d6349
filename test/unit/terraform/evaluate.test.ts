import * as assert from 'node:assert/strict';
import type { Scope } from '../../../server/src/frontends/terraform/evaluate';
import { evaluate } from '../../../server/src/frontends/terraform/evaluate';
import { readHcl } from '../../../server/src/frontends/terraform/hcl-reader';
import type { Value } from '../../../server/src/graph/value';
import { fromPlain, toPlain, unknown } from '../../../server/src/graph/value';
import { ready } from './helpers';

function scopeWith(vars: Record<string, Value>): Scope {
  return {
    bound: () => undefined,
    reference: (root, attrs) =>
      root === 'var' && attrs[0] !== undefined && vars[attrs[0]] ? { value: vars[attrs[0]], used: 1 } : undefined,
  };
}

function run(expr: string, vars: Record<string, unknown> = {}): Value {
  const { body, problems } = readHcl('/ws/x.tf', `x = ${expr}\n`);
  assert.deepEqual(problems, [], `parse problems in ${expr}`);
  const values: Record<string, Value> = {};
  for (const [k, v] of Object.entries(vars))
    values[k] = v instanceof Object && 'kind' in v ? (v as Value) : fromPlain(v);
  return evaluate(body.attributes[0].expr, scopeWith(values));
}

const plain = (expr: string, vars?: Record<string, unknown>) => toPlain(run(expr, vars));

describe('terraform evaluator', () => {
  before(ready);

  it('evaluates literals, operators, conditionals and templates', () => {
    assert.equal(plain('1 + 2 * 3'), 7);
    assert.equal(plain('!true || 2 >= 2'), true);
    assert.equal(plain('var.n > 1 ? "many" : "one"', { n: 3 }), 'many');
    assert.equal(plain('"${var.p}-vnet-${1 + 1}"', { p: 'ml' }), 'ml-vnet-2');
    assert.equal(plain('"${var.n}"', { n: 3 }), 3, 'a lone interpolation keeps its type');
    assert.equal(plain('-(4)'), -4);
    assert.equal(plain('<<EOT\n  x ${var.p} y\nz\nEOT', { p: 'V' }), '  x V y\nz\n');
    assert.equal(plain('<<-EOT\n    p ${var.p}\n      q\n    EOT', { p: 'V' }), 'p V\n  q\n');
    assert.equal(plain('(1 + 2) * 2'), 6);
  });

  it('evaluates collections, indexes, splats and for expressions', () => {
    assert.deepEqual(plain('{ a = 1, "b" = [2, 3] }'), { a: 1, b: [2, 3] });
    assert.equal(plain('var.m["k"].x', { m: { k: { x: 'y' } } }), 'y');
    assert.equal(plain('var.l[1]', { l: ['a', 'b'] }), 'b');
    assert.deepEqual(plain('var.l[*].id', { l: [{ id: 1 }, { id: 2 }] }), [1, 2]);
    assert.deepEqual(plain('[for s in var.l : upper(s) if s != "b"]', { l: ['a', 'b', 'c'] }), ['A', 'C']);
    assert.deepEqual(plain('{ for k, v in var.m : v => k }', { m: { b: 'x', a: 'y' } }), { y: 'a', x: 'b' });
    assert.deepEqual(plain('{ for s in var.l : substr(s, 0, 1) => s... }', { l: ['ab', 'ac', 'b'] }), {
      a: ['ab', 'ac'],
      b: ['b'],
    });
  });

  it('evaluates the network functions', () => {
    assert.equal(plain('cidrsubnet("10.0.0.0/16", 8, 2)'), '10.0.2.0/24');
    assert.equal(plain('cidrsubnet("10.1.0.0/16", 4, 15)'), '10.1.240.0/20');
    assert.equal(plain('cidrhost("10.0.0.0/16", 10)'), '10.0.0.10');
    assert.equal(plain('cidrhost("10.0.0.0/24", -2)'), '10.0.0.254');
    assert.equal(plain('cidrnetmask("172.16.0.0/12")'), '255.240.0.0');
    assert.deepEqual(plain('cidrsubnets("10.0.0.0/16", 8, 8, 4)'), ['10.0.0.0/24', '10.0.1.0/24', '10.0.16.0/20']);
    assert.equal(run('cidrsubnet("10.0.0.0/30", 8, 0)').kind, 'unknown', 'too many bits');
    // IPv6 as Terraform computes it (Go's canonical IPv6 text).
    assert.equal(plain('cidrsubnet("fd00:db8::/32", 16, 5)'), 'fd00:db8:5::/48');
    assert.equal(plain('cidrhost("fd00:db8::/64", 10)'), 'fd00:db8::a');
    assert.deepEqual(plain('cidrsubnets("fd00::/56", 8, 8)'), ['fd00::/64', 'fd00:0:0:1::/64']);
    assert.equal(run('cidrnetmask("fd00::/64")').kind, 'unknown', 'cidrnetmask is IPv4 only');
  });

  it('evaluates the string and collection functions', () => {
    assert.equal(plain('format("%s-%03d", "aks", 7)'), 'aks-007');
    assert.equal(plain('join("-", ["a", "b"], ["c"])'), 'a-b-c');
    assert.deepEqual(plain('split(",", "a,b")'), ['a', 'b']);
    assert.equal(plain('lower("AbC")'), 'abc');
    assert.equal(plain('upper("abc")'), 'ABC');
    assert.equal(plain('replace("a-b-c", "-", "")'), 'abc');
    assert.equal(plain('replace("a1b22", "/[0-9]+/", "_")'), 'a_b_');
    assert.deepEqual(plain('concat([1], [2, 3])'), [1, 2, 3]);
    assert.deepEqual(plain('merge({ a = 1, b = 2 }, { b = 3 })'), { a: 1, b: 3 });
    assert.equal(plain('lookup({ a = 1 }, "b", 9)'), 9);
    assert.equal(plain('element(["a", "b"], 3)'), 'b');
    assert.equal(plain('try(var.missing.x, "fallback")'), 'fallback');
    assert.equal(plain('coalesce("", "x")'), 'x');
    assert.equal(plain('length({ a = 1, b = 2 })'), 2);
    assert.deepEqual(plain('tolist(["a"])'), ['a']);
    assert.deepEqual(plain('toset(["b", "a", "b"])'), ['a', 'b']);
    assert.deepEqual(plain('tomap({ a = "x" })'), { a: 'x' });
    assert.deepEqual(plain('keys({ b = 1, a = 2 })'), ['a', 'b']);
    assert.deepEqual(plain('values({ b = 1, a = 2 })'), [2, 1]);
    assert.deepEqual(plain('flatten([[1, [2]], 3])'), [1, 2, 3]);
    assert.deepEqual(plain('distinct([1, 1, 2])'), [1, 2]);
    assert.equal(plain('contains(["a", "b"], "b")'), true);
    assert.equal(plain('jsonencode({ a = [1, true] })'), '{"a":[1,true]}');
    assert.deepEqual(plain('jsondecode("{\\"a\\": [1]}")'), { a: [1] });
  });

  it('keeps unknowns unknown, with a symbol that renders the expression', () => {
    const u = unknown('no value', undefined, '{var.prefix}');
    const name = run('"${var.prefix}-vnet"', { prefix: u });
    assert.equal(name.kind, 'unknown');
    assert.equal(name.kind === 'unknown' ? name.symbol : '', '{var.prefix}-vnet');
    const lowered = run('lower(var.prefix)', { prefix: u });
    assert.equal(lowered.kind === 'unknown' ? lowered.symbol : '', 'lower({var.prefix})');
    assert.equal(run('var.prefix == "x" ? 1 : 2', { prefix: u }).kind, 'unknown');
    assert.equal(plain('length([var.prefix, "b"])', { prefix: u }), 2, 'a list of unknowns still has a length');
    assert.equal(run('file("x.txt")').kind, 'unknown', 'functions reading files are not run');
  });

  it('turns errors into unknowns instead of throwing', () => {
    for (const bad of ['1 / 0', 'nosuch.thing', '[1][5]', 'jsondecode("{")', 'element([], 0)', '"a" + 1']) {
      assert.equal(run(bad).kind, 'unknown', bad);
    }
  });
});
