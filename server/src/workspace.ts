import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileHost, SourceFile } from './frontends/frontend';
import { frontEndOf } from './analysis';
import type { FrontEnd } from './frontends/frontend';
import { entryPoints } from './frontends/entry-points';

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
  /** Folders outside the root that may be read too (an explicit setting), as given and by real path. */
  private readonly readable: string[];

  constructor(
    root: string,
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
    readable: readonly string[] = [],
  ) {
    this.root = path.resolve(root);
    this.readable = readable.flatMap((dir) => [path.resolve(dir), realFolder(dir)]);
  }

  contains(p: string): boolean {
    const abs = path.resolve(p);
    return isInside(this.root, abs) || this.readable.some((dir) => isInside(dir, abs));
  }

  /** Whether `p`, inside the root, really is elsewhere (through a symbolic link on its way). */
  linksOutside(p: string): boolean {
    try {
      return !this.contains(fs.realpathSync(p));
    } catch {
      // Not on disk (an unsaved editor buffer's folder): nothing it links to.
      return false;
    }
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
    // A folder that is a link leaving the root is not listed: the names outside are not ours to show.
    if (!this.contains(abs) || this.linksOutside(abs)) return [];
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

/**
 * One deployment: the entry files of one folder. What they deploy from other files (local modules,
 * linked templates) is read through the host and analysed as part of it.
 */
export interface Deployment {
  dir: string;
  files: SourceFile[];
}

/** A file that looks like a template but that no front end of this version reads, and why. */
export interface UnreadFile {
  path: string;
  why: string;
  severity: 'warning' | 'info';
}

/** Files of a template language that no front end reads, and why (a folder of only these is not a pass). */
const UNREAD_KINDS: { test: RegExp; why: string; severity: UnreadFile['severity'] }[] = [
  {
    test: /(^|[\\/_])override\.tf(\.json)?$/i,
    why: 'Terraform override files are not merged into the configuration by this analysis',
    severity: 'info',
  },
];

/** Why a file no front end claims is a template all the same, or undefined when it is not one. */
export function unreadReason(file: string): Omit<UnreadFile, 'path'> | undefined {
  const kind = UNREAD_KINDS.find((k) => k.test.test(file));
  return kind && { why: kind.why, severity: kind.severity };
}

interface PlannedFile {
  file: SourceFile;
  frontEnd: FrontEnd;
  /** What it deploys as part of itself (files or folders), as its front end reads it. */
  uses: string[];
}

interface PlannedFolder {
  files: PlannedFile[];
  unread: UnreadFile[];
  real: string;
}

export interface PlanOptions {
  /** Walk sub-folders (default); a loose file's folder is read alone. */
  recursive?: boolean;
  /** Files (and folders) left out, as if they were not there (ignored paths). */
  exclude?: (path: string) => boolean;
  /**
   * What a file uses when the caller knows it, instead of working it out here (which parses the
   * file): the language server has its workers find out. Undefined for a file it does not know yet,
   * which then uses nothing until the caller loads or refreshes the plan again.
   */
  usesOf?: (file: SourceFile) => string[] | undefined;
}

/**
 * Which files of a workspace are deployments, the way each language's tool sees it: every folder
 * holding analysable files, minus the files another analysed file uses (a folder called as a local
 * Terraform module is not a root while its caller is here; a linked template is deployed by the
 * template that links it). Front ends say what a file uses (`FrontEnd.uses`); the rest is neutral.
 * Hidden folders and tool output folders are skipped.
 */
export class DeploymentPlan {
  private readonly folders = new Map<string, PlannedFolder>();
  private entriesMemo: Set<string> | undefined;

  constructor(
    readonly start: string,
    private readonly options: PlanOptions = {},
  ) {}

  /** Reads every folder from `start`. */
  load(host: WorkspaceHost): this {
    this.folders.clear();
    this.walk(host, path.resolve(this.start), 0);
    this.entriesMemo = undefined;
    return this;
  }

  /**
   * Re-reads what changed: the folder of each changed file, or the whole sub-tree of a changed
   * folder (created, deleted, renamed). Returns the folders whose entry files changed.
   */
  refresh(host: WorkspaceHost, changed: Iterable<string>): Set<string> {
    const before = this.entrySnapshot();
    const start = path.resolve(this.start);
    for (const p of changed) {
      const abs = path.resolve(p);
      if (!isInside(start, abs)) continue;
      if (this.folders.has(abs) || isDirectory(abs)) {
        for (const dir of [...this.folders.keys()]) if (isInside(abs, dir)) this.folders.delete(dir);
        this.walk(host, abs, depthBelow(start, abs));
      } else {
        const dir = path.dirname(abs);
        this.folders.delete(dir);
        // A folder may exist only in the editor, holding unsaved files.
        if (isDirectory(dir) || host.list(dir).length > 0) this.readFolder(host, dir);
      }
    }
    this.entriesMemo = undefined;
    const after = this.entrySnapshot();
    const out = new Set<string>();
    for (const dir of new Set([...before.keys(), ...after.keys()]))
      if (before.get(dir) !== after.get(dir)) out.add(dir);
    return out;
  }

  /** Every deployment, by folder path (a folder before its sub-folders). */
  deployments(): Deployment[] {
    const out: Deployment[] = [];
    for (const dir of this.dirs()) {
      const d = this.deployment(dir);
      if (d) out.push(d);
    }
    return out;
  }

  /** The deployment of one folder: undefined when none of its files is an entry. */
  deployment(dir: string): Deployment | undefined {
    const folder = this.folders.get(path.resolve(dir));
    const entries = this.entries();
    const files = folder?.files.filter((f) => entries.has(f.file.path)).map((f) => f.file) ?? [];
    return files.length > 0 ? { dir: path.resolve(dir), files } : undefined;
  }

  /** Files found that no front end reads, with why. */
  unread(): UnreadFile[] {
    return this.dirs().flatMap((d) => this.folders.get(d)?.unread ?? []);
  }

  /** Known folders in a stable order, whatever order refreshes read them in. */
  private dirs(): string[] {
    return [...this.folders.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private entries(): Set<string> {
    if (this.entriesMemo) return this.entriesMemo;
    const byPath = new Map<string, PlannedFile>();
    for (const dir of this.dirs()) for (const f of this.folders.get(dir)?.files ?? []) byPath.set(f.file.path, f);
    const usesOf = (file: string): string[] => {
      const user = byPath.get(file);
      if (!user) return [];
      const out: string[] = [];
      for (const target of user.uses) {
        if (byPath.has(target)) out.push(target);
        else if (target !== path.dirname(file))
          for (const f of this.folders.get(target)?.files ?? [])
            if (f.frontEnd === user.frontEnd) out.push(f.file.path);
      }
      return out;
    };
    this.entriesMemo = entryPoints([...byPath.keys()], usesOf);
    return this.entriesMemo;
  }

  /** Entry files per folder, as text, to tell which folders a refresh changed. */
  private entrySnapshot(): Map<string, string> {
    const out = new Map<string, string>();
    for (const dir of this.folders.keys()) {
      const d = this.deployment(dir);
      out.set(dir, d ? d.files.map((f) => f.path).join('\n') : '');
    }
    return out;
  }

  private walk(host: WorkspaceHost, dir: string, depth: number): void {
    if (depth > 32) return;
    const subdirs = this.readFolder(host, dir);
    if (this.options.recursive === false) return;
    for (const sub of subdirs) this.walk(host, sub, depth + 1);
  }

  /** Reads one folder's files; returns its sub-folders to walk. */
  private readFolder(host: WorkspaceHost, dir: string): string[] {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      // Not on disk: a folder that holds only unsaved editor files.
      real = dir;
    }
    // A symlinked folder can lead back to an ancestor or to a folder seen already: read each real folder once.
    for (const [other, folder] of this.folders) if (other !== dir && folder.real === real) return [];
    const files: PlannedFile[] = [];
    const unread: UnreadFile[] = [];
    const subdirs: string[] = [];
    for (const name of host.list(dir)) {
      const full = path.join(dir, name);
      if (this.options.exclude?.(full)) continue;
      let isDir: boolean;
      try {
        isDir = fs.statSync(full).isDirectory();
      } catch {
        // An unsaved editor buffer has no file on disk yet.
        isDir = false;
      }
      if (isDir) {
        if (!name.startsWith('.') && !SKIPPED_DIRS.has(name)) subdirs.push(full);
        continue;
      }
      if (!CANDIDATE.test(name)) continue;
      const text = host.read(full);
      if (text === undefined) continue;
      const file = { path: full, text };
      const frontEnd = frontEndOf(file);
      if (frontEnd) {
        const uses = this.options.usesOf ? (this.options.usesOf(file) ?? []) : usesOf(frontEnd, file);
        files.push({ file, frontEnd, uses });
      } else {
        const kind = unreadReason(full);
        if (kind) unread.push({ path: full, ...kind });
      }
    }
    this.folders.set(dir, { files, unread, real });
    return subdirs;
  }
}

/**
 * Every deployment under `start` (default: the host's root): each folder holding analysable
 * files, without the files another analysed file uses (those are analysed through it).
 */
export function findDeployments(host: WorkspaceHost, start: string = host.root): Deployment[] {
  return new DeploymentPlan(start).load(host).deployments();
}

/**
 * The deployment of one folder: its entry files. With a plan of the workspace, the folder's files
 * that another analysed file uses are left out (the result may be empty). Without one the folder
 * is read alone, as a loose file's is.
 */
export function folderDeployment(
  host: WorkspaceHost,
  dir: string,
  plan?: DeploymentPlan,
  options: Pick<PlanOptions, 'usesOf'> = {},
): Deployment {
  const abs = path.resolve(dir);
  const own = plan ?? new DeploymentPlan(abs, { ...options, recursive: false }).load(host);
  return own.deployment(abs) ?? { dir: abs, files: [] };
}

/** The deployment a single file belongs to: that of its folder. */
export function deploymentOf(host: WorkspaceHost, file: string, plan?: DeploymentPlan): Deployment {
  return folderDeployment(host, path.dirname(path.resolve(file)), plan);
}

/** What a file deploys as part of itself (files or folders), as its front end reads it (this parses it). */
export function fileUses(file: SourceFile): string[] {
  const frontEnd = frontEndOf(file);
  return frontEnd ? usesOf(frontEnd, file) : [];
}

function usesOf(frontEnd: FrontEnd, file: SourceFile): string[] {
  try {
    return frontEnd.uses?.(file).map((p) => path.resolve(p)) ?? [];
  } catch {
    // A file its front end cannot read uses nothing; loading it reports why.
    return [];
  }
}

function isInside(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A folder by its real path, so that what is read through a link to it counts as inside it. */
function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function depthBelow(start: string, dir: string): number {
  const rel = path.relative(start, dir);
  return rel === '' ? 0 : rel.split(path.sep).length;
}
