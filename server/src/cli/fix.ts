import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeploymentResult } from '../analysis';
import { fixAll } from '../fixes/fix-all';
import type { SourceFile } from '../frontends/frontend';
import { unifiedDiff } from '../output/unified-diff';
import { isInside } from '../paths';
import type { Finding } from '../rulekit/rule';
import { WorkspaceHost } from '../workspace';
import { UsageError } from './args';

/** How the scan analyses one deployment, so that each fix is checked by the same analysis. */
export interface DeploymentFixing {
  dir: string;
  files: SourceFile[];
  /** The folder every read is confined to. */
  root: string;
  /** Whether a finding is the user's question (in a scanned folder or named file). */
  inScope(file: string): boolean;
  /** Whether the configuration leaves the file out. */
  ignored(file: string): boolean;
  analyse(files: SourceFile[], host: WorkspaceHost): DeploymentResult;
}

/**
 * `scan --fix` and `--fix-dry-run`: the preferred fixes of every finding of each deployment, applied
 * and re-analysed one by one (fixes/fix-all.ts), collected as texts; written into the scanned
 * files, or printed as a unified diff. A fix writes only inside a scanned folder or a file named on
 * the command line, never through a symbolic link; one that would write elsewhere is not applied.
 */
export class ScanFixes {
  /** The fixed text of every file changed so far: later deployments are analysed with them. */
  readonly texts = new Map<string, string>();
  /** Each changed file's text before the first fix (undefined: the fixes create it). */
  private readonly originals = new Map<string, string | undefined>();
  readonly skipped: { finding: Finding; why: string }[] = [];
  applied = 0;

  /** `named`: the scanned files and folders, absolute. */
  constructor(private readonly named: readonly string[]) {}

  /** Fixes one deployment (its findings in scope) and returns the analysis of the fixed texts. */
  async fix(d: DeploymentFixing, initial: DeploymentResult): Promise<DeploymentResult> {
    const analyse = (texts: ReadonlyMap<string, string>): DeploymentResult => {
      const merged = new Map([...this.texts, ...texts]);
      const own = new Set(d.files.map((f) => f.path));
      // A file a fix creates in the deployment's folder is one of its files from then on.
      const created = [...merged.keys()].filter((f) => !own.has(f) && path.dirname(f) === d.dir);
      const files = [...d.files.map((f) => f.path), ...created].map((p) => ({
        path: p,
        text: merged.get(p) ?? d.files.find((f) => f.path === p)?.text ?? '',
      }));
      return d.analyse(files, new WorkspaceHost(d.root, merged));
    };
    // An earlier deployment's fixes may have changed a file this one reads.
    const start = this.texts.size > 0 ? analyse(new Map()) : initial;
    const host = new WorkspaceHost(d.root, this.texts);
    const result = await fixAll({
      initial: start,
      wanted: (f) => d.inScope(f.span.file),
      writable: (file) => !d.ignored(file) && this.writable(file),
      read: (file) => host.read(file),
      analyse: async (texts) => analyse(texts),
    });
    const disk = new WorkspaceHost(d.root);
    for (const [file, text] of result.texts) {
      if (!this.originals.has(file)) this.originals.set(file, disk.read(file));
      this.texts.set(file, text);
    }
    this.applied += result.steps.length;
    for (const s of result.skipped) this.skipped.push(s);
    return result.final;
  }

  /** The changed files, sorted, each with its text before and after. */
  changes(): { file: string; before: string | undefined; after: string }[] {
    return [...this.texts]
      .map(([file, after]) => ({ file, before: this.originals.get(file), after }))
      .filter((c) => c.before !== c.after)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** Every change as a unified diff, paths relative to `root` (`patch -p1` applies it there). */
  diff(root: string): string {
    return this.changes()
      .map((c) => unifiedDiff(path.relative(root, c.file).split(path.sep).join('/'), c.before, c.after))
      .join('');
  }

  /** Writes the fixed texts; a file that changed on disk meanwhile or turned into a link is left alone. */
  write(): void {
    for (const { file, before, after } of this.changes()) {
      if (!this.writable(file)) throw new UsageError(`--fix: not writing '${file}': it is no longer a plain file`);
      const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      if (now !== before) throw new UsageError(`--fix: not writing '${file}': it changed during the scan`);
      try {
        fs.writeFileSync(file, after, { encoding: 'utf8', flag: before === undefined ? 'wx' : 'w' });
      } catch (err) {
        throw new UsageError(`--fix: cannot write '${file}' (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
  }

  /**
   * Whether a fix may write `file`: a named file, or a file inside a scanned folder that is no
   * symbolic link, in a folder that exists and is really there (not reached through a link).
   */
  private writable(file: string): boolean {
    const abs = path.resolve(file);
    const home = this.named.find((p) => isInside(p, abs));
    if (home === undefined) return false;
    try {
      if (fs.existsSync(abs) && !fs.lstatSync(abs).isFile()) return false;
      const homeDir = fs.statSync(home).isDirectory() ? home : path.dirname(home);
      return isInside(fs.realpathSync(homeDir), fs.realpathSync(path.dirname(abs)));
    } catch {
      return false;
    }
  }
}
