import { Budget } from '../../../server/src/frontends/budget';
import * as path from 'node:path';
import { armFrontEnd } from '../../../server/src/frontends/arm';
import type { FileHost, LoadResult } from '../../../server/src/frontends/frontend';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import type { DeploymentContext } from '../../../server/src/graph/context';
import type { Resource } from '../../../server/src/graph/resource';
import type { SourceSpan } from '../../../server/src/graph/span';
import { LineMap } from '../../../server/src/graph/span';

export const ROOT = '/ws';

/** An in-memory workspace: paths are relative to ROOT. */
export function memoryHost(files: Record<string, string>): FileHost {
  const abs = new Map(Object.entries(files).map(([p, t]) => [path.join(ROOT, p), t]));
  return {
    root: ROOT,
    read: (p) => abs.get(path.resolve(p)),
    list: (dir) => [...abs.keys()].filter((p) => path.dirname(p) === path.resolve(dir)).map((p) => path.basename(p)),
    whyUnreadable: (p) => `'${p}' does not exist`,
  };
}

/** Loads the named files (the others are only reachable by links and parameter-file lookups). */
export function load(
  files: Record<string, string>,
  entries: string[] = [Object.keys(files)[0]],
  options: { context?: Partial<DeploymentContext>; parameterFiles?: string[] } = {},
): LoadResult {
  const host = memoryHost(files);
  const budget = new Budget();
  const result = armFrontEnd.load(
    entries.map((e) => ({ path: path.join(ROOT, e), text: files[e] })),
    host,
    {
      context: { ...DEFAULT_CONTEXT, ...options.context },
      parameterFiles: (options.parameterFiles ?? []).map((p) => path.join(ROOT, p)),
      budget,
    },
  );
  // The budget's own problems are reported by whoever owns it (the analysis, here the test).
  return { resources: result.resources, problems: [...result.problems, ...budget.problems()] };
}

/** A template object from its sections, as a nested deployment's `template` holds it. */
export function templateObject(
  sections: Record<string, unknown>,
  schema = 'deploymentTemplate',
): Record<string, unknown> {
  return {
    $schema: `https://schema.management.azure.com/schemas/2019-04-01/${schema}.json#`,
    contentVersion: '1.0.0.0',
    ...sections,
  };
}

/** A template from its sections, as JSON text with two-space indentation. */
export function template(sections: Record<string, unknown>, schema = 'deploymentTemplate'): string {
  return JSON.stringify(templateObject(sections, schema), null, 2);
}

/** The span of the `occurrence`-th appearance of `needle` in `text` (0-based), as the front end should report it. */
export function spanOfText(file: string, text: string, needle: string, occurrence = 0): SourceSpan {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found ${occurrence + 1} times`);
  }
  return new LineMap(text).span(path.join(ROOT, file), at, at + needle.length);
}

export function byType(r: LoadResult, type: string): Resource[] {
  return r.resources.filter((x) => x.type.toLowerCase() === type.toLowerCase());
}

export const SUB = DEFAULT_CONTEXT.subscriptionId;
export const RG = DEFAULT_CONTEXT.resourceGroup;
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
