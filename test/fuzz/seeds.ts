import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language } from './mutate';

/** One real template to mutate, and the folder it is analysed in (its deployment and modules). */
export interface Seed {
  language: Language;
  root: string;
  file: string;
}

export const REPO = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');

export function languageOf(file: string): Language | undefined {
  if (/\.(tf|tf\.json|tfvars|tfvars\.json)$/.test(file)) return 'terraform';
  if (/\.(bicep|bicepparam)$/.test(file)) return 'bicep';
  if (file.endsWith('.json') && path.basename(file) !== 'expect.json') return 'arm';
  return undefined;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Folders analysed on their own: each example, each rule case, each corpus template set. */
function roots(): string[] {
  const children = (dir: string, depth: number): string[] => {
    if (!fs.existsSync(dir)) return [];
    const subs = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name))
      .sort();
    return depth === 0 ? subs : subs.flatMap((s) => children(s, depth - 1));
  };
  return [
    ...children(path.join(REPO, 'examples'), 0),
    ...children(path.join(REPO, 'test/rules'), 2),
    ...children(CORPUS, 0),
  ];
}

/** Every example, rule case and corpus template, by language. */
export function seeds(): Record<Language, Seed[]> {
  const out: Record<Language, Seed[]> = { arm: [], terraform: [], bicep: [] };
  for (const root of roots())
    for (const file of filesUnder(root)) {
      const language = languageOf(file);
      if (language) out[language].push({ language, root, file });
    }
  return out;
}
