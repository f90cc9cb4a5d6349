import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../../../server/src/config';
import type { ConfigLayer } from '../../../server/src/config-file/layers';
import { mergeLayers } from '../../../server/src/config-file/layers';

const WS = path.resolve('/ws');
const FILE: ConfigLayer = {
  severity: { a: 'error', b: 'warning' },
  ignoredPaths: [{ base: WS, glob: 'legacy' }],
  parameterFiles: ['/ws/env/prod.parameters.json'],
  varFiles: ['/ws/env/prod.tfvars'],
  context: { subscriptionId: '11111111-2222-3333-4444-555555555555', location: 'westeurope' },
  unusedSuppressions: 'error',
};

describe('configuration precedence: defaults < .amlnetworkguard.json < settings / command line', () => {
  it('gives the defaults when nothing is said', () => {
    assert.deepEqual(mergeLayers([]), defaultConfig());
    assert.deepEqual(mergeLayers([{}, {}]), defaultConfig());
  });

  it('takes the file as it is when the user says nothing', () => {
    const config = mergeLayers([FILE, {}]);
    assert.deepEqual(config.severities, { a: 'error', b: 'warning' });
    assert.deepEqual(config.parameterFiles, ['/ws/env/prod.parameters.json', '/ws/env/prod.tfvars']);
    assert.equal(config.context.location, 'westeurope');
    assert.equal(config.context.resourceGroup, defaultConfig().context.resourceGroup);
    assert.equal(config.unusedSuppressions, 'error');
  });

  it('lets the higher layer win key by key: per rule, per context field, a whole parameter list', () => {
    const config = mergeLayers([
      FILE,
      {
        severity: { b: 'off', c: 'info' },
        parameterFiles: ['/ws/env/dev.parameters.json'],
        context: { location: 'northeurope' },
        unusedSuppressions: 'off',
      },
    ]);
    assert.deepEqual(config.severities, { a: 'error', b: 'off', c: 'info' });
    // Another parameter set replaces the file's; the var files the user did not name stay.
    assert.deepEqual(config.parameterFiles, ['/ws/env/dev.parameters.json', '/ws/env/prod.tfvars']);
    assert.equal(config.context.location, 'northeurope');
    assert.equal(config.context.subscriptionId, '11111111-2222-3333-4444-555555555555');
    assert.equal(config.unusedSuppressions, 'off');
  });

  it('adds ignored paths up in order, the higher layer last, so its `!pattern` can bring a path back', () => {
    const config = mergeLayers([FILE, { ignoredPaths: [{ base: WS, glob: '!legacy/keep' }] }]);
    assert.deepEqual(config.ignoredPaths, [
      { base: WS, glob: 'legacy' },
      { base: WS, glob: '!legacy/keep' },
    ]);
  });

  it('never lets an empty list override', () => {
    assert.deepEqual(mergeLayers([FILE, { parameterFiles: [], varFiles: [] }]).parameterFiles, [
      '/ws/env/prod.parameters.json',
      '/ws/env/prod.tfvars',
    ]);
  });
});
