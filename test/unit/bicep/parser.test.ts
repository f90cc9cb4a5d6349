import * as assert from 'node:assert/strict';
import type {
  BicepFile,
  Expr,
  Located,
  ObjectExpr,
  ResourceDecl,
  Statement,
} from '../../../server/src/frontends/bicep/syntax';
import { parseBicep } from '../../../server/src/frontends/bicep/syntax';

function parse(text: string, params = false): BicepFile {
  return parseBicep(text, { params });
}

/** Parses text that must be free of syntax errors. */
function clean(text: string, params = false): BicepFile {
  const file = parse(text, params);
  assert.deepEqual(
    file.errors.map((e) => `${e.message} @${e.start}`),
    [],
  );
  return file;
}

function src(file: BicepFile, node: Located): string {
  return file.text.slice(node.start, node.end);
}

function only<K extends Statement['kind']>(file: BicepFile, kind: K): Extract<Statement, { kind: K }> {
  const found = file.statements.filter((s) => s.kind === kind);
  assert.equal(found.length, 1, `one ${kind} declaration`);
  return found[0] as Extract<Statement, { kind: K }>;
}

/** The value of `var x = …` in a one-variable file. */
function valueOf(text: string): { file: BicepFile; value: Expr } {
  const file = clean(`var x = ${text}\n`);
  return { file, value: only(file, 'var').value };
}

function prop(obj: Expr, key: string): Expr {
  assert.equal(obj.kind, 'object');
  const p = (obj as ObjectExpr).members.find((m) => m.kind === 'property' && m.key === key);
  assert.ok(p && p.kind === 'property', `property ${key}`);
  return p.value;
}

describe('bicep parser: declarations', () => {
  it('reads every kind of top-level declaration with exact spans', () => {
    const text = [
      "targetScope = 'resourceGroup'",
      "metadata info = { owner: 'me' }",
      'extension microsoftGraphV1',
      "extension 'br:mcr.microsoft.com/bicep/extensions/kubernetes:1.0' with { namespace: 'x' } as k8s",
      "import { subnetType, nsg as nsgType } from './types.bicep'",
      "import * as shared from './shared.bicep'",
      "@description('The VNet name')",
      '@minLength(3)',
      "param vnetName string = 'vnet'",
      'param tags object?',
      "param existingVnet resource 'Microsoft.Network/virtualNetworks@2023-05-01'",
      "var prefix = 'p'",
      "var typed string = 'a'",
      'type cidr = string',
      '@export()',
      "func subnetId(vnet string, name string) string => '${vnet}/subnets/${name}'",
      "resource vnet 'Microsoft.Network/virtualNetworks@2023-05-01' = {",
      '  name: vnetName',
      '}',
      "module net './network.bicep' = {",
      "  name: 'net'",
      '}',
      'output vnetId string = vnet.id',
      "output res resource 'Microsoft.Network/virtualNetworks@2023-05-01' = vnet",
      '',
    ].join('\n');
    const file = clean(text);
    assert.deepEqual(
      file.statements.map((s) => s.kind),
      [
        'targetScope',
        'metadata',
        'extension',
        'extension',
        'import',
        'import',
        'param',
        'param',
        'param',
        'var',
        'var',
        'type',
        'func',
        'resource',
        'module',
        'output',
        'output',
      ],
    );
    const param = file.statements[6];
    assert.equal(param.kind, 'param');
    assert.equal(src(file, param), "@description('The VNet name')\n@minLength(3)\nparam vnetName string = 'vnet'");
    assert.deepEqual(
      param.decorators.map((d) => [d.name, src(file, d)]),
      [
        ['description', "@description('The VNet name')"],
        ['minLength', '@minLength(3)'],
      ],
    );
    assert.equal(param.kind === 'param' && param.type?.name, 'string');
    const nullable = file.statements[7];
    assert.ok(nullable.kind === 'param' && nullable.type?.nullable);
    const resourceParam = file.statements[8];
    assert.ok(resourceParam.kind === 'param' && resourceParam.type?.name === 'resource');
    const imp = file.statements[4];
    assert.ok(imp.kind === 'import');
    assert.deepEqual(
      imp.symbols?.map((s) => [s.name.text, s.alias?.text]),
      [
        ['subnetType', undefined],
        ['nsg', 'nsgType'],
      ],
    );
    const star = file.statements[5];
    assert.ok(star.kind === 'import' && star.wildcard?.text === 'shared');
    const ext = file.statements[3];
    assert.ok(ext.kind === 'extension' && ext.alias?.text === 'k8s' && ext.config?.kind === 'object');
    const func = only(file, 'func');
    assert.deepEqual(
      func.params.map((p) => p.name.text),
      ['vnet', 'name'],
    );
    assert.equal(func.body.kind, 'lambda');
    const res = only(file, 'resource');
    assert.equal(src(file, res.name), 'vnet');
    assert.equal(src(file, res.type), "'Microsoft.Network/virtualNetworks@2023-05-01'");
    assert.equal(src(file, prop(res.body, 'name')), 'vnetName');
  });

  it('reads existing resources, conditions and loops as resource bodies', () => {
    const file = clean(
      [
        "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {",
        '  name: kvName',
        "  scope: resourceGroup('rg-shared')",
        '}',
        "resource pe 'Microsoft.Network/privateEndpoints@2023-05-01' = if (deployPe) {",
        "  name: 'pe'",
        '}',
        '@batchSize(2)',
        "resource subnets 'Microsoft.Network/virtualNetworks/subnets@2023-05-01' = [for (s, i) in items: if (s.enabled) {",
        '  name: s.name',
        '}]',
        "resource many 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, 3): {",
        "  name: 'st${i}'",
        '}]',
        '',
      ].join('\n'),
    );
    const [kv, pe, subnets, many] = file.statements as ResourceDecl[];
    assert.ok(kv.existing);
    assert.equal(src(file, prop(kv.body, 'scope')), "resourceGroup('rg-shared')");
    assert.equal(pe.body.kind, 'if');
    assert.ok(pe.body.kind === 'if' && src(file, pe.body.test) === '(deployPe)');
    assert.equal(subnets.body.kind, 'for');
    assert.ok(subnets.body.kind === 'for');
    assert.equal(subnets.body.item?.text, 's');
    assert.equal(subnets.body.index?.text, 'i');
    assert.equal(subnets.body.body.kind, 'if');
    assert.equal(subnets.decorators[0].name, 'batchSize');
    assert.ok(many.body.kind === 'for' && src(file, many.body.iterable) === 'range(0, 3)');
  });

  it('reads nested child resources and parent/child access', () => {
    const file = clean(
      [
        "resource vnet 'Microsoft.Network/virtualNetworks@2023-05-01' = {",
        "  name: 'vnet'",
        '  properties: {}',
        "  resource aks 'subnets' = {",
        "    name: 'aks'",
        '  }',
        '}',
        'output id string = vnet::aks.id',
        '',
      ].join('\n'),
    );
    const vnet = only(file, 'resource');
    const nested = (vnet.body as ObjectExpr).members.find((m) => m.kind === 'resource');
    assert.ok(nested?.kind === 'resource');
    assert.equal(nested.decl.name.text, 'aks');
    assert.equal(src(file, nested.decl.type), "'subnets'");
    const out = only(file, 'output').value;
    assert.ok(out.kind === 'member' && out.target.kind === 'child' && out.target.name.text === 'aks');
  });

  it('reads .bicepparam files: using, assignments, variables, imports', () => {
    const file = clean(
      [
        "using './main.bicep'",
        "import { defaults } from './defaults.bicep'",
        "var env = 'prod'",
        "param location = 'westeurope'",
        "param secret = az.getSecret('sub', 'rg', 'kv', 'name')",
        "param fromEnv = readEnvironmentVariable('X', 'y')",
        '',
      ].join('\n'),
      true,
    );
    const using = file.statements[0];
    assert.ok(using.kind === 'using' && !using.none && src(file, using.path as Expr) === "'./main.bicep'");
    const params = file.statements.filter((s) => s.kind === 'param');
    assert.deepEqual(
      params.map((p) => p.kind === 'param' && [p.name.text, p.type, p.value && src(file, p.value)]),
      [
        ['location', undefined, "'westeurope'"],
        ['secret', undefined, "az.getSecret('sub', 'rg', 'kv', 'name')"],
        ['fromEnv', undefined, "readEnvironmentVariable('X', 'y')"],
      ],
    );
    const none = clean('using none\nparam x = 1\n', true);
    assert.ok(none.statements[0].kind === 'using' && none.statements[0].none);
  });

  it('reads test, assert, extends and extensionConfig declarations', () => {
    const main = clean("test check './main.bicep' = {\n  params: { a: 1 }\n}\nassert positive = 1 > 0\n");
    assert.deepEqual(
      main.statements.map((s) => s.kind),
      ['test', 'assert'],
    );
    const params = clean(
      "using './main.bicep'\nextends './base.bicepparam'\nextensionConfig k8s with {\n  namespace: 'ml'\n}\n",
      true,
    );
    assert.deepEqual(
      params.statements.map((s) => s.kind),
      ['using', 'extends', 'extensionConfig'],
    );
  });

  it('reads user-defined types without evaluating them', () => {
    const file = clean(
      [
        '@export()',
        '@sealed()',
        'type subnet = {',
        "  @description('Name')",
        '  name: string',
        '  prefix: string?',
        '  *: int',
        '}',
        "@discriminator('kind')",
        "type pet = { kind: 'cat', lives: int } | { kind: 'dog' }",
        'type names = string[]',
        'type pair = [int, string]',
        'type choice =',
        "  | 'a'",
        "  | 'b'",
        "type saName = resourceInput<'Microsoft.Storage/storageAccounts@2023-01-01'>.name",
        "type props = resourceOutput<'Microsoft.Storage/storageAccounts@2023-01-01'>.properties.networkAcls",
        'type el = names[*]',
        "param acls resourceInput<'Microsoft.Storage/storageAccounts@2023-01-01'>.properties.networkAcls?",
        'param nums (1 | 2 | 3)[] = [1]',
        '',
      ].join('\n'),
    );
    assert.equal(file.statements.filter((s) => s.kind === 'type').length, 8);
    const acls = file.statements.find((s) => s.kind === 'param' && s.name.text === 'acls');
    assert.ok(acls?.kind === 'param' && acls.type?.nullable);
  });

  it('keeps comments and #disable-next-line pragmas beside the tree', () => {
    const file = clean(
      [
        '// leading comment',
        '#disable-next-line no-unused-params',
        'param x string /* trailing */',
        '/* block',
        '   comment */',
        '// aml-network-guard-disable-next-line private-cluster-public-fqdn',
        "var y = 'a' // end",
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      file.comments.map((c) => [c.kind, c.text]),
      [
        ['line', '// leading comment'],
        ['pragma', '#disable-next-line no-unused-params'],
        ['block', '/* trailing */'],
        ['block', '/* block\n   comment */'],
        ['line', '// aml-network-guard-disable-next-line private-cluster-public-fqdn'],
        ['line', '// end'],
      ],
    );
    assert.equal(file.statements.length, 2);
  });

  it('reads CRLF line ends like LF', () => {
    const file = clean('param a string\r\n\r\nvar b = {\r\n  c: a\r\n}\r\n');
    assert.equal(file.statements.length, 2);
  });
});

describe('bicep parser: expressions', () => {
  it('reads operators with Bicep precedence', () => {
    const { file, value } = valueOf('a || b && c == d + e * f');
    assert.ok(value.kind === 'binary' && value.op === '||');
    assert.ok(value.right.kind === 'binary' && value.right.op === '&&');
    assert.ok(value.right.right.kind === 'binary' && value.right.right.op === '==');
    assert.equal(src(file, value.right.right.right), 'd + e * f');
    const coalesce = valueOf('a ?? b || c').value;
    assert.ok(coalesce.kind === 'binary' && coalesce.op === '??');
    const ternary = valueOf('a == 1 ? b : c ?? d').value;
    assert.ok(ternary.kind === 'ternary' && ternary.no.kind === 'binary');
    const insensitive = valueOf("a =~ 'X' && b !~ 'y' && c != d && !e && -1 < f").value;
    assert.equal(insensitive.kind, 'binary');
    const negative = valueOf('-5').value;
    assert.deepEqual([negative.kind, negative.kind === 'number' && negative.value], ['number', -5]);
  });

  it('reads multi-line ternaries', () => {
    const { value } = valueOf("cond\n  ? 'a'\n  : 'b'");
    assert.equal(value.kind, 'ternary');
  });

  it('reads member, safe, index, from-end and non-null access', () => {
    const { file, value } = valueOf('a.b.?c[0][?d][^1]!.e');
    assert.equal(src(file, value), 'a.b.?c[0][?d][^1]!.e');
    assert.ok(value.kind === 'member' && value.name.text === 'e');
    const nonNull = value.target;
    assert.equal(nonNull.kind, 'nonNull');
    const fromEnd = nonNull.kind === 'nonNull' ? nonNull.target : nonNull;
    assert.ok(fromEnd.kind === 'index' && fromEnd.fromEnd && !fromEnd.safe);
    const safeIndex = fromEnd.kind === 'index' ? fromEnd.target : fromEnd;
    assert.ok(safeIndex.kind === 'index' && safeIndex.safe);
    const safeMember = valueOf('a.?b').value;
    assert.ok(safeMember.kind === 'member' && safeMember.safe);
  });

  it('reads function calls, namespaces, and multi-line arguments', () => {
    const { file, value } = valueOf('union(\n  a,\n  az.resourceGroup().tags,\n  sys.concat([], [])\n)');
    assert.ok(value.kind === 'call' && value.name.text === 'union' && value.args.length === 3);
    const az = value.args[1];
    assert.ok(az.kind === 'member' && az.target.kind === 'call' && az.target.target?.kind === 'identifier');
    assert.equal(src(file, az.target), 'az.resourceGroup()');
    const noComma = valueOf("concat(\n  'a'\n  'b'\n)").value;
    assert.ok(noComma.kind === 'call' && noComma.args.length === 2);
  });

  it('reads strings: escapes, interpolation, multi-line', () => {
    const esc = valueOf("'it\\'s \\n \\t \\\\ \\$ \\u{1F600} ${'$'}{x}'").value;
    assert.ok(esc.kind === 'string');
    assert.deepEqual(esc.segments, ["it's \n \t \\ $ 😀 ", '{x}']);
    const interp = valueOf("'${a}-${b.c}x'");
    assert.ok(interp.value.kind === 'string');
    assert.deepEqual(interp.value.segments, ['', '-', 'x']);
    assert.deepEqual(
      interp.value.holes.map((h) => src(interp.file, h)),
      ['a', 'b.c'],
    );
    const objInHole = valueOf("'${union({ a: 1 }, {}).a}'").value;
    assert.ok(objInHole.kind === 'string' && objInHole.holes[0].kind === 'member');
    const multi = valueOf("'''\nline 1\n  it's ${not} a hole\n'''").value;
    assert.ok(multi.kind === 'string' && multi.multiline);
    assert.deepEqual(multi.segments, ["line 1\n  it's ${not} a hole\n"]);
    const quotes = valueOf("''''quoted''''").value;
    assert.ok(quotes.kind === 'string');
    assert.deepEqual(quotes.segments, ["'quoted'"]);
    const interpMulti = valueOf("$'''\nhello ${name}!\n'''").value;
    assert.ok(interpMulti.kind === 'string');
    assert.deepEqual(interpMulti.segments, ['hello ', '!\n']);
    const twoDollars = valueOf("$$'''${x} $${y}'''").value;
    assert.ok(twoDollars.kind === 'string');
    assert.deepEqual(twoDollars.segments, ['${x} ', '']);
  });

  it('reads objects and arrays with newline or comma separators, and spreads', () => {
    const { value } = valueOf("{\n  a: 1\n  'b-c': [1, 2, 3]\n  d: { e: true, f: null }\n  ...rest\n}");
    assert.ok(value.kind === 'object');
    assert.deepEqual(
      value.members.map((m) => (m.kind === 'property' ? m.key : m.kind)),
      ['a', 'b-c', 'd', 'spread'],
    );
    const arr = valueOf('[\n  1\n  ...others\n  3, 4\n]').value;
    assert.ok(arr.kind === 'array');
    assert.deepEqual(
      arr.items.map((i) => i.kind),
      ['item', 'spread', 'item', 'item'],
    );
    const interpKey = valueOf("{ '${name}-x': 1 }").value;
    assert.ok(interpKey.kind === 'object' && interpKey.members[0].kind === 'property' && interpKey.members[0].keyExpr);
  });

  it('reads lambdas, including ones returning objects', () => {
    const one = valueOf('map(items, x => x.name)').value;
    assert.ok(one.kind === 'call' && one.args[1].kind === 'lambda');
    const two = valueOf('reduce(items, 0, (acc, x) => acc + x)').value;
    assert.ok(two.kind === 'call' && two.args[2].kind === 'lambda');
    const lambda = two.args[2];
    assert.deepEqual(lambda.kind === 'lambda' && lambda.params.map((p) => p.text), ['acc', 'x']);
    const obj = valueOf('map(items, x => {\n  name: x.name\n  id: x.id\n})').value;
    assert.ok(obj.kind === 'call' && obj.args[1].kind === 'lambda' && obj.args[1].body.kind === 'object');
    const none = valueOf('sort(items, (a, b) => a < b)').value;
    assert.equal(none.kind, 'call');
  });

  it('reads for-expressions in values, with filters', () => {
    const { value } = valueOf('[for (x, i) in items: if (i > 0) { name: x }]');
    assert.ok(value.kind === 'for' && value.body.kind === 'if');
    const plain = valueOf('[\n  for x in range(0, 3): x * 2\n]').value;
    assert.equal(plain.kind, 'for');
  });
});

describe('bicep parser: recovery from half-typed input', () => {
  /** The resources still read from `text`, and how many errors it has. */
  function recovered(text: string): { names: string[]; errors: number; file: BicepFile } {
    const file = parse(text);
    const names = file.statements.filter((s) => s.kind === 'resource').map((s) => (s as ResourceDecl).name.text);
    return { names, errors: file.errors.length, file };
  }

  const after = "\nresource after 'Microsoft.Network/virtualNetworks@2023-05-01' = {\n  name: 'after'\n}\n";
  const cases: [string, string][] = [
    ['a keyword alone', 'resource'],
    ['a resource without type', 'resource half'],
    ['a resource without body', "resource half 'Microsoft.Storage/storageAccounts@2023-01-01' ="],
    ['an unclosed resource body', "resource half 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'"],
    ['a property without value', "resource half 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name:\n}"],
    ['a property without colon', "resource half 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name\n}"],
    [
      'an unclosed nested object',
      "resource half 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  properties: {\n",
    ],
    ['a param without type', 'param p'],
    ['a param with a half default', 'param p string ='],
    ['a var without value', 'var v ='],
    ['an unclosed call', 'var v = concat(\n'],
    ['an unclosed array', 'var v = [\n  1\n'],
    ['a member access without name', 'var v = a.'],
    ['an unterminated string', "var v = 'abc"],
    ['an unclosed interpolation', "var v = 'a${b'"],
    ['an output without value', 'output o string ='],
    ['a module without body', "module m './x.bicep' ="],
    ['a condition without body', "resource half 'T@1' = if (x)"],
    ['a half loop', "resource half 'T@1' = [for x in "],
    ['an unclosed decorator', "@description('x'"],
    ['a stray token', '}}}'],
    ['a half import', 'import {'],
    ['a half ternary', 'var v = a ?'],
    ['a half lambda', 'var v = map(xs, x =>'],
    ['a binary without right side', 'var v = 1 +'],
    ['an unclosed multi-line string', "var v = '''\nabc"],
  ];
  for (const [what, half] of cases) {
    it(`recovers from ${what} and still reads the next resource`, () => {
      const r = recovered(`${half}\n${after}`);
      assert.ok(r.errors > 0, 'the half-typed text is an error');
      assert.ok(r.names.includes('after'), `resources read: ${r.names.join(', ')}`);
      const afterDecl = r.file.statements.find((s) => s.kind === 'resource' && s.name.text === 'after');
      assert.ok(afterDecl?.kind === 'resource');
      assert.equal(src(r.file, prop(afterDecl.body, 'name')), "'after'");
    });
  }

  it('keeps the properties read before an error in the same resource', () => {
    const { file } = recovered(
      "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'st'\n  kind: \n  location: loc\n}\n",
    );
    const st = only(file, 'resource');
    assert.deepEqual(
      (st.body as ObjectExpr).members.map((m) => m.kind === 'property' && m.key),
      ['name', 'kind', 'location'],
    );
    assert.equal(prop(st.body, 'kind').kind, 'error');
  });

  it('reports a half-typed declaration once, not once per missing part', () => {
    for (const half of ['param', 'resource', 'resource x', "module m './a.bicep'", 'output', 'var']) {
      const file = parse(`${half}\n`);
      assert.equal(file.errors.length, 1, `${half}: ${file.errors.map((e) => e.message).join('; ')}`);
    }
  });

  it('never hangs or throws on deep nesting and garbage', () => {
    const deep = `var v = ${'['.repeat(5000)}${']'.repeat(5000)}\nvar w = 1\n`;
    const file = parse(deep);
    assert.ok(file.errors.length > 0);
    assert.ok(file.statements.some((s) => s.kind === 'var' && s.name.text === 'w'));
    const garbage = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
    parse(garbage);
    parse("'".repeat(1000));
    parse('${'.repeat(1000));
    parse("'${".repeat(1000));
  });
});
