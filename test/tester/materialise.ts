import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Annotation, stripAnnotations } from './annotations';
import { CaseError, type CaseFile, type CaseLine } from './case-file';
import { applyDiff } from './overlay';

/** A case's files as they are analysed, each line knowing where it was written. */
export interface CaseFiles {
  /** By path inside the case folder (forward slashes). */
  files: Map<string, CaseLine[]>;
  /** Each with the file it marks. */
  annotations: (Annotation & { file: string })[];
}

/** The files of a base folder (`test/rules/_bases/<name>/`), each line pointing at the base file. */
export function readBase(root: string, name: string): Map<string, CaseLine[]> {
  const dir = path.join(root, name);
  const out = new Map<string, CaseLine[]>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort(byName)) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.set(rel, linesOf(fs.readFileSync(path.join(dir, rel), 'utf8'), path.join(dir, rel)));
    }
  };
  walk('');
  return out;
}

const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function linesOf(text: string, file: string): CaseLine[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ text: t, origin: { file, line: i + 1 } }));
}

/** The base's files with the case's blocks laid over them, annotations taken out. */
export function caseFiles(spec: CaseFile, basesRoot: string): CaseFiles {
  if (spec.base !== undefined && !fs.existsSync(path.join(basesRoot, spec.base)))
    throw new CaseError({ file: spec.source, line: 1 }, `no base '${spec.base}' in ${basesRoot}`);
  const files = spec.base !== undefined ? readBase(basesRoot, spec.base) : new Map<string, CaseLine[]>();
  const stated = new Set<string>();
  for (const b of spec.blocks) {
    if (b.kind === 'fixed') continue;
    if (stated.has(b.path)) throw new CaseError(b.origin, `${b.path} is stated twice`);
    stated.add(b.path);
    const base = files.get(b.path);
    if (b.kind !== 'file' && !base)
      throw new CaseError(b.origin, `the base has no ${b.path} to ${b.kind === 'diff' ? 'edit' : 'delete'}`);
    if (b.kind === 'delete') files.delete(b.path);
    else files.set(b.path, b.kind === 'diff' ? applyDiff(base!, b) : b.lines);
  }
  return withoutAnnotations(files);
}

/** The files as they are analysed, and the annotations their lines carried. */
export function withoutAnnotations(files: ReadonlyMap<string, CaseLine[]>): CaseFiles {
  const out: CaseFiles = { files: new Map(), annotations: [] };
  for (const [file, lines] of files) {
    const stripped = stripAnnotations(lines);
    out.files.set(file, stripped.lines);
    for (const a of stripped.annotations) out.annotations.push({ ...a, file });
  }
  return out;
}

export const textOf = (lines: readonly CaseLine[]): string => lines.map((l) => `${l.text}\n`).join('');

/** Writes the files under `dir` (created fresh). */
export function writeCase(files: CaseFiles, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, lines] of files.files) {
    const full = path.join(dir, ...file.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, textOf(lines));
  }
}
