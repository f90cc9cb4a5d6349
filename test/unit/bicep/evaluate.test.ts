import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { toPlain } from '../../../server/src/graph/value';
import { ROOT, RG, SUB, bySymbol, load, loadMain, plainAt, rgId, textAt, valueAt } from './helpers';

const VNET = "'Microsoft.Network/virtualNetworks@2023-05-01'";
const SUBNET = "'Microsoft.Network/virtualNetworks/subnets@2023-05-01'";
const ST = "'Microsoft.Storage/storageAccounts@2023-01-01'";

/** `output`-free probe: the value of `expr` as the `properties.v` of a resource. */
function probe(expr: string, before = ''): unknown {
  const result = loadMain(
    `${before}\nresource probe ${ST} = {\n  name: 'probe'\n  properties: {\n    v: ${expr}\n  }\n}\n`,
  );
  return plainAt(bySymbol(result, 'probe'), 'properties.v');
}

describe('bicep evaluation: expressions through the ARM evaluator', () => {
  it('evaluates operators, ternaries, coalescing, safe access and non-null', () => {
    assert.equal(probe('1 + 2 * 3 - 4 / 2 % 3'), 5);
    assert.equal(probe("'a' == 'a' && 1 != 2 || false"), true);
    assert.equal(probe("'ABC' =~ 'abc'"), true);
    assert.equal(probe("'ABC' !~ 'abc'"), false);
    assert.equal(probe('!(3 < 2) && 3 >= 3 && 2 <= 3 && 4 > 1'), true);
    assert.equal(probe("true ? 'yes' : 'no'"), 'yes');
    assert.equal(probe("null ?? 'fallback'"), 'fallback');
    assert.equal(probe("o.?missing ?? 'none'", 'var o = { a: 1 }'), 'none');
    assert.equal(probe("o[?'a']", 'var o = { a: 1 }'), 1);
    assert.equal(probe('xs[^1]', 'var xs = [1, 2, 3]'), 3);
    assert.equal(probe('o.a!', 'var o = { a: 7 }'), 7);
    assert.equal(probe('-x', 'var x = 4'), -4);
  });

  it('evaluates interpolation, multi-line strings and escapes', () => {
    assert.equal(probe("'${a}-${b}-{literal}'", "var a = 'x'\nvar b = 3"), 'x-3-{literal}');
    assert.equal(probe("'''\nraw ${not}\n'''"), 'raw ${not}\n');
    assert.equal(probe("'it\\'s'"), "it's");
  });

  it('evaluates spreads and nested literals', () => {
    assert.deepEqual(probe('{ ...base, b: 2 }', 'var base = { a: 1, b: 1 }'), { a: 1, b: 2 });
    assert.deepEqual(probe('[0, ...xs, 3]', 'var xs = [1, 2]'), [0, 1, 2, 3]);
    assert.deepEqual(probe('union({ a: { b: 1 } }, { a: { c: 2 } })'), { a: { b: 1, c: 2 } });
  });

  it('evaluates lambdas: map, filter, reduce, sort, toObject, groupBy, mapValues, objectKeys, items', () => {
    const xs = "var xs = [{ n: 'b', v: 2 }, { n: 'a', v: 1 }, { n: 'c', v: 2 }]";
    assert.deepEqual(probe('map(xs, x => x.n)', xs), ['b', 'a', 'c']);
    assert.deepEqual(probe('map(xs, (x, i) => i)', xs), [0, 1, 2]);
    assert.deepEqual(probe('map(filter(xs, x => x.v > 1), x => x.n)', xs), ['b', 'c']);
    assert.equal(probe('reduce(xs, 0, (acc, x) => acc + x.v)', xs), 5);
    assert.deepEqual(probe('map(sort(xs, (a, b) => a.n < b.n), x => x.n)', xs), ['a', 'b', 'c']);
    assert.deepEqual(probe('toObject(xs, x => x.n, x => x.v)', xs), { b: 2, a: 1, c: 2 });
    assert.deepEqual(probe('mapValues(groupBy(xs, x => string(x.v)), g => length(g))', xs), { '2': 2, '1': 1 });
    assert.deepEqual(probe('objectKeys({ a: 1, b: 2 })'), ['a', 'b']);
    assert.deepEqual(probe('map(items({ b: 2, a: 1 }), e => e.key)'), ['a', 'b']);
    assert.deepEqual(probe('map(xs, x => { name: x.n })', xs), [{ name: 'b' }, { name: 'a' }, { name: 'c' }]);
  });

  it('evaluates for-expressions in values, with index and filter', () => {
    assert.deepEqual(probe('[for (x, i) in [5, 6, 7]: if (i != 1) { v: x * 10 }]'), [{ v: 50 }, { v: 70 }]);
    assert.deepEqual(probe("[for i in range(0, 3): 'sn-${i}']"), ['sn-0', 'sn-1', 'sn-2']);
  });

  it('evaluates CIDR functions and the az./sys. namespaces', () => {
    assert.equal(probe("cidrSubnet('10.0.0.0/16', 24, 3)"), '10.0.3.0/24');
    assert.equal(probe("cidrHost('10.0.1.0/24', 3)"), '10.0.1.4');
    assert.equal(probe("parseCidr('10.0.0.0/22').broadcast"), '10.0.3.255');
    assert.equal(probe('az.resourceGroup().name'), RG);
    assert.equal(probe("sys.concat('a', 'b')"), 'ab');
    assert.equal(probe('subscription().subscriptionId'), SUB);
  });

  it('calls user-defined functions and imported variables and functions', () => {
    const result = loadMain(
      [
        "import { prefix, withPrefix } from './shared.bicep'",
        "import * as shared from './shared.bicep'",
        "func twice(s string) string => '${s}${s}'",
        `resource probe ${ST} = {`,
        "  name: 'probe'",
        '  properties: {',
        "    a: twice('x')",
        '    b: prefix',
        "    c: withPrefix('y')",
        "    d: shared.withPrefix('z')",
        '  }',
        '}',
        '',
      ].join('\n'),
      {
        'shared.bicep':
          "@export()\nvar prefix = 'pre'\n@export()\nfunc withPrefix(s string) string => '${prefix}-${s}'\n",
      },
    );
    assert.deepEqual(plainAt(bySymbol(result, 'probe'), 'properties'), { a: 'xx', b: 'pre', c: 'pre-y', d: 'pre-z' });
  });

  it('inlines load*Content files read inside the workspace, and leaves others unknown', () => {
    const result = load({
      'main.bicep': [
        `resource probe ${ST} = {`,
        "  name: 'probe'",
        '  properties: {',
        "    text: loadTextContent('script.sh')",
        "    json: loadJsonContent('cfg.json').a.b",
        "    path: loadJsonContent('cfg.json', '$.a.b')",
        "    b64: loadFileAsBase64('script.sh')",
        "    outside: loadTextContent('../../etc/passwd')",
        '  }',
        '}',
        '',
      ].join('\n'),
      'script.sh': 'echo hi',
      'cfg.json': '{ "a": { "b": 42 } }',
    });
    const probeRes = bySymbol(result, 'probe');
    assert.equal(plainAt(probeRes, 'properties.text'), 'echo hi');
    assert.equal(plainAt(probeRes, 'properties.json'), 42);
    assert.equal(plainAt(probeRes, 'properties.path'), 42);
    assert.equal(plainAt(probeRes, 'properties.b64'), Buffer.from('echo hi').toString('base64'));
    assert.equal(valueAt(probeRes, 'properties.outside')?.kind, 'unknown');
  });

  it('leaves readEnvironmentVariable and runtime methods unknown', () => {
    const result = load({
      'main.bicep': `param p string\nresource probe ${ST} = {\n  name: 'probe'\n  properties: {\n    v: p\n  }\n}\n`,
      'main.bicepparam': "using './main.bicep'\nparam p = readEnvironmentVariable('HOME', 'x')\n",
    });
    assert.equal(valueAt(bySymbol(result, 'probe'), 'properties.v')?.kind, 'unknown');
  });

  it('maps every value to its Bicep source range', () => {
    const text = `param loc string = 'westeurope'\nresource st ${ST} = {\n  name: 'st\${uniqueString(loc)}'\n  location: loc\n  properties: {\n    minimumTlsVersion: 'TLS1_2'\n  }\n}\n`;
    const st = bySymbol(loadMain(text), 'st');
    // A value computed elsewhere lands where it is used: that is the text to change.
    assert.equal(textAt(text, valueAt(st, 'location')?.span), 'loc');
    assert.equal(textAt(text, valueAt(st, 'properties.minimumTlsVersion')?.span), "'TLS1_2'");
    const props = st.body.entries.find((e) => e.key === 'properties');
    assert.equal(textAt(text, props?.keySpan), 'properties');
    assert.equal(textAt(text, st.nameSpan), "'st${uniqueString(loc)}'");
    assert.equal(st.language, 'bicep');
    assert.equal(st.file, path.join(ROOT, 'main.bicep'));
  });
});

describe('bicep evaluation: parameters', () => {
  const main = `param name string\nparam sku string = 'Standard_LRS'\nparam tags object?\nresource st ${ST} = {\n  name: name\n  sku: { name: sku }\n  tags: tags\n}\n`;

  it('uses defaults, leaves unset ones unknown with a stable symbol, and null for nullable ones', () => {
    const st = bySymbol(loadMain(main), 'st');
    assert.equal(st.id, rgId('Microsoft.Storage/storageAccounts', "{parameters('name')}"));
    assert.equal(st.idKnown, false);
    assert.equal(plainAt(st, 'sku.name'), 'Standard_LRS');
    assert.equal(valueAt(st, 'tags')?.kind, 'null');
  });

  it('takes values from the .bicepparam file that uses the template, with its variables', () => {
    const result = load({
      'main.bicep': main,
      'main.bicepparam': "using './main.bicep'\nvar env = 'prod'\nparam name = 'st${env}'\nparam sku = 'Premium_LRS'\n",
    });
    const st = bySymbol(result, 'st');
    assert.equal(st.id, rgId('Microsoft.Storage/storageAccounts', 'stprod'));
    assert.equal(plainAt(st, 'sku.name'), 'Premium_LRS');
  });

  it('takes values from JSON parameter files named in settings, over the .bicepparam', () => {
    const result = load(
      {
        'main.bicep': main,
        'main.bicepparam': "using './main.bicep'\nparam name = 'fromparam'\n",
        'prod.json': JSON.stringify({ parameters: { name: { value: 'fromjson' } } }),
      },
      { parameterFiles: ['prod.json'] },
    );
    assert.equal(bySymbol(result, 'st').name, 'fromjson');
  });

  it('reads main.parameters.json beside the template, a Key Vault reference as unknown', () => {
    const result = load({
      'main.bicep': main,
      'main.parameters.json': JSON.stringify({
        parameters: { name: { reference: { keyVault: { id: '/x' }, secretName: 's' } }, sku: { value: 'Premium_LRS' } },
      }),
    });
    const st = bySymbol(result, 'st');
    assert.equal(st.idKnown, false);
    assert.equal(plainAt(st, 'sku.name'), 'Premium_LRS');
  });
});

describe('bicep evaluation: resources', () => {
  it('resolves symbolic .id, .name and .properties of other resources', () => {
    const result = loadMain(
      [
        `resource vnet ${VNET} = {`,
        "  name: 'vnet-hub'",
        "  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }] }",
        '}',
        `resource st ${ST} = {`,
        "  name: 'st${vnet.name}'",
        '  properties: {',
        '    vnetId: vnet.id',
        '    prefix: vnet.properties.addressSpace.addressPrefixes[0]',
        '    firstSubnet: vnet.properties.subnets[0].id',
        '    provisioning: vnet.properties.provisioningState',
        '    type: vnet.type',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const st = bySymbol(result, 'st');
    assert.equal(st.name, 'stvnet-hub');
    assert.equal(plainAt(st, 'properties.vnetId'), rgId('Microsoft.Network/virtualNetworks', 'vnet-hub'));
    assert.equal(plainAt(st, 'properties.prefix'), '10.0.0.0/16');
    assert.equal(
      plainAt(st, 'properties.firstSubnet'),
      rgId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub', 'pe'),
    );
    assert.equal(valueAt(st, 'properties.provisioning')?.kind, 'unknown');
    assert.equal(plainAt(st, 'properties.type'), 'Microsoft.Network/virtualNetworks');
  });

  it('gives existing resources known ids (in their scope) and unknown properties', () => {
    const result = loadMain(
      [
        `resource hub ${VNET} existing = {`,
        "  name: 'vnet-hub'",
        "  scope: resourceGroup('rg-net')",
        '}',
        `resource st ${ST} = {`,
        "  name: 'st'",
        '  properties: {',
        '    hubId: hub.id',
        '    space: hub.properties.addressSpace',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const hub = bySymbol(result, 'hub');
    const id = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
    assert.equal(hub.origin, 'existing');
    assert.equal(hub.id, id);
    const st = bySymbol(result, 'st');
    assert.equal(plainAt(st, 'properties.hubId'), id);
    assert.equal(valueAt(st, 'properties.space')?.kind, 'unknown');
  });

  it('composes names, types and ids of nested children and parent: children as Bicep does', () => {
    const result = loadMain(
      [
        `resource vnet ${VNET} = {`,
        "  name: 'vnet'",
        "  resource aks 'subnets' = {",
        "    name: 'aks'",
        "    properties: { addressPrefix: '10.0.0.0/24' }",
        '  }',
        '}',
        `resource pe ${SUBNET} = {`,
        '  parent: vnet',
        "  name: 'pe'",
        '}',
        `resource full ${SUBNET} = {`,
        "  name: 'vnet/full'",
        '}',
        `resource st ${ST} = {`,
        "  name: 'st'",
        '  properties: { aks: vnet::aks.id, aksName: vnet::aks.name, pe: pe.name }',
        '}',
        '',
      ].join('\n'),
    );
    const aks = bySymbol(result, 'vnet::aks');
    assert.equal(aks.type, 'Microsoft.Network/virtualNetworks/subnets');
    assert.equal(aks.name, 'vnet/aks');
    assert.equal(aks.id, rgId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'aks'));
    assert.equal(aks.parentKey, bySymbol(result, 'vnet').key);
    assert.equal(bySymbol(result, 'pe').id, rgId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'pe'));
    assert.equal(bySymbol(result, 'full').parentKey, bySymbol(result, 'vnet').key);
    const st = bySymbol(result, 'st');
    assert.equal(plainAt(st, 'properties.aks'), aks.id);
    // Bicep's `.name` of a child is its own name; its full ARM name is `vnet/aks`.
    assert.equal(plainAt(st, 'properties.aksName'), 'aks');
    assert.equal(plainAt(st, 'properties.pe'), 'pe');
  });

  it('puts extension resources on the resource they extend', () => {
    const result = loadMain(
      [
        `resource st ${ST} = {`,
        "  name: 'st'",
        '}',
        "resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
        "  name: guid(st.id, 'reader')",
        '  scope: st',
        '}',
        '',
      ].join('\n'),
    );
    const ra = bySymbol(result, 'ra');
    assert.ok(
      ra.id.startsWith(
        `${rgId('Microsoft.Storage/storageAccounts', 'st')}/providers/Microsoft.Authorization/roleAssignments/`,
      ),
    );
    assert.ok(ra.idKnown);
  });

  it('expands loops over arrays and ranges, and reads loop members by index', () => {
    const result = loadMain(
      [
        "var names = ['a', 'b']",
        `resource sts ${ST} = [for (n, i) in names: {`,
        "  name: 'st${n}${i}'",
        '}]',
        `resource vnets ${VNET} = [for i in range(0, 3): {`,
        "  name: 'vnet${i}'",
        '}]',
        `resource probe ${ST} = {`,
        "  name: 'probe'",
        '  properties: { second: sts[1].name, ids: map(range(0, 3), i => vnets[i].id) }',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      result.resources.filter((r) => r.symbol === 'sts').map((r) => r.name),
      ['sta0', 'stb1'],
    );
    assert.equal(result.resources.filter((r) => r.symbol === 'vnets').length, 3);
    const p = bySymbol(result, 'probe');
    assert.equal(plainAt(p, 'properties.second'), 'stb1');
    assert.deepEqual(
      plainAt(p, 'properties.ids'),
      [0, 1, 2].map((i) => rgId('Microsoft.Network/virtualNetworks', `vnet${i}`)),
    );
  });

  it('removes resources whose condition is false; an unknown condition or loop makes them maybe', () => {
    const result = loadMain(
      [
        'param deploy bool',
        'param items array',
        `resource off ${ST} = if (false) {`,
        "  name: 'off'",
        '}',
        `resource maybe ${ST} = if (deploy) {`,
        "  name: 'maybe'",
        '}',
        `resource filtered ${ST} = [for (x, i) in ['a', 'b']: if (x == 'b') {`,
        "  name: 'st${x}'",
        '}]',
        `resource unknownLoop ${ST} = [for x in items: {`,
        "  name: 'st${x}'",
        '}]',
        '',
      ].join('\n'),
    );
    assert.equal(result.resources.filter((r) => r.symbol === 'off').length, 0);
    assert.equal(bySymbol(result, 'maybe').presence, 'maybe');
    assert.deepEqual(
      result.resources.filter((r) => r.symbol === 'filtered').map((r) => r.name),
      ['stb'],
    );
    const loop = result.resources.filter((r) => r.symbol === 'unknownLoop');
    assert.equal(loop.length, 1);
    assert.equal(loop[0].presence, 'maybe');
  });
});

describe('bicep evaluation: modules', () => {
  const network = [
    'param vnetName string',
    "param prefix string = '10.0.0.0/16'",
    `resource vnet ${VNET} = {`,
    '  name: vnetName',
    '  properties: { addressSpace: { addressPrefixes: [prefix] } }',
    '}',
    'output vnetId string = vnet.id',
    'output prefix string = prefix',
    '',
  ].join('\n');

  it('follows local modules with parameters in and outputs out', () => {
    const result = load({
      'main.bicep': [
        "module net './modules/network.bicep' = {",
        "  name: 'net'",
        "  params: { vnetName: 'vnet-spoke' }",
        '}',
        `resource st ${ST} = {`,
        "  name: 'st'",
        '  properties: { vnet: net.outputs.vnetId, prefix: net.outputs.prefix, dep: net.name }',
        '}',
        '',
      ].join('\n'),
      'modules/network.bicep': network,
    });
    assert.deepEqual(result.problems, []);
    const vnet = bySymbol(result, 'vnet');
    assert.equal(vnet.file, path.join(ROOT, 'modules/network.bicep'));
    assert.equal(vnet.id, rgId('Microsoft.Network/virtualNetworks', 'vnet-spoke'));
    assert.equal(vnet.instantiatedBy?.[0].message, "instantiated by module 'net' in main.bicep");
    assert.equal(vnet.instantiatedBy?.[0].span.file, path.join(ROOT, 'main.bicep'));
    const st = bySymbol(result, 'st');
    assert.equal(plainAt(st, 'properties.vnet'), vnet.id);
    assert.equal(plainAt(st, 'properties.prefix'), '10.0.0.0/16');
    assert.equal(plainAt(st, 'properties.dep'), 'net');
    const dep = bySymbol(result, 'net');
    assert.equal(dep.type, 'Microsoft.Resources/deployments');
    assert.equal(dep.id, rgId('Microsoft.Resources/deployments', 'net'));
  });

  it("gives a module's resources the resource group of its scope, as ARM ids", () => {
    const result = load({
      'main.bicep':
        "module net './network.bicep' = {\n  name: 'net'\n  scope: resourceGroup('rg-net')\n  params: { vnetName: 'v' }\n}\n",
      'network.bicep': network,
    });
    assert.equal(
      bySymbol(result, 'vnet').id,
      `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v`,
    );
    const other = load({
      'main.bicep':
        "module net './network.bicep' = {\n  name: 'net'\n  scope: resourceGroup('sub-2', 'rg-x')\n  params: { vnetName: 'v' }\n}\n",
      'network.bicep': network,
    });
    assert.equal(
      bySymbol(other, 'vnet').id,
      '/subscriptions/sub-2/resourceGroups/rg-x/providers/Microsoft.Network/virtualNetworks/v',
    );
  });

  it('analyses a module once per distinct input', () => {
    const twice = (a: string, b: string): string =>
      `module a './network.bicep' = {\n  name: 'a'\n  params: { vnetName: '${a}' }\n}\nmodule b './network.bicep' = {\n  name: 'a'\n  params: { vnetName: '${b}' }\n}\n`;
    const same = load({ 'main.bicep': twice('v', 'v'), 'network.bicep': network });
    assert.equal(same.resources.filter((r) => r.symbol === 'vnet').length, 1);
    const different = load({ 'main.bicep': twice('v1', 'v2'), 'network.bicep': network });
    assert.deepEqual(
      different.resources.filter((r) => r.symbol === 'vnet').map((r) => r.name),
      ['v1', 'v2'],
    );
  });

  it('expands module loops and conditions', () => {
    const result = load({
      'main.bicep': [
        "module nets './network.bicep' = [for n in ['x', 'y']: {",
        "  name: 'net-${n}'",
        '  params: { vnetName: n }',
        '}]',
        "module off './network.bicep' = if (false) {",
        "  name: 'off'",
        "  params: { vnetName: 'off' }",
        '}',
        `resource st ${ST} = {`,
        "  name: 'st'",
        '  properties: { second: nets[1].outputs.vnetId }',
        '}',
        '',
      ].join('\n'),
      'network.bicep': network,
    });
    assert.deepEqual(
      result.resources.filter((r) => r.symbol === 'vnet').map((r) => r.name),
      ['x', 'y'],
    );
    assert.equal(plainAt(bySymbol(result, 'st'), 'properties.second'), rgId('Microsoft.Network/virtualNetworks', 'y'));
  });

  it('follows ARM JSON templates used as modules', () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { vnetName: { type: 'string' } },
      resources: [
        { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-05-01', name: "[parameters('vnetName')]" },
      ],
      outputs: {
        id: { type: 'string', value: "[resourceId('Microsoft.Network/virtualNetworks', parameters('vnetName'))]" },
      },
    };
    const result = load({
      'main.bicep': `module net './net.json' = {\n  name: 'net'\n  params: { vnetName: 'vj' }\n}\nresource st ${ST} = {\n  name: 'st'\n  properties: { vnet: net.outputs.id }\n}\n`,
      'net.json': JSON.stringify(template),
    });
    const vnet = result.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    assert.equal(vnet?.id, rgId('Microsoft.Network/virtualNetworks', 'vj'));
    assert.equal(vnet?.language, 'arm');
    assert.equal(plainAt(bySymbol(result, 'st'), 'properties.vnet'), vnet?.id);
  });

  it('does not fetch registry or template-spec modules: unknown outputs, one info on the module line', () => {
    const text = [
      "module pe 'br/public:avm/res/network/private-endpoint:0.10.1' = {",
      "  name: 'pe'",
      '}',
      "module spec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {",
      "  name: 'spec'",
      '}',
      `resource st ${ST} = {`,
      "  name: 'st'",
      '  properties: { peId: pe.outputs.resourceId }',
      '}',
      '',
    ].join('\n');
    const result = load({ 'main.bicep': text });
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, p.span.start.line]),
      [
        ['module-not-local', 'info', 0],
        ['module-not-local', 'info', 3],
      ],
    );
    assert.equal(valueAt(bySymbol(result, 'st'), 'properties.peId')?.kind, 'unknown');
    assert.equal(
      plainAt(bySymbol(result, 'pe'), 'properties.templateLink.uri'),
      'br/public:avm/res/network/private-endpoint:0.10.1',
    );
  });

  it('reports module cycles and missing modules instead of following them', () => {
    const cycle = load({
      'main.bicep': "module a './a.bicep' = {\n  name: 'a'\n}\n",
      'a.bicep': "module b './b.bicep' = {\n  name: 'b'\n}\n",
      'b.bicep': "module a './a.bicep' = {\n  name: 'a2'\n}\n",
    });
    assert.deepEqual(
      cycle.problems.map((p) => [p.code, path.basename(p.span.file)]),
      [['module-cycle', 'b.bicep']],
    );
    const missing = load({ 'main.bicep': "module a './nowhere.bicep' = {\n  name: 'a'\n}\n" });
    assert.deepEqual(
      missing.problems.map((p) => p.code),
      ['module-missing'],
    );
  });

  it('takes as deployments only the files no other file uses as a module', () => {
    const result = load({
      'main.bicep': "module net './network.bicep' = {\n  name: 'net'\n  params: { vnetName: 'from-main' }\n}\n",
      'network.bicep': network,
    });
    assert.deepEqual(
      result.resources.filter((r) => r.symbol === 'vnet').map((r) => r.name),
      ['from-main'],
    );
  });

  it('analyses the Bicep source of a compiled main.json only, and says so once', () => {
    const compiled = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      metadata: { _generator: { name: 'bicep', version: '0.30.0' } },
      resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st' }],
    });
    const both = load({ 'main.bicep': `resource st ${ST} = {\n  name: 'st'\n}\n`, 'main.json': compiled });
    assert.equal(both.resources.length, 1);
    assert.equal(both.resources[0].language, 'bicep');
    assert.deepEqual(
      both.problems.map((p) => [p.code, path.basename(p.span.file)]),
      [['compiled-bicep', 'main.json']],
    );
    const alone = load({ 'main.json': compiled });
    assert.deepEqual(
      alone.resources.map((r) => r.language),
      ['arm'],
    );
    assert.deepEqual(alone.problems, []);
    assert.deepEqual(toPlain(alone.resources[0].body), {});
  });

  it('reports a syntax error once, briefly, and still reads the rest', () => {
    const result = load({
      'main.bicep': `resource half ${ST} = {\n  name: \n  kind: 'StorageV2'\nresource st ${ST} = {\n  name: 'st'\n}\n`,
    });
    const errors = result.problems.filter((p) => p.code === 'parse-error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^Bicep syntax error: .*\(and \d+ more\)/);
    assert.ok(result.resources.some((r) => r.symbol === 'st'));
  });
});
