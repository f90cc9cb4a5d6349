import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileHost, SourceFile } from './frontends/frontend';
import { isAnalysable } from './analysis';

/** Files larger than this are not read: templates are never this big, and a huge file would stall the editor. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.vscode-test', 'out', 'dist']);

const CANDIDATE = /\.(json|jsonc|tf|tf\.json|tfvars|bicep|bicepparam)$/i;

/**
 * Disk access confined to a root folder, with an overlay of unsaved editor buffers (the server
 * passes the open documents so analysis sees what the user is typing).
 */
export class WorkspaceHost implements FileHost {
  readonly root: string;

  constructor(
    root: string,
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
  ) {
    this.root = path.resolve(root);
  }

  contains(p: string): boolean {
    const rel = path.relative(this.root, path.resolve(p));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  read(p: string): string | undefined {
    const abs = path.resolve(p);
    if (!this.contains(abs)) return undefined;
    const open = this.overlay.get(abs);
    if (open !== undefined) return open;
    try {
      // A link inside the root may point outside it; judge by where it really is.
      if (!this.contains(fs.realpathSync(abs))) return undefined;
      const stat = fs.statSync(abs);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      return fs.readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  }

  whyUnreadable(p: string): string {
    const abs = path.resolve(p);
    if (!this.contains(abs)) return `'${p}' is outside the workspace folder ${this.root}`;
    try {
      if (!this.contains(fs.realpathSync(abs))) return `'${p}' links outside the workspace folder ${this.root}`;
      const stat = fs.statSync(abs);
      if (!stat.isFile()) return `'${p}' is not a file`;
      if (stat.size > MAX_FILE_BYTES) return `'${p}' is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
      return `'${p}' could not be read`;
    } catch {
      return `'${p}' does not exist`;
    }
  }

  list(dir: string): string[] {
    const abs = path.resolve(dir);
    if (!this.contains(abs)) return [];
    const names = new Set<string>();
    try {
      for (const name of fs.readdirSync(abs)) names.add(name);
    } catch {
      // A missing folder lists as empty; unsaved files in it still count below.
    }
    for (const open of this.overlay.keys()) if (path.dirname(open) === abs) names.add(path.basename(open));
    return [...names].sort();
  }
}

/** One deployment: the analysable files of one folder. */
export interface Deployment {
  dir: string;
  files: SourceFile[];
}

/**
 * Every folder under `root` (or the given files' folders) that holds analysable files, each one
 * deployment. Hidden folders and tool output folders are skipped.
 */
export function findDeployments(host: WorkspaceHost, start: string = host.root): Deployment[] {
  const out: Deployment[] = [];
  // A symlinked folder can lead back to an ancestor or to a folder seen already: visit each real folder once.
  const seen = new Set<string>();
  const visit = (dir: string, depth: number): void => {
    if (depth > 32) return;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    const files: SourceFile[] = [];
    const subdirs: string[] = [];
    for (const name of host.list(dir)) {
      const full = path.join(dir, name);
      let isDir: boolean;
      try {
        isDir = fs.statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (!name.startsWith('.') && !SKIPPED_DIRS.has(name)) subdirs.push(full);
      } else if (CANDIDATE.test(name)) {
        const text = host.read(full);
        if (text !== undefined) {
          const file = { path: full, text };
          if (isAnalysable(file)) files.push(file);
        }
      }
    }
    if (files.length > 0) out.push({ dir, files });
    for (const sub of subdirs) visit(sub, depth + 1);
  };
  visit(path.resolve(start), 0);
  return out;
}

/** The deployment (folder) a single file belongs to. */
export function deploymentOf(host: WorkspaceHost, file: string): Deployment {
  const dir = path.dirname(path.resolve(file));
  const files: SourceFile[] = [];
  for (const name of host.list(dir)) {
    if (!CANDIDATE.test(name)) continue;
    const full = path.join(dir, name);
    const text = host.read(full);
    if (text === undefined) continue;
    const f = { path: full, text };
    if (isAnalysable(f)) files.push(f);
  }
  return { dir, files };
}
