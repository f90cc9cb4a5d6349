import * as path from 'node:path';
import type { Problem } from '../../graph/problem';
import type { Value } from '../../graph/value';
import type { Budget } from '../budget';
import type { FileHost } from '../frontend';
import type { Scope } from './evaluate';
import { evaluate } from './evaluate';
import { readHcl } from './hcl-reader';
import { jsonValue, parseJson } from './json-reader';

const VAR_FILE = /\.tfvars(\.json)?$/i;

/** Variable files may not refer to anything. */
function nothing(budget: Budget): Scope {
  return { bound: () => undefined, reference: () => undefined, budget };
}

export function isVarFile(file: string): boolean {
  return VAR_FILE.test(file);
}

/**
 * Values for the root module's variables, in Terraform's precedence (later wins):
 * terraform.tfvars, terraform.tfvars.json, *.auto.tfvars[.json] in name order, then the files the
 * user names (settings or `--var-file`).
 */
export function loadVarFiles(
  dir: string,
  host: FileHost,
  named: string[],
  problems: Problem[],
  budget: Budget,
): Map<string, Value> {
  const names = host.list(dir);
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/i.test(n)).sort();
  const files = [...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)), ...auto].map((n) =>
    path.join(dir, n),
  );
  const values = new Map<string, Value>();
  for (const file of [...files, ...named.filter(isVarFile).map((f) => path.resolve(dir, f))]) {
    const text = host.read(file);
    if (text === undefined) {
      const start = { line: 0, character: 0 };
      problems.push({
        code: 'var-file-missing',
        severity: 'warning',
        message: `variable file ${host.whyUnreadable(file)}`,
        span: { file, start, end: start },
      });
      continue;
    }
    for (const [name, value] of readVarFile(file, text, problems, budget)) values.set(name, value);
  }
  return values;
}

function readVarFile(file: string, text: string, problems: Problem[], budget: Budget): [string, Value][] {
  if (/\.json$/i.test(file)) {
    const parsed = parseJson(file, text, budget);
    for (const p of parsed.problems) problems.push(p);
    const root = parsed.root;
    if (root?.type !== 'object') return [];
    return (root.children ?? []).flatMap((prop) => {
      const [k, v] = prop.children ?? [];
      return k && v ? [[String(k.value), jsonValue(v, parsed.map, file)] as [string, Value]] : [];
    });
  }
  const parsed = readHcl(file, text, budget);
  for (const p of parsed.problems) problems.push(p);
  const scope = nothing(budget);
  return parsed.body.attributes.map((a) => {
    try {
      return [a.name, evaluate(a.expr, scope)];
    } catch (err) {
      return [a.name, budget.absorb(err, a.expr.span)];
    }
  });
}
