import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/config';
import { isIgnored, toAnalysisConfig } from '../../server/src/lsp/settings';

const FOLDER = path.resolve('/ws/project');

describe('amlNetworkGuard settings → analysis configuration', () => {
  it('maps every setting, resolving paths from the workspace folder', () => {
    const config = toAnalysisConfig(
      {
        severity: { 'private-cluster-public-fqdn': 'warning', 'nsg-scoring-inbound': 'off' },
        parameterFiles: ['env/prod.parameters.json'],
        varFiles: ['/abs/prod.tfvars'],
        context: { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', location: 'westeurope' },
        ignoredPaths: ['examples'],
      },
      FOLDER,
    );
    assert.deepEqual(config, {
      context: { ...defaultConfig().context, subscriptionId: 'sub-1', resourceGroup: 'rg-ml', location: 'westeurope' },
      severities: { 'private-cluster-public-fqdn': 'warning', 'nsg-scoring-inbound': 'off' },
      parameterFiles: [path.join(FOLDER, 'env/prod.parameters.json'), path.resolve('/abs/prod.tfvars')],
      ignoredPaths: [path.join(FOLDER, 'examples')],
    });
  });

  it('ignores values of the wrong shape instead of failing', () => {
    const config = toAnalysisConfig(
      {
        severity: { a: 'fatal', b: 3, c: 'info' },
        parameterFiles: 'one.json',
        varFiles: [1, '', 'ok.tfvars'],
        context: { subscriptionId: '', location: 42 },
        ignoredPaths: null,
      },
      FOLDER,
    );
    assert.deepEqual(config, {
      ...defaultConfig(),
      severities: { c: 'info' },
      parameterFiles: [path.join(FOLDER, 'ok.tfvars')],
    });
  });

  it('gives the defaults for missing or non-object settings', () => {
    for (const raw of [undefined, null, 'x', [], {}]) assert.deepEqual(toAnalysisConfig(raw, FOLDER), defaultConfig());
  });

  it('ignores files inside an ignored folder, not its namesakes', () => {
    const config = toAnalysisConfig({ ignoredPaths: ['examples', 'main.json'] }, FOLDER);
    assert.equal(isIgnored(config, path.join(FOLDER, 'examples')), true);
    assert.equal(isIgnored(config, path.join(FOLDER, 'examples', 'a', 'azuredeploy.json')), true);
    assert.equal(isIgnored(config, path.join(FOLDER, 'main.json')), true);
    assert.equal(isIgnored(config, path.join(FOLDER, 'examples2', 'azuredeploy.json')), false);
    assert.equal(isIgnored(config, path.join(FOLDER, 'src', 'main.json')), false);
  });
});
