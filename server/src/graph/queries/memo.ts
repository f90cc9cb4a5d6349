import type { SourceSpan } from '../span';

/** Why a query could not decide something, for the rules that rely on the answer (`--explain-unknowns`). */
export interface QueryNote {
  span: SourceSpan;
  message: string;
}

export type NoteSink = (note: QueryNote) => void;

interface Entry {
  value: unknown;
  /** The notes of the computation, including those of every query it asked. */
  notes: QueryNote[];
  done: boolean;
}

/**
 * Query results of one graph, computed once. A result keeps the notes its computation made, and
 * every caller gets them again: a rule that relies on a memoised answer records the same "not
 * evaluated" notes as if it had computed the answer itself (the rule's sink removes repeats).
 */
export class QueryStore {
  private readonly entries = new Map<string, Entry>();

  run<T>(key: string, sink: NoteSink, compute: (sink: NoteSink) => T): T {
    let entry = this.entries.get(key);
    if (entry && !entry.done) throw new Error(`query '${key}' depends on itself`);
    if (!entry) {
      const notes: QueryNote[] = [];
      entry = { value: undefined, notes, done: false };
      this.entries.set(key, entry);
      try {
        entry.value = compute((n) => notes.push(n));
      } catch (err) {
        this.entries.delete(key);
        throw err;
      }
      entry.done = true;
    }
    for (const n of entry.notes) sink(n);
    return entry.value as T;
  }
}
