import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCaseFile, type CaseFile } from './case-file';
import { caseFiles, type CaseFiles, writeCase } from './materialise';

export const REPO = path.resolve(__dirname, '../../..');
export const CASES_ROOT = path.join(REPO, 'test/rules');
export const BASES_ROOT = path.join(CASES_ROOT, '_bases');

export interface RuleCase {
  /** `<rule-id>/<lang>/<case>`. */
  name: string;
  rule: string;
  lang: string;
  source: string;
}

/** Every case file, `test/rules/<rule-id>/<lang>/<case>.md`, in a stable order. */
export function listCases(root: string = CASES_ROOT): RuleCase[] {
  const dirs = (p: string) =>
    fs
      .readdirSync(p, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
      .map((d) => d.name)
      .sort();
  const out: RuleCase[] = [];
  for (const rule of dirs(root))
    for (const lang of dirs(path.join(root, rule)))
      for (const file of fs.readdirSync(path.join(root, rule, lang)).sort())
        if (file.endsWith('.md'))
          out.push({
            name: `${rule}/${lang}/${file.slice(0, -3)}`,
            rule,
            lang,
            source: path.join(root, rule, lang, file),
          });
  return out;
}

export interface LoadedCase {
  spec: CaseFile;
  files: CaseFiles;
  /** The folder the case is written to for analysis (a temporary one). */
  dir: string;
}

let scratch: string | undefined;

/** A fresh folder for one case under this process's temporary folder, named after the case. */
export function scratchDir(name: string): string {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'aml-rule-cases-'));
  return path.join(scratch, ...name.split('/'));
}

/** Reads a case file, lays it over its base and writes the folder that is analysed. */
export function loadCase(c: RuleCase, basesRoot: string = BASES_ROOT): LoadedCase {
  const spec = parseCaseFile(c.source, fs.readFileSync(c.source, 'utf8'));
  const files = caseFiles(spec, basesRoot);
  const dir = scratchDir(c.name);
  writeCase(files, dir);
  return { spec, files, dir };
}

export const shown = (p: string): string => path.relative(REPO, p);

const folders = new Map<string, string>();

/**
 * The folder of one case, `<rule-id>/<lang>/<case>`, written out for tests that read a case as a
 * deployment on disk (equivalence across languages, the CLI, the language server).
 */
export function caseFolder(name: string): string {
  let dir = folders.get(name);
  if (!dir) {
    const [rule, lang, file] = name.split('/');
    dir = loadCase({ name, rule, lang, source: path.join(CASES_ROOT, rule, lang, `${file}.md`) }).dir;
    folders.set(name, dir);
  }
  return dir;
}

export const caseExists = (name: string): boolean => fs.existsSync(path.join(CASES_ROOT, `${name}.md`));
