import * as assert from 'node:assert/strict';
import { armFrontEnd } from '../../../server/src/frontends/arm';

describe('ARM front end: which files it claims', () => {
  const schema = (name: string): string =>
    `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/${name}.json#",\n  "resources": []\n}`;

  for (const name of [
    'deploymentTemplate',
    'subscriptionDeploymentTemplate',
    'managementGroupDeploymentTemplate',
    'tenantDeploymentTemplate',
  ]) {
    it(`claims a template with the ${name} schema`, () => {
      assert.equal(armFrontEnd.claims('/w/main.json', schema(name)), true);
      assert.equal(armFrontEnd.claims('/w/main.jsonc', schema(name)), true);
    });
  }

  it('does not claim parameter files, other JSON, or other extensions', () => {
    assert.equal(armFrontEnd.claims('/w/main.parameters.json', schema('deploymentParameters')), false);
    assert.equal(armFrontEnd.claims('/w/package.json', '{"name": "x"}'), false);
    assert.equal(armFrontEnd.claims('/w/main.bicep', schema('deploymentTemplate')), false);
  });

  it('only counts a top-level $schema, not one of a nested template', () => {
    const nested = `{"resources": [{"properties": {"template": ${schema('deploymentTemplate')}}}]}`;
    assert.equal(armFrontEnd.claims('/w/x.json', nested), false);
  });

  it('never throws on garbage', () => {
    assert.equal(armFrontEnd.claims('/w/x.json', '\u0000{{{"$schema'), false);
    assert.equal(armFrontEnd.claims('/w/x.json', ''), false);
  });
});
