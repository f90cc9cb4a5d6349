import * as path from 'node:path';
import type { SourceFile } from '../frontend';
import type { Expr } from './syntax';
import { attribute } from './syntax';
import { readConfigFile } from './config-file';

/** Terraform's test for a local module source: a path starting with `./` or `../` (either slash). */
export function isLocalSource(source: string): boolean {
  return /^\.\.?[\\/]/.test(source);
}

/**
 * The folders a configuration file calls as local modules. Terraform requires `source` to be a
 * literal string, so reading the text is enough; a folder called this way is not a root module.
 */
export function localModuleFolders(file: SourceFile): string[] {
  // Most files call no module: skip parsing them.
  if (!/\bmodule\b/.test(file.text)) return [];
  const dir = path.dirname(file.path);
  const out: string[] = [];
  for (const block of readConfigFile(file.path, file.text).body.blocks) {
    if (block.type !== 'module') continue;
    const source = literalText(attribute(block.body, 'source')?.expr);
    if (source !== undefined && isLocalSource(source)) out.push(path.resolve(dir, source));
  }
  return out;
}

function literalText(expr: Expr | undefined): string | undefined {
  if (expr?.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr?.kind === 'template' && expr.parts.every((p) => typeof p === 'string')) return expr.parts.join('');
  return undefined;
}
