import * as assert from 'node:assert/strict';
import { uuidV5 } from '../../../server/src/frontends/arm/expressions/functions/hash';

describe('ARM hashes: the UUID algorithm behind guid()', () => {
  // RFC 4122 version-5 reference value, as given in Python's uuid documentation:
  // uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') == 886313e1-3b8a-5372-9b90-0c9aee199e5d
  it('matches the published version-5 UUID of python.org in the DNS namespace', () => {
    assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
