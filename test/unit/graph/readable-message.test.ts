import * as assert from 'node:assert/strict';
import { MAX_MESSAGE_LENGTH, readableMessage } from '../../../server/src/graph/problem';

describe('messages a user can read', () => {
  it('leaves ordinary messages as they are', () => {
    const path = `'/${'segment/'.repeat(40)}main.json'`;
    assert.equal(
      readableMessage(`linked template not read: ${path} is outside`),
      `linked template not read: ${path} is outside`,
    );
  });

  it('cuts a quoted value of a hundred kilobytes to its start and says how long it was', () => {
    const name = 'n'.repeat(100_000);
    assert.equal(
      readableMessage(`resource '${name}' is odd`),
      `resource '${'n'.repeat(99)}… (100002 characters) is odd`,
    );
  });

  it('bounds a message made of many long words', () => {
    const out = readableMessage(Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(300, 'x')).join(' '));
    assert.ok(out.length <= MAX_MESSAGE_LENGTH, `${out.length}`);
    assert.ok(out.endsWith('…'));
  });
});
