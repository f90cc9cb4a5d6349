import * as path from 'node:path';
import type { Value } from '../../graph/value';
import { unknown } from '../../graph/value';
import type { FileHost } from '../frontend';
import type { JsonDoc } from './json-values';
import { child, literalValue, members } from './json-values';
import type { Session } from './session';
import { parameterSymbol } from './template';

/** `azuredeploy.json` → `azuredeploy.parameters.json`, the file beside a template that holds its values. */
function companionParameterFile(template: string): string {
  const ext = path.extname(template);
  return path.join(path.dirname(template), `${path.basename(template, ext)}.parameters${ext}`);
}

/**
 * Parameter values from the companion file and the configured ones (later files win). A Key Vault
 * reference stays unknown: the secret is only read at deployment.
 */
export function parameterValues(
  template: string,
  extra: readonly string[],
  host: FileHost,
  session: Session,
): Map<string, Value> {
  const values = new Map<string, Value>();
  const files = [companionParameterFile(template), ...extra];
  for (const file of new Set(files.map((f) => path.resolve(f)))) {
    const text = host.read(file);
    if (text === undefined) continue;
    const doc = session.doc(file, text);
    for (const [name, value] of readParameterFile(doc)) values.set(name, value);
  }
  return values;
}

function readParameterFile(doc: JsonDoc): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const m of members(child(doc.root, 'parameters'))) {
    const value = child(m.value, 'value');
    if (value) {
      out.set(m.key.toLowerCase(), literalValue(doc, value));
    } else if (child(m.value, 'reference')) {
      out.set(m.key.toLowerCase(), keyVaultSecret(m.key, undefined));
    }
  }
  return out;
}

/** The value of a parameter given as a Key Vault `reference`, in a parameter file or a nested deployment. */
export function keyVaultSecret(name: string, nestedIn: string | undefined): Value {
  return unknown(
    `parameter '${name}' is a Key Vault secret, read only at deployment`,
    undefined,
    parameterSymbol(name, nestedIn),
  );
}
