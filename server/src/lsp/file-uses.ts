import type { SourceFile } from '../frontends/frontend';

/** What each file of a batch uses, by path, as a worker found it. */
export type FindUses = (files: SourceFile[]) => Promise<Map<string, string[]>>;

/** How many times a plan is run again for files it met whose uses were not known (their text may change meanwhile). */
const MAX_ROUNDS = 3;

/**
 * What each workspace file uses (local modules, linked templates), as the analysis workers found
 * by parsing it: the deployment plans look it up here (`PlanOptions.usesOf`), so that listing the
 * deployments never parses on the server's main thread, where a file that is slow to parse would
 * hold up every answer to the editor. A file whose text changed is worked out again.
 */
export class FileUses {
  private readonly known = new Map<string, { text: string; uses: string[] }>();
  private missing = new Map<string, SourceFile>();

  /** The uses of a file with this text, or undefined (noted, for `settled` to find out) when not known. */
  readonly lookup = (file: SourceFile): string[] | undefined => {
    const known = this.known.get(file.path);
    if (known?.text === file.text) return known.uses;
    this.missing.set(file.path, file);
    return undefined;
  };

  /**
   * Runs `plan` (which looks files up here) until it meets no file whose uses are unknown, having
   * `find` work those out in between. Returns the result of every run: the earlier ones were made
   * without some uses, and what they changed may still matter to the caller.
   */
  async settled<T>(plan: () => T, find: FindUses): Promise<T[]> {
    const results: T[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.missing = new Map();
      results.push(plan());
      // `plan` is synchronous: what is missing now is what it met, not another caller's.
      const files = [...this.missing.values()];
      this.missing = new Map();
      if (files.length === 0) break;
      const found = await find(files);
      for (const f of files) this.known.set(f.path, { text: f.text, uses: found.get(f.path) ?? [] });
    }
    return results;
  }
}
