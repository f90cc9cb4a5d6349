import * as assert from 'node:assert/strict';
import { Debouncer, SerialQueue } from '../../server/src/lsp/scheduler';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduling', () => {
  it('hands over a burst of keys as one batch after the quiet period', async () => {
    const batches: string[][] = [];
    const debouncer = new Debouncer<string>(40, (keys) => batches.push([...keys]));
    debouncer.add('a');
    await sleep(15);
    debouncer.add('b');
    debouncer.add('a');
    await sleep(15);
    assert.deepEqual(batches, []);
    await sleep(60);
    assert.deepEqual(batches, [['a', 'b']]);
    debouncer.add('c');
    await sleep(60);
    assert.deepEqual(batches, [['a', 'b'], ['c']]);
  });

  it('drops pending keys when disposed', async () => {
    const batches: string[][] = [];
    const debouncer = new Debouncer<string>(20, (keys) => batches.push([...keys]));
    debouncer.add('a');
    debouncer.dispose();
    await sleep(40);
    assert.deepEqual(batches, []);
  });

  it('runs jobs one after the other and survives a failing one', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const errors: unknown[] = [];
    const job =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
      };
    void queue.run(job('slow', 30, true), (e) => errors.push(e));
    await queue.run(job('fast', 1), (e) => errors.push(e));
    assert.deepEqual(events, ['start slow', 'end slow', 'start fast', 'end fast']);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['slow'],
    );
  });
});
