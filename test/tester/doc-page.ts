import { CaseError, type CaseLine, type Origin } from './case-file';

/**
 * The examples of a rule's docs page (`docs/rules/<id>.md`, section `## Examples`; the format is in
 * test/rules/README.md): each fenced block says in its info string whether it is `bad` or `good`,
 * and optionally the base it is laid over (`base=`), base resources it goes without (`remove=`) and
 * the file it is written as (`file=`). A block with `file=` and neither word is an extra file of the
 * next example. The label the reader sees, `Bad (ARM): …`, comes before each example.
 */

export type Lang = 'arm' | 'bicep' | 'terraform';

export interface ExtraFile {
  path: string;
  lines: CaseLine[];
}

export interface DocExample {
  verdict: 'bad' | 'good';
  lang: Lang;
  base?: string;
  remove: string[];
  /** The block is this whole file instead of being laid over the base. */
  file?: string;
  extras: ExtraFile[];
  /** The `Bad (ARM): …` line before it, if any. */
  label?: string;
  origin: Origin;
  lines: CaseLine[];
}

export const LANG_NAMES: Record<Lang, string> = { arm: 'ARM', bicep: 'Bicep', terraform: 'Terraform' };

const LANGS: Record<string, Lang> = {
  json: 'arm',
  jsonc: 'arm',
  bicep: 'bicep',
  terraform: 'terraform',
  hcl: 'terraform',
  tf: 'terraform',
};

const FENCE = /^(`{3,})(.*)$/;

export function readExamples(source: string, text: string): DocExample[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = (i: number): Origin => ({ file: source, line: i + 1 });
  const out: DocExample[] = [];
  let section = '';
  let label: string | undefined;
  let extras: ExtraFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = /^##\s+(.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    const open = FENCE.exec(lines[i]);
    if (!open) {
      if (/^(Bad|Good)\b/.test(lines[i])) label = lines[i];
      continue;
    }
    const start = i;
    const body: CaseLine[] = [];
    for (i++; i < lines.length && lines[i].trimEnd() !== open[1]; i++) body.push({ text: lines[i], origin: at(i) });
    if (i === lines.length) throw new CaseError(at(start), 'the code block is not closed');
    if (section !== 'Examples') continue;
    const ex = example(open[2].trim(), body, at(start));
    if ('path' in ex) {
      extras.push(ex);
      continue;
    }
    out.push({ ...ex, extras, label });
    extras = [];
    label = undefined;
  }
  if (extras.length > 0)
    throw new CaseError(extras[0].lines[0]?.origin ?? at(0), 'an extra file with no example after it');
  return out;
}

type Parsed = Omit<DocExample, 'extras' | 'label'> | ExtraFile;

function example(info: string, lines: CaseLine[], origin: Origin): Parsed {
  const [word, ...rest] = info.split(/\s+/);
  const lang = LANGS[word];
  if (!lang) throw new CaseError(origin, `an example is json, bicep or terraform code, not '${word}'`);
  let verdict: 'bad' | 'good' | undefined;
  let base: string | undefined;
  let file: string | undefined;
  let remove: string[] = [];
  for (const w of rest) {
    const [key, value] = w.split('=', 2);
    if (value === undefined && (key === 'bad' || key === 'good')) verdict = key;
    else if (key === 'base' && value) base = value;
    else if (key === 'remove' && value) remove = remove.concat(value.split(',').filter((id) => id));
    else if (key === 'file' && value && !value.startsWith('/') && !value.split('/').includes('..')) file = value;
    else throw new CaseError(origin, `unknown word '${w}' (bad, good, base=, remove=, file=)`);
  }
  if (verdict === undefined) {
    if (file === undefined || base !== undefined || remove.length > 0)
      throw new CaseError(origin, 'an example says `bad` or `good` (or, with only `file=`, is an extra file)');
    return { path: file, lines };
  }
  return { verdict, lang, base, remove, file, origin, lines };
}
