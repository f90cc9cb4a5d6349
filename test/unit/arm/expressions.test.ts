import * as assert from 'node:assert/strict';
import { DEFAULT_CONTEXT, contextLocation } from '../../../server/src/graph/context';
import type { Value } from '../../../server/src/graph/value';
import { fromPlain, toPlain, unknown } from '../../../server/src/graph/value';
import type { EvalEnv } from '../../../server/src/frontends/arm/expressions/evaluate';
import { evaluate } from '../../../server/src/frontends/arm/expressions/evaluate';
import { parseExpression } from '../../../server/src/frontends/arm/expressions/parser';
import { Budget } from '../../../server/src/frontends/budget';
import { RG, RG_ID, SUB } from './helpers';

const PARAMS: Record<string, Value> = {
  name: fromPlain('web'),
  count: fromPlain(3),
  list: fromPlain(['a', 'b', 'c']),
  obj: fromPlain({ a: 1, nested: { x: 'y' } }),
  unset: unknown("parameter 'unset' has no value", undefined, "{parameters('unset')}"),
};

function env(): EvalEnv {
  return {
    context: DEFAULT_CONTEXT,
    scope: { subscriptionId: SUB, resourceGroup: RG, location: contextLocation(DEFAULT_CONTEXT) },
    deploymentName: 'dep1',
    parameter: (n) => PARAMS[n],
    variable: () => undefined,
    copyIndex: (loop) => (loop === undefined || loop === 'l' ? fromPlain(2) : undefined),
    reference: () => undefined,
    callUser: () => undefined,
    budget: new Budget(),
  };
}

function run(text: string): Value {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`${parsed.message} at ${parsed.offset}`);
  return evaluate(parsed.expr, env());
}

const plain = (text: string): unknown => toPlain(run(text));

function symbol(text: string): string | undefined {
  const v = run(text);
  assert.equal(v.kind, 'unknown', `${text} should be unknown`);
  return v.kind === 'unknown' ? v.symbol : undefined;
}

describe('ARM expressions: parser', () => {
  it('reads escapes, numbers, booleans, nested calls, properties and indexes', () => {
    assert.equal(plain("[concat('it''s', ' ', string(-12))]"), "it's -12");
    assert.equal(plain('[json(\'{"a":[1,{"b":true}]}\').a[1].b]'), true);
    assert.equal(plain('[if(true, 1, 2)]'), 1);
    assert.equal(plain("[parameters('obj').nested['x']]"), 'y');
  });

  it('reports the offset of a syntax error', () => {
    assert.deepEqual(parseExpression("[concat('a' 'b')]"), {
      ok: false,
      message: 'expected ")" or ",", found \'b\'',
      offset: 12,
    });
    assert.deepEqual(parseExpression("[concat('a)]"), { ok: false, message: 'unterminated string literal', offset: 8 });
    assert.deepEqual(parseExpression('[concat(]'), { ok: false, message: 'expression ends too early', offset: 8 });
  });

  it('stops expressions nested absurdly deep instead of overflowing the stack', () => {
    const deep = `[${'concat('.repeat(5000)}'x'${')'.repeat(5000)}]`;
    const r = parseExpression(deep);
    assert.equal(r.ok, false);
  });
});

describe('ARM expressions: string functions', () => {
  const cases: [string, unknown][] = [
    ["[format('{0}-{1:D3}-{{x}}', 'a', 7)]", 'a-007-{x}'],
    ["[toLower('AbC')]", 'abc'],
    ["[toUpper('AbC')]", 'ABC'],
    ["[trim('  a ')]", 'a'],
    ["[split('a,b;c', createArray(',', ';'))]", ['a', 'b', 'c']],
    ["[join(createArray('a', 'b'), '/')]", 'a/b'],
    ["[replace('a-b-c', '-', '')]", 'abc'],
    ["[substring('abcdef', 2, 3)]", 'cde'],
    ["[startsWith('Hello', 'he')]", true],
    ["[endsWith('Hello', 'LO')]", true],
    ["[indexOf('abcabc', 'c')]", 2],
    ["[lastIndexOf('abcabc', 'c')]", 5],
    ["[padLeft('7', 3, '0')]", '007'],
    ["[string(createObject('a', 1))]", '{"a":1}'],
    ["[int('42')]", 42],
    ["[bool('True')]", true],
    ["[base64('hi')]", 'aGk='],
    ["[base64ToString('aGk=')]", 'hi'],
    ["[uri('https://a.b/c/', 'd.json')]", 'https://a.b/c/d.json'],
    ["[concat('a', 1, true)]", 'a1true'],
  ];
  for (const [expr, expected] of cases) it(expr, () => assert.deepEqual(plain(expr), expected));
});

describe('ARM expressions: arrays, objects and logic', () => {
  const cases: [string, unknown][] = [
    ["[createArray(1, 'a')]", [1, 'a']],
    ["[array('a')]", ['a']],
    ['[concat(createArray(1), createArray(2, 3))]', [1, 2, 3]],
    [
      "[union(createObject('a', 1, 'n', createObject('x', 1)), createObject('b', 2, 'n', createObject('y', 2)))]",
      { a: 1, n: { x: 1, y: 2 }, b: 2 },
    ],
    ['[union(createArray(1, 2), createArray(2, 3))]', [1, 2, 3]],
    ['[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]', [2, 3]],
    ["[contains(parameters('list'), 'b')]", true],
    ["[contains(parameters('obj'), 'A')]", true],
    ["[contains('abc', 'd')]", false],
    ["[empty('')]", true],
    ['[empty(createArray())]', true],
    ["[length(parameters('list'))]", 3],
    ["[first(parameters('list'))]", 'a'],
    ["[last(parameters('list'))]", 'c'],
    ["[take(parameters('list'), 2)]", ['a', 'b']],
    ["[skip(parameters('list'), 2)]", ['c']],
    ['[range(5, 3)]', [5, 6, 7]],
    ['[min(3, 1, 2)]', 1],
    ['[max(createArray(3, 1, 2))]', 3],
    ["[equals(parameters('name'), 'web')]", true],
    ['[not(equals(1, 2))]', true],
    ['[and(true, false)]', false],
    ['[or(false, true)]', true],
    ["[coalesce(null(), 'x')]", 'x'],
    ['[less(1, 2)]', true],
    ['[greaterOrEquals(2, 2)]', true],
    ['[add(2, mul(3, 4))]', 14],
    ['[div(7, 2)]', 3],
    ['[mod(7, 2)]', 1],
    ["[if(equals(parameters('count'), 3), 'three', parameters('missing'))]", 'three'],
    ["[tryGet(parameters('obj'), 'nested', 'x')]", 'y'],
    ["[tryGet(parameters('obj'), 'none')]", null],
    ["[shallowMerge(createArray(createObject('a', 1), createObject('a', 2, 'b', 3)))]", { a: 2, b: 3 }],
    ["[map(parameters('list'), lambda('x', toUpper(lambdaVariables('x'))))]", ['A', 'B', 'C']],
    ["[filter(parameters('list'), lambda('x', not(equals(lambdaVariables('x'), 'b'))))]", ['a', 'c']],
    ["[reduce(range(1, 4), 0, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]", 10],
    ["[toObject(parameters('list'), lambda('x', lambdaVariables('x')), lambda('x', 1))]", { a: 1, b: 1, c: 1 }],
    [
      "[items(createObject('b', 2, 'a', 1))]",
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    ],
    ['[copyIndex()]', 2],
    ["[copyIndex('l', 10)]", 12],
  ];
  for (const [expr, expected] of cases) it(expr, () => assert.deepEqual(plain(expr), expected));
});

describe('ARM expressions: deployment context and ids', () => {
  it('evaluates resourceGroup(), subscription(), tenant() and deployment() against the assumed context', () => {
    assert.equal(plain('[resourceGroup().id]'), RG_ID);
    assert.equal(plain('[resourceGroup().name]'), RG);
    assert.equal(plain('[subscription().subscriptionId]'), SUB);
    assert.equal(plain('[subscription().id]'), `/subscriptions/${SUB}`);
    assert.equal(plain('[tenant().tenantId]'), DEFAULT_CONTEXT.tenantId);
    assert.equal(plain('[deployment().name]'), 'dep1');
    assert.equal(symbol('[resourceGroup().location]'), '{resourceGroup().location}');
  });

  it("uses the public cloud's suffixes for environment()", () => {
    assert.equal(plain('[environment().suffixes.storage]'), 'core.windows.net');
    assert.equal(plain('[environment().suffixes.acrLoginServer]'), '.azurecr.io');
    assert.equal(plain('[environment().name]'), 'AzureCloud');
  });

  it('builds resource ids at every scope', () => {
    assert.equal(
      plain("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]"),
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`,
    );
    assert.equal(
      plain("[resourceId('rg2', 'Microsoft.Network/virtualNetworks', 'v')]"),
      `/subscriptions/${SUB}/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v`,
    );
    assert.equal(
      plain("[resourceId('s2', 'rg2', 'Microsoft.Network/virtualNetworks', 'v')]"),
      '/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v',
    );
    assert.equal(
      plain("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]"),
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/r1`,
    );
    assert.equal(
      plain("[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]"),
      '/providers/Microsoft.Management/managementGroups/mg',
    );
    assert.equal(
      plain(
        "[extensionResourceId(resourceId('Microsoft.Storage/storageAccounts', 'st'), 'Microsoft.Authorization/locks', 'l')]",
      ),
      `${RG_ID}/providers/Microsoft.Storage/storageAccounts/st/providers/Microsoft.Authorization/locks/l`,
    );
  });

  it('reports a wrong number of names as an unknown naming the function', () => {
    const v = run("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v')]");
    assert.equal(
      v.kind === 'unknown' ? v.reason : '',
      "resourceId(): type 'Microsoft.Network/virtualNetworks/subnets' needs 2 names, found 1",
    );
  });

  it('keeps unknown parts as symbols through string and id functions', () => {
    assert.equal(symbol("[concat('vnet-', parameters('unset'))]"), "vnet-{parameters('unset')}");
    assert.equal(symbol("[format('vnet-{0}', parameters('unset'))]"), "vnet-{parameters('unset')}");
    assert.equal(
      symbol("[resourceId('Microsoft.Network/virtualNetworks', parameters('unset'))]"),
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/{parameters('unset')}`,
    );
    assert.equal(symbol("[uniqueString(parameters('unset'))]"), "{uniqueString({parameters('unset')})}");
    assert.equal(symbol("[toLower(parameters('unset'))]"), "{toLower({parameters('unset')})}");
    assert.equal(symbol("[parameters('obj').a.missing.deeper]"), undefined);
  });

  it('does not print a structure with unknown parts as if it were known', () => {
    assert.equal(run("[string(createObject('a', parameters('unset')))]").kind, 'unknown');
    assert.equal(run("[format('{0}', createArray(parameters('unset')))]").kind, 'unknown');
    assert.equal(plain("[length(createArray(parameters('unset'), 1))]"), 2);
  });

  it('refuses absurd sizes instead of building them', () => {
    const v = run("[padLeft('1', 1000000000, '0')]");
    assert.equal(v.kind === 'unknown' ? v.reason : '', 'padLeft(): the length may be at most 10000');
    assert.equal(run('[range(0, 100000)]').kind, 'unknown');
  });

  it('names an unsupported function in the reason', () => {
    const v = run("[someFutureFunction('a')]");
    assert.deepEqual(
      v,
      unknown("function 'someFutureFunction' is not evaluated", undefined, "{someFutureFunction('a')}"),
    );
    const t = run('[utcNow()]');
    assert.equal(t.kind === 'unknown' && t.symbol, undefined);
  });

  it('leaves list*() and reference() to resources outside the deployment unknown', () => {
    const keys = run("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01').keys[0].value]");
    assert.equal(keys.kind === 'unknown' ? keys.reason : '', 'listKeys() returns runtime values');
    const ref = run(
      "[reference('/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/v').addressSpace]",
    );
    assert.equal(ref.kind === 'unknown' ? ref.reason : '', 'the referenced resource is not part of this deployment');
  });

  it('decides equals() on unknowns only when both sides are the same symbol', () => {
    assert.equal(plain("[equals(parameters('unset'), parameters('unset'))]"), true);
    assert.equal(run("[equals(parameters('unset'), 'x')]").kind, 'unknown');
    assert.equal(plain("[and(false, equals(parameters('unset'), 'x'))]"), false);
    assert.equal(plain("[or(true, equals(parameters('unset'), 'x'))]"), true);
    assert.equal(run("[and(true, equals(parameters('unset'), 'x'))]").kind, 'unknown');
  });
});

describe('ARM expressions: hashes', () => {
  // Expected values are Azure's own outputs as published elsewhere: the self-test of a public
  // uniquestring.sh ("verified against Bicep uniqueString() output"), and the test in
  // microsoft/commercial-marketplace-offer-deploy (Modm.Tests.UnitTests.ArmFunctionsTests, which runs
  // Azure.Deployments.Expression's own uniqueString; its later version corrected the value to yvjxno3je5on2).
  const uniqueCases: [string, string][] = [
    ["[uniqueString('test')]", 'rbgf3xv4ufgzg'],
    ["[uniqueString('hello', 'world')]", 'a7wkljktk6wne'],
    ["[uniqueString('abc')]", 'cgtzqvhu4i23s'],
    ["[uniqueString('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg')]", 'bmg7c6xu4tw46'],
    ["[uniqueString('foo', 'bar', 'baz')]", 'xzi4ioaxtmth4'],
    [
      "[uniqueString('/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201')]",
      'yvjxno3je5on2',
    ],
  ];
  for (const [expr, expected] of uniqueCases) it(expr, () => assert.equal(plain(expr), expected));

  it('computes guid() as a version-5 UUID in ARM namespace', () => {
    const g = plain("[guid('a', 'b')]");
    assert.match(String(g), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(plain("[guid('a', 'b')]"), plain("[guid('a-b')]"));
    assert.notEqual(plain("[guid('a', 'b')]"), plain("[guid('b', 'a')]"));
  });
});

describe('ARM expressions: CIDR functions', () => {
  // Expected values from Microsoft's template-functions-cidr documentation examples.
  it('parseCidr', () =>
    assert.deepEqual(plain("[parseCidr('10.144.0.0/20')]"), {
      network: '10.144.0.0',
      netmask: '255.255.240.0',
      broadcast: '10.144.15.255',
      firstUsable: '10.144.0.1',
      lastUsable: '10.144.15.254',
      cidr: 20,
    }));
  it('cidrSubnet', () =>
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((i) => plain(`[cidrSubnet('10.144.0.0/20', 24, ${i})]`)),
      ['10.144.0.0/24', '10.144.1.0/24', '10.144.2.0/24', '10.144.3.0/24', '10.144.4.0/24'],
    ));
  it('cidrHost', () =>
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((i) => plain(`[cidrHost('10.144.3.0/24', ${i})]`)),
      ['10.144.3.1', '10.144.3.2', '10.144.3.3', '10.144.3.4', '10.144.3.5'],
    ));
  it('leaves IPv6 unknown with a reason', () => {
    const v = run("[cidrSubnet('fdad:3236:5555::/48', 52, 0)]");
    assert.equal(v.kind === 'unknown' ? v.reason : '', "cidrSubnet(): 'fdad:3236:5555::/48' is not an IPv4 CIDR range");
  });
});
