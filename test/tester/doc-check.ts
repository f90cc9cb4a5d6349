import * as fs from 'node:fs';
import { shown } from './cases';
import { checkCase } from './check';
import { exampleFiles } from './doc-example';
import { type DocExample, LANG_NAMES } from './doc-page';
import { withoutAnnotations, writeCase } from './materialise';

/**
 * What a docs example asserts (test/rules/README.md, "Docs examples"): the label before it agrees
 * with its block; a Bad example annotates where the page's rule is reported, a Good one does not
 * report it; and, as for a rule case, every finding is annotated with its range, severity and
 * whether it offers a fix, every fix works, and nothing fails to load. Related locations are left to
 * the rule cases: a reader sees no line numbers.
 */
export function checkExample(rule: string, ex: DocExample, basesRoot: string, dir: string): string[] {
  const where = `${shown(ex.origin.file)}:${ex.origin.line}`;
  const failures: string[] = [];
  const label = /^(Bad|Good) \((ARM|Bicep|Terraform)\b/.exec(ex.label ?? '');
  if (!label) failures.push(`${where}: the example has no 'Bad (ARM): …' / 'Good (Terraform): …' line before it`);
  else if (label[1].toLowerCase() !== ex.verdict || label[2] !== LANG_NAMES[ex.lang])
    failures.push(`${where}: the block is ${ex.verdict} ${LANG_NAMES[ex.lang]}, the line before it says '${label[0]}'`);

  const files = withoutAnnotations(exampleFiles(ex, basesRoot));
  const ours = files.annotations.filter((a) => a.kind === 'finding' && a.rule === rule);
  if (ex.verdict === 'bad' && ours.length === 0)
    failures.push(`${where}: a Bad example annotates where ${rule} is reported (// ^^^ error ${rule})`);
  if (ex.verdict === 'good' && ours.length > 0) failures.push(`${where}: a Good example does not report ${rule}`);
  for (const a of files.annotations)
    if (a.kind === 'finding' && a.related.length > 0)
      failures.push(`${shown(a.origin.file)}:${a.origin.line}: a page leaves related locations to the rule cases`);

  writeCase(files, dir);
  const spec = { source: ex.origin.file, why: '', problems: [], notEvaluated: [], blocks: [] };
  const all = failures.concat(checkCase(spec, files, dir, shown, { related: false }));
  if (all.length === 0) fs.rmSync(dir, { recursive: true, force: true });
  return all;
}
