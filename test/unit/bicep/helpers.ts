import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { bicepFrontEnd } from '../../../server/src/frontends/bicep';
import type { LoadResult } from '../../../server/src/frontends/frontend';
import type { DeploymentContext } from '../../../server/src/graph/context';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import type { Resource } from '../../../server/src/graph/resource';
import type { SourceSpan } from '../../../server/src/graph/span';
import type { Value } from '../../../server/src/graph/value';
import { at, toPlain } from '../../../server/src/graph/value';
import { ROOT, memoryHost } from '../arm/helpers';

export { ROOT };

/**
 * Loads the claimed files of the workspace's top folder (or `dir`), as the analysis passes them;
 * the other files are reachable as modules, imports and parameter files.
 */
export function load(
  files: Record<string, string>,
  options: { dir?: string; context?: Partial<DeploymentContext>; parameterFiles?: string[] } = {},
): LoadResult {
  const host = memoryHost(files);
  const dir = path.join(ROOT, options.dir ?? '.');
  const claimed = Object.entries(files)
    .map(([name, text]) => ({ path: path.join(ROOT, name), text }))
    .filter((f) => path.dirname(f.path) === dir && bicepFrontEnd.claims(f.path, f.text));
  return bicepFrontEnd.load(claimed, host, {
    context: { ...DEFAULT_CONTEXT, ...options.context },
    parameterFiles: (options.parameterFiles ?? []).map((p) => path.join(ROOT, p)),
  });
}

/** Loads a single `main.bicep` that must load without problems. */
export function loadMain(text: string, extra: Record<string, string> = {}): LoadResult {
  const result = load({ 'main.bicep': text, ...extra });
  assert.deepEqual(
    result.problems.map((p) => `${p.code}: ${p.message}`),
    [],
  );
  return result;
}

export function bySymbol(result: LoadResult, symbol: string, index = 0): Resource {
  const found = result.resources.filter((r) => r.symbol === symbol);
  assert.ok(found[index], `resource '${symbol}' #${index} among ${result.resources.map((r) => r.symbol).join(', ')}`);
  return found[index];
}

/** The plain value at a body path of a resource. */
export function plainAt(r: Resource, p: string): unknown {
  return toPlain(at(r.body, p));
}

export function valueAt(r: Resource, p: string): Value | undefined {
  return at(r.body, p);
}

/** The text a span covers. */
export function textAt(text: string, span: SourceSpan | undefined): string {
  assert.ok(span);
  const lines = text.split('\n');
  if (span.start.line === span.end.line) return lines[span.start.line].slice(span.start.character, span.end.character);
  return [
    lines[span.start.line].slice(span.start.character),
    ...lines.slice(span.start.line + 1, span.end.line),
    lines[span.end.line].slice(0, span.end.character),
  ].join('\n');
}

export const SUB = DEFAULT_CONTEXT.subscriptionId;
export const RG = DEFAULT_CONTEXT.resourceGroup;

export function rgId(type: string, ...names: string[]): string {
  const [ns, ...types] = type.split('/');
  return `/subscriptions/${SUB}/resourceGroups/${RG}/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}
