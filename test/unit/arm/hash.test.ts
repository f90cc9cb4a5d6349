import * as assert from 'node:assert/strict';
import { armGuid, uuidV5 } from '../../../server/src/frontends/arm/expressions/functions/hash';

describe('ARM hashes: the UUID algorithm behind guid()', () => {
  // RFC 4122 version-5 reference value, as given in Python's uuid documentation:
  // uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') == 886313e1-3b8a-5372-9b90-0c9aee199e5d
  it('matches the published version-5 UUID of python.org in the DNS namespace', () => {
    assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  // A real Azure output: Azure/azure-quickstart-templates issue #5497 quotes the deployment error for
  // "name": "[guid(parameters('roleNameGuid'))]" with roleNameGuid = 'GEN-GUID', naming the role
  // assignment '1fd1eb85-8ea0-5dfb-941c-6915916fe0ec'.
  it("gives the name Azure gave guid('GEN-GUID')", () => {
    assert.equal(armGuid(['GEN-GUID']), '1fd1eb85-8ea0-5dfb-941c-6915916fe0ec');
  });
});
