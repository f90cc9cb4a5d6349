import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armFrontEnd } from '../../../server/src/frontends/arm';
import type { LoadResult, SourceFile } from '../../../server/src/frontends/frontend';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import { WorkspaceHost } from '../../../server/src/workspace';

/**
 * Real public templates (`/work/shared/corpus`): quickstarts written by hand and Azure Verified
 * Modules compiled from Bicep (`main.json`, languageVersion 2.0, nested module deployments).
 */
const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');

function templateFolders(dir: string): Map<string, SourceFile[]> {
  const out = new Map<string, SourceFile[]>();
  const visit = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.json')) {
        const text = fs.readFileSync(full, 'utf8');
        if (!armFrontEnd.claims(full, text)) continue;
        const list = out.get(d) ?? [];
        list.push({ path: full, text });
        out.set(d, list);
      }
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return out;
}

/** A value of the declared type for every parameter that has none, as a user's parameter file would give. */
function fullParameters(files: SourceFile[]): string {
  const values: Record<string, { value: unknown }> = {};
  for (const f of files) {
    const params =
      (
        JSON.parse(f.text) as {
          parameters?: Record<string, { type?: string; defaultValue?: unknown; allowedValues?: unknown[] }>;
        }
      ).parameters ?? {};
    for (const [name, p] of Object.entries(params)) {
      if (p.defaultValue !== undefined) continue;
      const type = (p.type ?? 'string').toLowerCase();
      const value =
        p.allowedValues?.[0] ??
        (type === 'int'
          ? 1
          : type === 'bool'
            ? true
            : type === 'array'
              ? []
              : type.includes('object')
                ? {}
                : `p-${name}`.toLowerCase());
      values[name] = { value };
    }
  }
  return JSON.stringify({ parameters: values });
}

function loadFolder(dir: string, files: SourceFile[], fill: boolean): LoadResult {
  const paramFile = path.join(dir, '__all-parameters__.json');
  const host = new WorkspaceHost(CORPUS, new Map(fill ? [[paramFile, fullParameters(files)]] : []));
  return armFrontEnd.load(files, host, {
    context: fill ? { ...DEFAULT_CONTEXT, location: 'westeurope' } : DEFAULT_CONTEXT,
    parameterFiles: fill ? [paramFile] : [],
  });
}

describe('ARM front end: real templates from the corpus', function () {
  this.timeout(20000);
  const folders = templateFolders(CORPUS);

  it('finds the ARM templates of the corpus', function () {
    if (!fs.existsSync(CORPUS)) this.skip();
    assert.ok(folders.size >= 6, `only ${folders.size} folders with templates`);
  });

  for (const [dir, files] of folders) {
    const name = path.relative(CORPUS, dir);

    it(`${name}: loads with no front-end error`, () => {
      const r = loadFolder(dir, files, false);
      assert.deepEqual(
        r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`),
        [],
      );
      assert.ok(r.resources.length > 0, 'no resources');
    });

    it(`${name}: every id is known once every parameter has a value`, () => {
      // With all deployment inputs given (a parameter file covering every parameter without a
      // default, and a location), nothing a template computes from them may stay unknown.
      const r = loadFolder(dir, files, true);
      assert.deepEqual(
        r.resources.filter((x) => !x.idKnown).map((x) => x.id),
        [],
      );
    });
  }
});
