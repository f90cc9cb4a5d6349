import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * A thread loads tree-sitter only when it meets a Terraform file. Checked in a fresh process: in
 * this one the other tests have loaded it long ago.
 */
describe('terraform parser: loaded only for Terraform files', function () {
  this.timeout(60000);

  it('is not loaded for ARM and Bicep files, and is for a Terraform file', () => {
    const out = path.join(__dirname, '../../../server/src');
    const script = `
      const { initAnalysisFor } = require(${JSON.stringify(path.join(out, 'analysis.js'))});
      const { terraformParserReady } = require(${JSON.stringify(path.join(out, 'frontends/terraform/parser.js'))});
      const arm = { path: '/ws/azuredeploy.json', text: '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}' };
      const bicep = { path: '/ws/main.bicep', text: "param location string" };
      (async () => {
        await initAnalysisFor([arm, bicep]);
        const before = terraformParserReady();
        await initAnalysisFor([arm, { path: '/ws/main.tf', text: '' }]);
        process.stdout.write(JSON.stringify([before, terraformParserReady()]));
      })();`;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })), [false, true]);
  });
});
