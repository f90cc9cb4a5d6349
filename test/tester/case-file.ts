/**
 * The Markdown shape of a rule case (`test/rules/<rule-id>/<lang>/<case>.md`, see test/rules/README.md):
 * optional front matter, prose that says why, and fenced blocks that each state one file of the
 * deployment — whole (```` ```bicep main.bicep ````), as edits of the base's file (```` ```diff main.json ````),
 * or removed from the base (```` ```delete providers.tf ````).
 */

/** A line as the tester shows it in a failure: where it was written. */
export interface Origin {
  file: string;
  /** 1-based. */
  line: number;
}

export interface CaseLine {
  text: string;
  origin: Origin;
}

/** `fixed`: a `diff` block with the word `fixed` shows a file after the case's quick fix (golden output). */
export type BlockKind = 'file' | 'diff' | 'delete' | 'fixed';

export interface Block {
  kind: BlockKind;
  /** The file's path inside the case folder, with forward slashes. */
  path: string;
  /** The fence's language word (json, bicep, terraform…); informative only. */
  lang: string;
  /** Where the fence opens. */
  origin: Origin;
  lines: CaseLine[];
}

export interface CaseFile {
  source: string;
  why: string;
  /** A folder of `test/rules/_bases/` the blocks apply to. */
  base?: string;
  /** Front-end problem codes the case expects (each must appear; no other may). */
  problems: string[];
  /** Rules that must record why they could not decide (`ctx.notEvaluated`). */
  notEvaluated: string[];
  blocks: Block[];
}

/** A mistake in a case file itself, reported at its place. */
export class CaseError extends Error {
  constructor(origin: Origin, message: string) {
    super(`${origin.file}:${origin.line}: ${message}`);
  }
}

const FENCE = /^(`{3,})(.*)$/;
const LISTS = new Set(['problems', 'notEvaluated']);

export function parseCaseFile(source: string, text: string): CaseFile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = (i: number): Origin => ({ file: source, line: i + 1 });
  const out: CaseFile = { source, why: '', problems: [], notEvaluated: [], blocks: [] };
  let i = 0;
  if (lines[0] === '---') {
    i = 1;
    for (; i < lines.length && lines[i] !== '---'; i++) readSetting(out, lines[i], at(i));
    if (i === lines.length) throw new CaseError(at(0), 'the front matter has no closing ---');
    i++;
  }
  const prose: string[] = [];
  for (; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) {
      if (!/^#/.test(lines[i])) prose.push(lines[i]);
      continue;
    }
    const start = i;
    const body: CaseLine[] = [];
    for (i++; i < lines.length && !isClosing(lines[i], open[1]); i++) body.push({ text: lines[i], origin: at(i) });
    if (i === lines.length) throw new CaseError(at(start), 'the code block is not closed');
    out.blocks.push(block(open[2].trim(), body, at(start)));
  }
  out.why = prose.join('\n').trim();
  if (!out.why) throw new CaseError(at(0), 'a case says why it expects what it does, in prose outside the code blocks');
  return out;
}

function isClosing(line: string, fence: string): boolean {
  return line.trimEnd() === fence || (line.startsWith(fence) && /^`+$/.test(line.trimEnd()));
}

function readSetting(out: CaseFile, line: string, origin: Origin): void {
  if (!line.trim()) return;
  const m = /^([A-Za-z]+):\s*(.*)$/.exec(line);
  if (!m) throw new CaseError(origin, `front matter lines are 'key: value', not '${line}'`);
  const [, key, value] = m;
  if (key === 'base') out.base = value.trim();
  else if (LISTS.has(key)) out[key as 'problems' | 'notEvaluated'] = value.split(/[\s,]+/).filter((v) => v);
  else throw new CaseError(origin, `unknown front matter key '${key}' (base, problems, notEvaluated)`);
}

function block(info: string, lines: CaseLine[], origin: Origin): Block {
  const [lang, file, ...rest] = info.split(/\s+/);
  const fixed = lang === 'diff' && rest.length === 1 && rest[0] === 'fixed';
  if (!lang || !file || (rest.length > 0 && !fixed))
    throw new CaseError(origin, `a code block names its language and file: \`\`\`json main.json, not \`\`\`${info}`);
  if (file.startsWith('/') || file.split('/').includes('..') || file.includes('\\'))
    throw new CaseError(origin, `'${file}' is not a relative path inside the case folder`);
  const kind: BlockKind = fixed ? 'fixed' : lang === 'diff' ? 'diff' : lang === 'delete' ? 'delete' : 'file';
  if (kind === 'delete' && lines.some((l) => l.text.trim()))
    throw new CaseError(origin, 'a delete block is empty: it removes the base file');
  return { kind, path: file, lang, origin, lines };
}
