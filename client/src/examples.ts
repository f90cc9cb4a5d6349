import type { QuickPickItem } from 'vscode';
import { FileType, Uri, window, workspace } from 'vscode';

/** The file an example opens on, by language: its entry template. */
const ENTRY_FILES = ['azuredeploy.json', 'main.bicep', 'main.tf'];

const LANGUAGE_OF: Record<string, string> = { '.json': 'ARM', '.bicep': 'Bicep', '.tf': 'Terraform' };

/**
 * Opens one of the example deployments shipped in the extension (`examples/<name>/`): a fresh copy
 * in the extension's storage, so the user may edit it (try a quick fix) without touching the
 * installed extension. `name` skips the quick pick. Answers the file opened.
 */
export async function openExample(extensionUri: Uri, storageUri: Uri, name?: string): Promise<Uri | undefined> {
  const examples = Uri.joinPath(extensionUri, 'examples');
  const chosen = name ?? (await pickExample(examples));
  if (!chosen) return undefined;
  const copy = Uri.joinPath(storageUri, 'examples', chosen);
  await workspace.fs.copy(Uri.joinPath(examples, chosen), copy, { overwrite: true });
  const files = (await workspace.fs.readDirectory(copy)).filter(([, t]) => t === FileType.File).map(([n]) => n);
  const entry = ENTRY_FILES.find((f) => files.includes(f)) ?? files.sort()[0];
  if (entry === undefined) return undefined;
  const file = Uri.joinPath(copy, entry);
  await window.showTextDocument(file);
  return file;
}

/** The examples, insecure ones first (they are what the extension is about), with their languages. */
async function pickExample(examples: Uri): Promise<string | undefined> {
  const folders = (await workspace.fs.readDirectory(examples)).filter(([, t]) => t === FileType.Directory);
  const items: (QuickPickItem & { name: string })[] = [];
  for (const [folder] of folders) {
    const languages = new Set(
      (await workspace.fs.readDirectory(Uri.joinPath(examples, folder))).flatMap(
        ([n]) => LANGUAGE_OF[n.slice(n.lastIndexOf('.'))] ?? [],
      ),
    );
    items.push({ label: folder, description: [...languages].join(', '), name: folder });
  }
  const insecureFirst = (s: string) => (s.includes('insecure') ? 0 : 1);
  items.sort((a, b) => insecureFirst(a.name) - insecureFirst(b.name) || a.name.localeCompare(b.name));
  const picked = await window.showQuickPick(items, {
    title: 'Azure ML Network Guard: open an example deployment',
    matchOnDescription: true,
  });
  return picked?.name;
}
