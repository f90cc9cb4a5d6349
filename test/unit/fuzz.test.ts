import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCampaign } from '../fuzz/campaign';
import { readsOutside } from '../fuzz/check-case';
import { tokens, mutate } from '../fuzz/mutate';
import { Random } from '../fuzz/random';

/**
 * A small fixed-seed run of the fuzz campaign (`npm run fuzz` runs 10,000 cases per language):
 * every mutated example, rule case and corpus template is analysed without an exception, a hang, a
 * crash, an internal error, a read outside its folder or a problem a user cannot act on, each in
 * under a second.
 */
describe('fuzz: a fixed-seed sample of mutated templates', function () {
  this.timeout(600000);

  it('mutations are deterministic for a seed and keep the text of untouched tokens', () => {
    const text = '{\n  "a": [1, "x"],\n  "b": true\n}\n';
    assert.equal(
      tokens(text)
        .map((t) => t.text)
        .join(''),
      text,
    );
    const once = mutate(text, 'arm', new Random(7));
    assert.deepEqual(mutate(text, 'arm', new Random(7)), once);
    assert.notEqual(mutate(text, 'arm', new Random(8)).text, undefined);
  });

  it('the read watch sees a read outside the folder, and not one inside', () => {
    const inside = path.resolve(__dirname);
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-watch-')), 'secret.txt');
    fs.writeFileSync(outside, 'x');
    const seen = readsOutside(inside, () => {
      fs.readdirSync(inside);
      fs.readFileSync(outside, 'utf8');
    });
    fs.rmSync(path.dirname(outside), { recursive: true, force: true });
    assert.deepEqual(seen, [outside]);
  });

  it('100 cases per language: no failure', async () => {
    const reports = await runCampaign({
      seed: 1202,
      cases: 100,
      languages: ['arm', 'terraform', 'bicep'],
      hangMs: 20000,
      memoryMb: 300,
    });
    for (const r of reports) {
      assert.equal(r.results.length, 100, `${r.language}: every case has a verdict`);
      assert.ok(r.seeds > 0, `${r.language}: there are seed files`);
      const failed = r.results
        .filter((x) => x.verdict !== 'ok')
        .map((x) => `${r.language} ${x.index} ${x.verdict} [${x.applied.join(', ')}] ${x.detail ?? ''}`);
      assert.deepEqual(failed, []);
      // CPU time, which other work on the machine does not inflate as it does the wall clock.
      const slow = r.results.filter((x) => x.cpuMs > 1000).map((x) => `${r.language} ${x.index} ${x.cpuMs} ms`);
      assert.deepEqual(slow, [], 'no analysis over 1 s');
    }
  });
});
