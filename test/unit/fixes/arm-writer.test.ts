import * as assert from 'node:assert/strict';
import type { ParseError } from 'jsonc-parser';
import { parse } from 'jsonc-parser';
import { armWriter } from '../../../server/src/fixes/arm-writer';
import type { FixIntent } from '../../../server/src/fixes/intent';
import { applyEdits } from '../../../server/src/fixes/apply-edits';
import { resourceAt } from './arm-resource';

const FILE = '/ws/azuredeploy.json';
const FQDN = 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN';

function template(resources: string, indent = '  ', eol = '\n'): string {
  return ['{', `${indent}"resources": [`, resources, `${indent}]`, '}', ''].join(eol);
}

/** Runs the writer for a setProperty on resource 0 and returns the new text (undefined: no fix). */
function setProperty(text: string, path: string, value: string | number | boolean): string | undefined {
  const intent: FixIntent = { kind: 'setProperty', title: 't', resource: resourceAt(FILE, text, 0), path, value };
  const edits = armWriter.write(intent, (f) => (f === FILE ? text : undefined));
  return edits && applyEdits(text, edits);
}

function parsesCleanly(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, []);
  return value;
}

describe('ARM fix writer: setProperty', () => {
  it('replaces a literal value in place', () => {
    const text = template(
      [
        '    {',
        '      "type": "Microsoft.ContainerService/managedClusters",',
        '      "properties": {',
        '        "apiServerAccessProfile": { "enablePrivateCluster": true, "enablePrivateClusterPublicFQDN": true }',
        '      }',
        '    }',
      ].join('\n'),
    );
    const out = setProperty(text, FQDN, false);
    assert.equal(
      out,
      text.replace('"enablePrivateClusterPublicFQDN": true', '"enablePrivateClusterPublicFQDN": false'),
    );
  });

  it('matches property names case-insensitively, as ARM does', () => {
    const text = template(
      '    { "properties": { "APIServerAccessProfile": { "EnablePrivateClusterPublicFqdn": "true" } } }',
    );
    const out = setProperty(text, FQDN, false);
    assert.equal(out, text.replace('"true"', 'false'));
  });

  it('offers no fix when the value is an expression (computed elsewhere)', () => {
    const text = template(
      '    { "properties": { "apiServerAccessProfile": { "enablePrivateClusterPublicFQDN": "[parameters(\'fqdn\')]" } } }',
    );
    assert.equal(setProperty(text, FQDN, false), undefined);
  });

  it('offers no fix when an object on the path is an expression', () => {
    const text = template('    { "properties": "[variables(\'clusterProperties\')]" }');
    assert.equal(setProperty(text, FQDN, false), undefined);
  });

  it('treats an escaped bracket string as a literal', () => {
    const text = template(
      '    { "properties": { "apiServerAccessProfile": { "enablePrivateClusterPublicFQDN": "[[x]" } } }',
    );
    assert.equal(setProperty(text, FQDN, false), text.replace('"[[x]"', 'false'));
  });

  it('offers no fix when the value already is the one asked for', () => {
    const text = template(
      '    { "properties": { "apiServerAccessProfile": { "enablePrivateClusterPublicFQDN": false } } }',
    );
    assert.equal(setProperty(text, FQDN, false), undefined);
  });

  it('inserts missing intermediate objects in the file indentation (4 spaces)', () => {
    const text = template(
      [
        '        {',
        '            "type": "Microsoft.ContainerService/managedClusters",',
        '            "properties": {',
        '                "dnsPrefix": "aks"',
        '            }',
        '        }',
      ].join('\n'),
      '    ',
    );
    const expected = template(
      [
        '        {',
        '            "type": "Microsoft.ContainerService/managedClusters",',
        '            "properties": {',
        '                "dnsPrefix": "aks",',
        '                "apiServerAccessProfile": {',
        '                    "enablePrivateClusterPublicFQDN": false',
        '                }',
        '            }',
        '        }',
      ].join('\n'),
      '    ',
    );
    const out = setProperty(text, FQDN, false);
    assert.equal(out, expected);
    parsesCleanly(out);
  });

  it('uses tabs and CRLF when the file does', () => {
    const text = template(
      ['\t\t{', '\t\t\t"properties": {', '\t\t\t\t"dnsPrefix": "aks"', '\t\t\t}', '\t\t}'].join('\r\n'),
      '\t',
      '\r\n',
    );
    const out = setProperty(text, 'properties.networkProfile.serviceCidr', '10.0.0.0/16');
    assert.equal(
      out,
      template(
        [
          '\t\t{',
          '\t\t\t"properties": {',
          '\t\t\t\t"dnsPrefix": "aks",',
          '\t\t\t\t"networkProfile": {',
          '\t\t\t\t\t"serviceCidr": "10.0.0.0/16"',
          '\t\t\t\t}',
          '\t\t\t}',
          '\t\t}',
        ].join('\r\n'),
        '\t',
        '\r\n',
      ),
    );
  });

  it('fills an empty object', () => {
    const text = template(['    {', '      "properties": {}', '    }'].join('\n'));
    const out = setProperty(text, 'properties.publicNetworkAccess', 'Disabled');
    assert.equal(
      out,
      template(
        ['    {', '      "properties": {', '        "publicNetworkAccess": "Disabled"', '      }', '    }'].join('\n'),
      ),
    );
  });

  it('creates `properties` itself when the resource has none', () => {
    const text = template(['    {', '      "name": "aks"', '    }'].join('\n'));
    const out = setProperty(text, 'properties.networkAcls.bypass', 'AzureServices');
    assert.deepEqual(parsesCleanly(out ?? ''), {
      resources: [{ name: 'aks', properties: { networkAcls: { bypass: 'AzureServices' } } }],
    });
    assert.equal(
      out,
      template(
        [
          '    {',
          '      "name": "aks",',
          '      "properties": {',
          '        "networkAcls": {',
          '          "bypass": "AzureServices"',
          '        }',
          '      }',
          '    }',
        ].join('\n'),
      ),
    );
  });

  it('keeps a one-line object on one line', () => {
    const text = template('    { "name": "aks", "properties": { "dnsPrefix": "aks" } }');
    const out = setProperty(text, FQDN, false);
    assert.equal(
      out,
      template(
        '    { "name": "aks", "properties": { "dnsPrefix": "aks", "apiServerAccessProfile": { "enablePrivateClusterPublicFQDN": false } } }',
      ),
    );
  });

  it('leaves a comment after the last member on its line', () => {
    const text = template(['    {', '      "name": "aks" // the cluster', '    }'].join('\n'));
    const out = setProperty(text, 'location', 'westeurope');
    assert.equal(
      out,
      template(['    {', '      "name": "aks", // the cluster', '      "location": "westeurope"', '    }'].join('\n')),
    );
  });

  it('keeps trailing commas when the author uses them', () => {
    const text = template(['    {', '      "name": "aks",', '    }'].join('\n'));
    const out = setProperty(text, 'location', 'westeurope');
    assert.equal(
      out,
      template(['    {', '      "name": "aks",', '      "location": "westeurope",', '    }'].join('\n')),
    );
  });

  it('offers no fix in a template that does not parse', () => {
    const good = template(['    {', '      "name": "aks"', '    }'].join('\n'));
    const resource = resourceAt(FILE, good, 0);
    const broken = good.replace('"aks"', '"aks",,');
    const intent: FixIntent = { kind: 'setProperty', title: 't', resource, path: 'location', value: 'x' };
    assert.equal(
      armWriter.write(intent, () => broken),
      undefined,
    );
  });

  it('offers no fix when the file cannot be read', () => {
    const text = template('    { "name": "aks" }');
    const intent: FixIntent = {
      kind: 'setProperty',
      title: 't',
      resource: resourceAt(FILE, text, 0),
      path: 'x',
      value: 1,
    };
    assert.equal(
      armWriter.write(intent, () => undefined),
      undefined,
    );
  });

  it('offers no fix through an array item that does not exist', () => {
    const text = template('    { "properties": { "agentPoolProfiles": [] } }');
    assert.equal(setProperty(text, 'properties.agentPoolProfiles[0].vnetSubnetID', 'x'), undefined);
  });

  it('writes into an existing array item', () => {
    const text = template('    { "properties": { "agentPoolProfiles": [ { "name": "a", "count": 1 } ] } }');
    assert.equal(
      setProperty(text, 'properties.agentPoolProfiles[0].count', 3),
      text.replace('"count": 1', '"count": 3'),
    );
  });
});

describe('ARM fix writer: copyProperty', () => {
  const text = template(
    [
      '    {',
      '      "type": "Microsoft.MachineLearningServices/workspaces",',
      '      "location": "[parameters(\'location\')]"',
      '    },',
      '    {',
      '      "type": "Microsoft.ContainerService/managedClusters",',
      '      "location": "westus"',
      '    },',
      '    {',
      '      "type": "Microsoft.Resources/deployments",',
      '      "properties": { "template": { "resources": [ { "name": "inner", "location": "eastus" } ] } }',
      '    }',
    ].join('\n'),
  );
  const read = (f: string): string | undefined => (f === FILE ? text : undefined);
  const workspace = resourceAt(FILE, text, 0);
  const cluster = resourceAt(FILE, text, 1);
  const inner = resourceAt(FILE, text, 0, ['resources', 2, 'properties', 'template']);

  const copy = (resource: typeof cluster, from: typeof cluster): string | undefined => {
    const intent: FixIntent = {
      kind: 'copyProperty',
      title: 't',
      resource,
      path: 'location',
      from,
      fromPath: 'location',
    };
    const edits = armWriter.write(intent, read);
    return edits && applyEdits(text, edits);
  };

  it("writes the source property's expression at the target", () => {
    assert.equal(copy(cluster, workspace), text.replace('"westus"', '"[parameters(\'location\')]"'));
  });

  it('copies a literal across templates', () => {
    assert.equal(copy(inner, cluster), text.replace('"eastus"', '"westus"'));
  });

  it('does not carry an expression into a nested template, where it would mean something else', () => {
    assert.equal(copy(inner, workspace), undefined);
  });

  it('copies across files only what does not depend on the source template', () => {
    const otherFile = '/ws/network.json';
    const other = template(
      [
        '    { "name": "a", "location": "northeurope" },',
        '    { "name": "b", "location": "[resourceGroup().location]" }',
      ].join('\n'),
    );
    const readBoth = (f: string): string | undefined => (f === FILE ? text : f === otherFile ? other : undefined);
    const fromOther = (index: number): FixIntent => ({
      kind: 'copyProperty',
      title: 't',
      resource: cluster,
      path: 'location',
      from: resourceAt(otherFile, other, index),
      fromPath: 'location',
    });
    const literal = armWriter.write(fromOther(0), readBoth);
    assert.equal(literal && applyEdits(text, literal), text.replace('"westus"', '"northeurope"'));
    assert.equal(armWriter.write(fromOther(1), readBoth), undefined);
  });

  it('offers no fix when the source property is absent', () => {
    const intent: FixIntent = {
      kind: 'copyProperty',
      title: 't',
      resource: cluster,
      path: 'location',
      from: workspace,
      fromPath: 'properties.location',
    };
    assert.equal(armWriter.write(intent, read), undefined);
  });
});
