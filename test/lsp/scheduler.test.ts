import * as assert from 'node:assert/strict';
import { Debouncer } from '../../server/src/lsp/scheduler';

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

  it('waits the new quiet period once the delay changes', async () => {
    const batches: string[][] = [];
    const debouncer = new Debouncer<string>(200, (keys) => batches.push([...keys]));
    debouncer.setDelay(20);
    debouncer.add('a');
    await sleep(60);
    assert.deepEqual(batches, [['a']]);
    debouncer.dispose();
  });
});
