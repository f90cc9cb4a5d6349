/**
 * What parsing each file gave, kept per thread and reused while the file's text is the same: after
 * an edit only the edited file is parsed again (the language server's workers analyse the same
 * folders over and over), and finding the deployments and analysing them parse each file once.
 * The values are shared, so whoever reads them must never change them.
 */
export class ParseCache<T> {
  private readonly entries = new Map<string, { text: string; value: T }>();
  private bytes = 0;

  /** `maxChars`: how much source text the kept entries may add up to; the least recently used go first. */
  constructor(private readonly maxChars: number) {
    CACHES.push(this as ParseCache<unknown>);
  }

  /**
   * The value `parse` gives for `text`, parsed again only when the text of `file` changed. With
   * `keep` false the value is returned but not kept (an outcome that depends on more than the text,
   * such as a parse stopped by a deadline).
   */
  get(file: string, text: string, parse: () => T, keep: (value: T) => boolean = () => true): T {
    if (!enabled) return parse();
    const known = this.entries.get(file);
    if (known?.text === text) {
      // Most recently used last, so eviction takes the first.
      this.entries.delete(file);
      this.entries.set(file, known);
      return known.value;
    }
    const value = parse();
    this.drop(file);
    if (text.length <= this.maxChars && keep(value)) {
      this.entries.set(file, { text, value });
      this.bytes += text.length;
      for (const [oldest] of this.entries) {
        if (this.bytes <= this.maxChars) break;
        this.drop(oldest);
      }
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(file: string): void {
    const known = this.entries.get(file);
    if (!known) return;
    this.entries.delete(file);
    this.bytes -= known.text.length;
  }
}

const CACHES: ParseCache<unknown>[] = [];
let enabled = true;

/**
 * Turns reuse off (every file is parsed afresh) or on, for this thread, forgetting what was kept
 * either way: on again, the next analysis is as cold as a new process's.
 */
export function setParseCaching(on: boolean): void {
  enabled = on;
  for (const cache of CACHES) cache.clear();
}

/** Source text each kind of parse may keep per thread: the largest generated workspaces are about 3 MB. */
export const PARSE_CACHE_CHARS = 16 * 1024 * 1024;
