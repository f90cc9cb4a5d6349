import * as assert from 'node:assert/strict';
import { RestartPolicy } from '../../../client/src/restart-policy';

describe('restarting a stopped language server', () => {
  it('restarts until the server stopped five times within three minutes', () => {
    const policy = new RestartPolicy();
    const minute = 60_000;
    assert.deepEqual(
      [0, 0.5, 1, 1.5].map((m) => policy.stopped(m * minute)),
      [true, true, true, true],
    );
    assert.equal(policy.stopped(2 * minute), false, 'the fifth stop within three minutes');
    assert.equal(policy.recent, 5);
    assert.equal(policy.stopped(10 * minute), true, 'the earlier stops left the window');
    assert.equal(policy.recent, 1);
  });

  it('keeps restarting a server that stops now and then, and gives up on one that keeps stopping', () => {
    const nowAndThen = new RestartPolicy(5, 1000);
    // Every 300 ms: at most four stops within any second.
    assert.ok([...Array(20).keys()].every((i) => nowAndThen.stopped(i * 300)));
    const failing = new RestartPolicy(5, 1000);
    assert.deepEqual(
      [...Array(6).keys()].map((i) => failing.stopped(i * 200)),
      [true, true, true, true, false, false],
    );
  });
});
