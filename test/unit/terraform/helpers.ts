import * as path from 'node:path';
import { Budget } from '../../../server/src/frontends/budget';
import type { FileHost, LoadResult, SourceFile } from '../../../server/src/frontends/frontend';
import { terraformFrontEnd } from '../../../server/src/frontends/terraform';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import type { Resource } from '../../../server/src/graph/resource';
import type { SourceSpan } from '../../../server/src/graph/span';

export const ROOT = '/ws';

/** A workspace held in memory: file path (relative to ROOT) → text. */
export class MemoryHost implements FileHost {
  readonly root = ROOT;
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string>) {
    for (const [name, text] of Object.entries(files)) this.files.set(path.join(ROOT, name), text);
  }

  read(p: string): string | undefined {
    return this.files.get(path.resolve(p));
  }

  list(dir: string): string[] {
    const abs = path.resolve(dir);
    const names = new Set<string>();
    for (const f of this.files.keys()) {
      if (path.dirname(f) === abs) names.add(path.basename(f));
      else if (f.startsWith(abs + path.sep)) names.add(f.slice(abs.length + 1).split(path.sep)[0]);
    }
    return [...names].sort();
  }

  whyUnreadable(p: string): string {
    return `'${p}' does not exist`;
  }

  /** The claimed files of one folder, as the analysis passes them. */
  deployment(dir = '.'): SourceFile[] {
    const abs = path.join(ROOT, dir);
    return this.list(abs)
      .map((n) => path.join(abs, n))
      .filter((p) => this.files.has(p) && terraformFrontEnd.claims(p, this.files.get(p) ?? ''))
      .map((p) => ({ path: p, text: this.files.get(p) ?? '' }));
  }
}

export async function ready(): Promise<void> {
  await terraformFrontEnd.init?.();
}

/** Loads a folder of `files`, with the problems of its budget (reported by whoever owns the budget). */
export function load(files: Record<string, string>, options: { dir?: string; varFiles?: string[] } = {}): LoadResult {
  const host = new MemoryHost(files);
  const budget = new Budget();
  const result = terraformFrontEnd.load(host.deployment(options.dir), host, {
    context: DEFAULT_CONTEXT,
    parameterFiles: (options.varFiles ?? []).map((f) => path.join(ROOT, f)),
    budget,
  });
  return { resources: result.resources, problems: [...result.problems, ...budget.problems()] };
}

export function bySymbol(result: LoadResult, symbol: string): Resource {
  const r = result.resources.find((x) => x.symbol === symbol);
  if (!r) throw new Error(`no resource ${symbol}; have ${result.resources.map((x) => x.symbol).join(', ')}`);
  return r;
}

/** `line:col-line:col`, 1-based like an editor shows it. */
export function where(span: SourceSpan | undefined): string {
  if (!span) return 'none';
  return `${span.start.line + 1}:${span.start.character + 1}-${span.end.line + 1}:${span.end.character + 1}`;
}

/** The text a span covers. */
export function textAt(text: string, span: SourceSpan | undefined): string {
  if (!span) return '';
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(span.start), offset(span.end));
}

export const SUB = DEFAULT_CONTEXT.subscriptionId;

export function rgId(rg: string): string {
  return `/subscriptions/${SUB}/resourceGroups/${rg}`;
}
