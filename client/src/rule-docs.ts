import type { Uri } from 'vscode';
import { FileType, commands, window, workspace } from 'vscode';

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
