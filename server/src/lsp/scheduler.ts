/**
 * Collects keys (changed files) and hands them over in one batch once no new key has arrived for
 * `delayMs`, so that a burst of keystrokes or a `git checkout` costs one analysis, not hundreds.
 */
export class Debouncer<K> {
  private pending = new Set<K>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private delayMs: number,
    private readonly flush: (keys: Set<K>) => void,
  ) {}

  /** A new quiet period, from the next key on. */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Whether keys wait for the quiet period to end. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  add(key: K): void {
    this.pending.add(key);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const keys = this.pending;
      this.pending = new Set();
      this.flush(keys);
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
