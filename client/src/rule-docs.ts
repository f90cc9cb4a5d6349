import type { Diagnostic } from 'vscode';
import { FileType, Uri, commands, window, workspace } from 'vscode';

/** Opens rule pages: with a rule id, its page; without, a quick pick of them. */
export const OPEN_RULE_DOCS = 'amlNetworkGuard.openRuleDocs';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `OPEN_RULE_DOCS` with the argument VS Code passes along: `ruleId`'s page if it is one, else the quick pick. */
export async function openRuleDocs(docsDir: Uri, ruleId?: unknown): Promise<void> {
  if (typeof ruleId === 'string' && RULE_ID.test(ruleId)) await showRulePage(joinPath(docsDir, `${ruleId}.md`));
  else await pickRulePage(docsDir);
}

/**
 * The server links a diagnostic's code to the rule's markdown file (what any LSP client can open);
 * VS Code would open that file as source, so in VS Code the link runs the command that shows it
 * rendered instead (Problems and the hover open code links with commands allowed).
 */
export function linkToRenderedPage(d: Diagnostic, docsDir: Uri): Diagnostic {
  if (typeof d.code !== 'object' || d.code.target.scheme !== 'file') return d;
  const id = String(d.code.value);
  if (!RULE_ID.test(id) || d.code.target.fsPath !== joinPath(docsDir, `${id}.md`).fsPath) return d;
  const args = encodeURIComponent(JSON.stringify([id]));
  d.code = { value: d.code.value, target: Uri.parse(`command:${OPEN_RULE_DOCS}?${args}`) };
  return d;
}

/** Opens a rule page (or the index) rendered as the markdown preview: read-only, with its examples. */
export async function showRulePage(page: Uri): Promise<void> {
  await commands.executeCommand('markdown.showPreview', page);
}

/** A quick pick of the rules whose pages ship in `docsDir`, then the chosen page rendered. */
export async function pickRulePage(docsDir: Uri): Promise<void> {
  const entries = await workspace.fs.readDirectory(docsDir);
  const pages = entries
    .filter(([name, type]) => type === FileType.File && name.endsWith('.md') && name !== 'README.md')
    .map(([name]) => name)
    .sort();
  const items = await Promise.all(
    pages.map(async (name) => ({
      label: name.replace(/\.md$/, ''),
      description: await titleOf(docsDir, name),
      name,
    })),
  );
  const chosen = await window.showQuickPick(
    [{ label: 'All rules', description: 'the index', name: 'README.md' }, ...items],
    {
      title: 'Azure ML Network Guard: rule documentation',
      matchOnDescription: true,
    },
  );
  if (chosen) await showRulePage(joinPath(docsDir, chosen.name));
}

async function titleOf(docsDir: Uri, name: string): Promise<string> {
  const text = new TextDecoder().decode(await workspace.fs.readFile(joinPath(docsDir, name)));
  // The first sentence of "What it checks" says it best in one line.
  const what = /^## What it checks\s+([^]*?)(?:\n\n|$)/m.exec(text)?.[1] ?? '';
  return what
    .replace(/\s+/g, ' ')
    .split(/(?<=\.)\s/)[0]
    .trim();
}

function joinPath(dir: Uri, name: string): Uri {
  return dir.with({ path: `${dir.path.replace(/\/$/, '')}/${name}` });
}
