import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isIgnored } from '../../server/src/config-file/ignore';
import { mergeLayers } from '../../server/src/config-file/layers';
import { readSettings } from '../../server/src/lsp/settings';

const FOLDER = path.resolve('/ws/project');

describe('amlNetworkGuard settings → a configuration layer', () => {
  it('maps every setting, resolving paths from the workspace folder', () => {
    const settings = readSettings(
      {
        severity: { 'private-cluster-public-fqdn': 'warning', 'nsg-scoring-inbound': 'off' },
        parameterFiles: ['env/prod.parameters.json'],
        varFiles: ['/abs/prod.tfvars'],
        context: { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', location: 'westeurope', tenantId: 't' },
        ignoredPaths: ['examples'],
        showUnknowns: true,
        analysisDelay: 40,
        readableFolders: ['../shared'],
      },
      FOLDER,
    );
    assert.deepEqual(settings, {
      layer: {
        severity: { 'private-cluster-public-fqdn': 'warning', 'nsg-scoring-inbound': 'off' },
        parameterFiles: [path.join(FOLDER, 'env/prod.parameters.json')],
        varFiles: [path.resolve('/abs/prod.tfvars')],
        context: { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', location: 'westeurope', tenantId: 't' },
        ignoredPaths: [{ base: FOLDER, glob: 'examples' }],
      },
      showUnknowns: true,
      analysisDelay: 40,
      readableFolders: [path.resolve(FOLDER, '../shared')],
    });
  });

  it('in a workspace that is not trusted, leaves out the settings that point at files or widen what is read', () => {
    const raw = {
      parameterFiles: ['env/prod.parameters.json'],
      varFiles: ['prod.tfvars'],
      readableFolders: ['/home/me'],
      showUnknowns: true,
    };
    assert.deepEqual(readSettings(raw, FOLDER, false), { layer: {}, showUnknowns: true, readableFolders: [] });
    assert.deepEqual(readSettings(raw, FOLDER, true).readableFolders, [path.resolve('/home/me')]);
  });

  it('leaves out values of the wrong shape and empty values, which never override the file', () => {
    const settings = readSettings(
      {
        severity: { a: 'fatal', b: 3, c: 'info' },
        parameterFiles: 'one.json',
        varFiles: [1, '', 'ok.tfvars'],
        context: { subscriptionId: '', location: 42, resourceGroup: '  ' },
        ignoredPaths: null,
        showUnknowns: 'yes',
        analysisDelay: -5,
      },
      FOLDER,
    );
    assert.deepEqual(settings, {
      layer: { severity: { c: 'info' }, varFiles: [path.join(FOLDER, 'ok.tfvars')] },
      showUnknowns: false,
      readableFolders: [],
    });
  });

  it('caps the analysis delay and ignores one that is not a number', () => {
    assert.equal(readSettings({ analysisDelay: 60000 }, FOLDER).analysisDelay, 5000);
    assert.equal(readSettings({ analysisDelay: '100' }, FOLDER).analysisDelay, undefined);
    assert.equal(readSettings({ analysisDelay: 0 }, FOLDER).analysisDelay, 0);
  });

  it('says nothing for missing, non-object or default settings', () => {
    const defaults = {
      severity: {},
      parameterFiles: [],
      varFiles: [],
      ignoredPaths: [],
      context: { subscriptionId: '', resourceGroup: '', location: '' },
      readableFolders: [],
    };
    for (const raw of [undefined, null, 'x', [], {}, defaults])
      assert.deepEqual(readSettings(raw, FOLDER), { layer: {}, showUnknowns: false, readableFolders: [] });
  });

  it('ignores files inside an ignored folder, not its namesakes', () => {
    const { ignoredPaths } = mergeLayers([readSettings({ ignoredPaths: ['examples', 'main.json'] }, FOLDER).layer]);
    assert.equal(isIgnored(ignoredPaths, path.join(FOLDER, 'examples')), true);
    assert.equal(isIgnored(ignoredPaths, path.join(FOLDER, 'examples', 'a', 'azuredeploy.json')), true);
    assert.equal(isIgnored(ignoredPaths, path.join(FOLDER, 'main.json')), true);
    assert.equal(isIgnored(ignoredPaths, path.join(FOLDER, 'examples2', 'azuredeploy.json')), false);
    assert.equal(isIgnored(ignoredPaths, path.join(FOLDER, 'src', 'main.json')), false);
  });
});
