import * as path from 'node:path';
import type { Problem } from '../../graph/problem';
import { armFrontEnd } from '../arm';
import { isArmTemplate } from '../arm/detect';
import type { FrontEnd, LoadResult, SourceFile } from '../frontend';
import { loadBicep, moduleTargets } from './load';
import { parseBicepFile } from './session';
import { bicepComments } from './comments';

/**
 * Bicep and `.bicepparam`, read the way the Bicep compiler reads them, into the same graph as the
 * ARM front end. It also claims the ARM templates Bicep compiled (`main.json` with
 * `metadata._generator.name: bicep`): beside their `.bicep` source they are the same deployment,
 * so only the source is analysed; alone, they are handed to the ARM front end.
 */
export const bicepFrontEnd: FrontEnd = {
  language: 'bicep',
  claims: (file, text) => /\.(bicep|bicepparam)$/i.test(file) || isCompiledBicep(file, text),
  load: (files, host, options) => {
    const sources = files.filter((f) => /\.(bicep|bicepparam)$/i.test(f.path));
    const compiled = files.filter((f) => !sources.includes(f));
    const ours = new Set(sources.map((f) => path.resolve(f.path).toLowerCase()));
    const twins = compiled.filter((f) => ours.has(sourceOf(f).toLowerCase()));
    const alone = compiled.filter((f) => !twins.includes(f));
    const results: LoadResult[] = [];
    if (sources.length > 0) results.push(loadBicep(sources, host, options));
    if (alone.length > 0) results.push(armFrontEnd.load(alone, host, options));
    const notes: Problem[] = twins.map((f) => ({
      code: 'compiled-bicep',
      severity: 'info',
      message: `compiled from ${path.basename(sourceOf(f))}: the Bicep source is analysed instead, so findings are not doubled`,
      span: { file: path.resolve(f.path), start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    }));
    return {
      resources: results.flatMap((r) => r.resources),
      problems: [...results.flatMap((r) => r.problems), ...notes],
    };
  },
  // Its local modules (a module folder's files are not deployments of their own while it is here).
  uses: (file) =>
    /\.bicep$/i.test(file.path)
      ? /\bmodule\b/.test(file.text)
        ? moduleTargets(path.resolve(file.path), parseBicepFile(path.resolve(file.path), file.text).syntax)
        : []
      : (armFrontEnd.uses?.(file) ?? []),
  comments: bicepComments,
};

const GENERATOR = /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/;

/** An ARM template whose metadata says Bicep wrote it. */
function isCompiledBicep(file: string, text: string): boolean {
  return isArmTemplate(file, text) && GENERATOR.test(text.slice(0, 4096));
}

/** `main.json` comes from `main.bicep`; a quickstart's `azuredeploy.json` from the `main.bicep` beside it. */
function sourceOf(f: SourceFile): string {
  const abs = path.resolve(f.path);
  if (/^azuredeploy\.jsonc?$/i.test(path.basename(abs))) return path.join(path.dirname(abs), 'main.bicep');
  return abs.replace(/\.jsonc?$/i, '.bicep');
}
