import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAnnotation } from './annotations';
import { CaseError, type CaseLine } from './case-file';
import type { DocExample } from './doc-page';
import { type Entry, layOver, linesOfEntries, parseEntries, type Syntax, withJsonCommas } from './entries';
import { readBase } from './materialise';

/**
 * The files a docs example is analysed in. Without a base the block is the whole deployment
 * (`main.json`, `main.bicep`, `main.tf`). With one, each resource of the block is laid over the
 * base's resource of the same name (ARM: type and name; Bicep: symbolic name; Terraform: type and
 * name), key by key, or added; `remove=` takes base resources out first, and a removed resource the
 * block states again is taken whole from the block. Lines keep where they were written, so the
 * annotations of the block mark the analysed text.
 */
export function exampleFiles(ex: DocExample, basesRoot: string): Map<string, CaseLine[]> {
  if (ex.base !== undefined && !fs.existsSync(path.join(basesRoot, ex.base)))
    throw new CaseError(ex.origin, `no base '${ex.base}' in ${basesRoot}`);
  const files = ex.base !== undefined ? readBase(basesRoot, ex.base) : new Map<string, CaseLine[]>();
  if (ex.file !== undefined || ex.base === undefined) files.set(ex.file ?? MAIN[ex.lang], ex.lines);
  else if (ex.lang === 'arm') layArm(files, ex);
  else layDeclarations(files, ex, ex.lang === 'bicep' ? 'bicep' : 'hcl');
  for (const extra of ex.extras) files.set(extra.path, extra.lines);
  return files;
}

const MAIN = { arm: 'main.json', bicep: 'main.bicep', terraform: 'main.tf' } as const;

/** Bicep and Terraform: top-level declarations, replaced where the base declares them. */
function layDeclarations(files: Map<string, CaseLine[]>, ex: DocExample, syntax: Syntax): void {
  const ext = syntax === 'bicep' ? '.bicep' : '.tf';
  const parsed = new Map<string, Entry[]>();
  for (const [file, lines] of files) if (file.endsWith(ext)) parsed.set(file, parseEntries(lines, syntax));
  for (const id of ex.remove) {
    const key = declarationKey(id, syntax);
    const found = [...parsed].filter(([, es]) => es.some((e) => e.key === key));
    if (found.length === 0) throw new CaseError(ex.origin, `remove=${id}: the base declares no ${key}`);
    for (const [file, es] of found)
      parsed.set(
        file,
        es.filter((e) => e.key !== key),
      );
  }
  const added: Entry[] = [];
  for (const e of parseEntries(ex.lines, syntax)) {
    const home = e.key === undefined ? undefined : [...parsed].find(([, es]) => es.some((b) => b.key === e.key));
    if (!home) {
      added.push(e);
      continue;
    }
    const [file, es] = home;
    parsed.set(
      file,
      es.map((b) => (b.key === e.key ? layOver(e, b) : b)),
    );
  }
  for (const [file, es] of parsed) files.set(file, linesOfEntries(es));
  if (added.length === 0) return;
  if (syntax === 'bicep') {
    const main = [...parsed.keys()].find((f) => f === 'main.bicep') ?? [...parsed.keys()][0];
    files.set(main, [...(files.get(main) ?? []), ...linesOfEntries(added)]);
  } else files.set('example.tf', linesOfEntries(added));
}

/** `azurerm_subnet.aks` / `data.azurerm_subnet.aks` (Terraform) or `vnet` (Bicep) as an entry key. */
function declarationKey(id: string, syntax: Syntax): string {
  if (syntax === 'bicep') return id.includes(' ') ? id : `resource ${id}`;
  const parts = id.split('.');
  if (parts[0] === 'data' && parts.length === 3) return `data "${parts[1]}" "${parts[2]}"`;
  if (parts[0] === 'module' && parts.length === 2) return `module "${parts[1]}"`;
  if (parts.length === 2) return `resource "${parts[0]}" "${parts[1]}"`;
  return id;
}

/** ARM: the block holds one resource or an array of them, laid over the base template's `resources`. */
function layArm(files: Map<string, CaseLine[]>, ex: DocExample): void {
  const lines = files.get('main.json');
  if (!lines) throw new CaseError(ex.origin, `the base ${ex.base} has no main.json`);
  const template = parseEntries(lines, 'json').find((e) => e.container?.open === '{');
  const resources = template?.container?.body.find((e) => e.key === 'resources')?.container;
  if (!template?.container || !resources) throw new CaseError(ex.origin, `${ex.base}/main.json has no resources`);
  const root = parseEntries(ex.lines, 'json').find((e) => e.container);
  if (!root?.container) throw new CaseError(ex.origin, 'an ARM example is a resource or an array of resources');
  const stated =
    root.container.open === '[' ? root.container.body.filter((e) => e.key !== undefined || isCode(e)) : [root];
  for (const e of stated)
    if (!e.container)
      throw new CaseError(e.lines[0].origin, 'write each resource of an ARM example over several lines');

  let elements = resources.body.filter((e) => e.container);
  for (const name of ex.remove) {
    const named = elements.filter((e) => property(e, 'name')?.toLowerCase() === name.toLowerCase());
    if (named.length !== 1)
      throw new CaseError(ex.origin, `remove=${name}: the base has ${named.length} such resources`);
    elements = elements.filter((e) => e !== named[0]);
  }
  for (const e of stated) {
    const i = elements.findIndex((b) => identity(b) === identity(e));
    if (i < 0) elements.push(e);
    else elements[i] = layOver(e, elements[i]);
  }
  resources.body = elements;
  files.set('main.json', linesOfEntries(withJsonCommas([template])));
}

const isCode = (e: Entry): boolean => e.lines.some((l) => l.text.trim() !== '' && !isAnnotation(l.text));

/** The string value of a resource's top-level property, as written. */
function property(resource: Entry, key: string): string | undefined {
  const entry = resource.container?.body.find((e) => e.key === key);
  return entry && /:\s*"((?:[^"\\]|\\.)*)"\s*,?\s*$/.exec(entry.lines[0].text)?.[1];
}

const identity = (resource: Entry): string =>
  `${property(resource, 'type') ?? ''} ${property(resource, 'name') ?? ''}`.toLowerCase();
