import * as assert from 'node:assert/strict';
import { readHcl } from '../../../server/src/frontends/terraform/hcl-reader';
import { readTfJson } from '../../../server/src/frontends/terraform/json-reader';
import type { Expr } from '../../../server/src/frontends/terraform/syntax';
import { ready, textAt, where } from './helpers';

const FILE = '/ws/main.tf';

describe('terraform reader (tree-sitter)', () => {
  before(ready);

  it('reads blocks, labels and attributes with exact spans', () => {
    const text = 'resource "azurerm_subnet" "aks" {\n  name = "snet-aks"\n  address_prefixes = ["10.0.1.0/24"]\n}\n';
    const { body, problems } = readHcl(FILE, text);
    assert.deepEqual(problems, []);
    const block = body.blocks[0];
    assert.equal(block.type, 'resource');
    assert.deepEqual(
      block.labels.map((l) => l.value),
      ['azurerm_subnet', 'aks'],
    );
    assert.equal(textAt(text, block.headerSpan), 'resource "azurerm_subnet" "aks"');
    assert.equal(where(block.span), '1:1-4:2');
    const name = block.body.attributes[0];
    assert.equal(textAt(text, name.span), 'name = "snet-aks"');
    assert.equal(textAt(text, name.nameSpan), 'name');
    assert.equal(textAt(text, name.expr.span), '"snet-aks"');
  });

  it('keeps traversals, indexes and splats as steps', () => {
    const { body } = readHcl(FILE, 'x = azurerm_subnet.s["k"].id\ny = a.b[0].c\nz = a[*].id\nw = a.0\n');
    const [x, y, z, w] = body.attributes.map((a) => a.expr);
    assert.equal(x.kind, 'traverse');
    const steps = (e: Expr) => (e.kind === 'traverse' ? e.steps.map((s) => s.kind) : []);
    assert.deepEqual(steps(x), ['attr', 'index', 'attr']);
    assert.deepEqual(steps(y), ['attr', 'index', 'attr']);
    assert.deepEqual(steps(z), ['splat']);
    assert.deepEqual(steps(w), ['index']);
  });

  it('reads escapes, heredocs and non-ASCII text at the right columns', () => {
    const text = 'a = "é\\n\\"q\\" $${x}"\nb = <<-EOT\n    one\n      two\n    EOT\nc = 1\n';
    const { body, problems } = readHcl(FILE, text);
    assert.deepEqual(problems, []);
    const [a, b, c] = body.attributes;
    assert.equal(a.expr.kind === 'literal' ? a.expr.value : undefined, 'é\n"q" ${x}');
    if (b.expr.kind === 'template') assert.deepEqual(b.expr.parts, ['one\n  two\n']);
    assert.equal(where(c.span), '6:1-6:6');
  });

  it('reports syntax errors at their exact range and still reads the rest', () => {
    const text = 'resource "a" "b" {\n  x = [1, 2\n  z = 2\n}\n\nresource "c" "d" {\n  y = 1 +\n  w = 3\n}\n';
    const { body, problems } = readHcl(FILE, text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.message, where(p.span)]),
      [
        ['parse-error', 'error', "syntax error: missing ']'", '3:3-3:3'],
        ['parse-error', 'error', "syntax error near '= 1 +'", '7:5-8:4'],
      ],
    );
    const labels = body.blocks.map(
      (b) => `${b.labels.map((l) => l.value).join('.')}:${b.body.attributes.map((a) => a.name)}`,
    );
    assert.deepEqual(labels, ['a.b:x,z', 'c.d:y']);
  });

  it('reports one parse error per error site, not each node of the recovery', () => {
    // A deleted `{`: the parser reports a MISSING ')' and, one column on, an ERROR at the ')' it
    // could not place; an ERROR that swallowed the closing brace is followed by a MISSING '}'.
    const missingBrace = 'resource "a" "s" {\n  tags = merge(var.tags,  a = "b" })\n  x = 1\n}\n';
    assert.deepEqual(
      readHcl(FILE, missingBrace).problems.map((p) => [p.message, where(p.span)]),
      [["syntax error near 'a ='", '2:27-2:30']],
    );
    const swallowed = 'resource "a" "s" {\n  name = "s"\n  a)ddress = [1]\n}\n';
    const problems = readHcl(FILE, swallowed).problems;
    assert.equal(problems.length, 1, problems.map((p) => p.message).join('; '));
    assert.equal(where(problems[0].span).split('-')[0], '3:3');
  });

  it('reports a missing closing brace', () => {
    const { problems } = readHcl(FILE, 'module "m" {\n  source = "./x"\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /missing '}'/);
    assert.equal(where(problems[0].span), '3:1-3:1');
  });

  it('reports nesting beyond the limit instead of overflowing the stack', () => {
    const depth = 5000;
    const { problems } = readHcl(FILE, `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    assert.ok(problems.some((p) => p.code === 'parse-error' && /nesting deeper/.test(p.message)));
  });

  it('reads the JSON syntax into the same blocks, templates placed in the JSON text', () => {
    const text =
      '{\n  "resource": {\n    "azurerm_subnet": {\n      "aks": { "name": "${var.prefix}-snet" }\n    }\n  }\n}\n';
    const { body, problems } = readTfJson('/ws/main.tf.json', text);
    assert.deepEqual(problems, []);
    const block = body.blocks[0];
    assert.deepEqual(
      block.labels.map((l) => l.value),
      ['azurerm_subnet', 'aks'],
    );
    const name = block.body.attributes[0];
    assert.equal(name.expr.kind, 'template');
    assert.equal(textAt(text, name.expr.span), '"${var.prefix}-snet"');
    if (name.expr.kind === 'template') {
      const ref = name.expr.parts[0];
      assert.ok(typeof ref !== 'string');
      if (typeof ref !== 'string') assert.equal(textAt(text, ref.span), 'var.prefix');
    }
  });

  it('reports JSON syntax errors as parse errors', () => {
    const { problems } = readTfJson('/ws/main.tf.json', '{ "resource": { ');
    assert.ok(problems.length > 0);
    assert.equal(problems[0].code, 'parse-error');
  });
});
