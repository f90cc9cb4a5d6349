import * as assert from 'node:assert/strict';
import { readHcl } from '../../server/src/frontends/terraform/hcl-reader';
import {
  parseTerraform,
  terraformParserReady,
  terraformParserSettled,
} from '../../server/src/frontends/terraform/parser';
import { ready } from '../unit/terraform/helpers';

const GOOD = 'resource "azurerm_subnet" "s" {\n  name = "snet"\n}\n';

/**
 * A wasm abort kills tree-sitter's instance for good. Reading files caps their size and parse time
 * so that this does not happen; if it still does, the spare instance takes over at once.
 */
describe('terraform parser: recovery after a wasm abort', function () {
  this.timeout(240000);
  before(ready);

  it('parses the next file after the runtime aborted, and again after a second abort', async () => {
    // 3 MB of `${` (over the 2 MiB reading limit, so only the parser itself takes it) grows
    // tree-sitter's memory until the wasm instance aborts.
    const poison = `a = "${'${'.repeat(1_500_000)}`;
    for (let round = 0; round < 2; round++) {
      const outcome = parseTerraform(poison, () => false);
      assert.equal(outcome.kind, 'aborted');
      assert.deepEqual(readHcl('/ws/main.tf', GOOD).problems, [], `round ${round}: the next file parses`);
      // The spare took over; a new spare loads in the background.
      assert.ok(terraformParserReady());
      await terraformParserSettled();
    }
    assert.equal(readHcl('/ws/main.tf', GOOD).body.blocks.length, 1);
  });
});
