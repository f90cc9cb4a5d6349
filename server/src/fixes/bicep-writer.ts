import type { Resource } from '../graph/resource';
import { LineMap } from '../graph/span';
import { parsePath } from '../graph/value';
import type { BicepFile, Expr, ObjectExpr, Property, ResourceDecl } from '../frontends/bicep/syntax';
import { parseBicep } from '../frontends/bicep/syntax';
import { writeBicepInserts } from './bicep-insert';
import { insertMember } from './bicep-members';
import type { FixIntent } from './intent';
import type { OffsetEdit } from './json-edit';
import type { FixWriter, TextEdit } from './writer';

/** One resource declaration in the text of its file. */
interface Located {
  file: BicepFile;
  decl: ResourceDecl;
  body: ObjectExpr;
}

/**
 * Writes fixes into Bicep files, edited as Bicep is written: a literal is replaced, a missing
 * property is added on its own line at the indentation of its siblings (with the objects above
 * it), and a value that is an expression (a parameter, a variable, a function call) is computed
 * elsewhere, so it is never overwritten.
 */
export const bicepWriter: FixWriter = {
  language: 'bicep',
  write(intent: FixIntent, read: (file: string) => string | undefined): TextEdit[] | undefined {
    if (intent.kind === 'addResources') return writeBicepInserts(intent, read);
    const target = locate(intent.resource, read);
    if (!target) return undefined;
    const valueText = intent.kind === 'setProperty' ? literal(intent.value) : copiedText(intent, target);
    if (valueText === undefined) return undefined;
    // A copy replaces whatever is there, expression or not: the value copied is what the fix means.
    const edits = writeAt(target, intent.path, valueText, intent.kind === 'copyProperty');
    if (!edits) return undefined;
    const lines = new LineMap(target.file.text);
    return edits.map((e) => ({ span: lines.span(intent.resource.file, e.start, e.end), newText: e.newText }));
  },
};

function literal(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
}

function writeAt(target: Located, path: string, valueText: string, replaceAny: boolean): OffsetEdit[] | undefined {
  const text = target.file.text;
  let cur: ObjectExpr = target.body;
  const steps = parsePath(path);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (typeof step === 'number') return undefined;
    const prop = member(cur, step);
    if (!prop) {
      const rest = steps.slice(i);
      if (rest.some((s) => typeof s === 'number')) return undefined;
      return insertMember(text, cur, rest as string[], valueText);
    }
    if (i === steps.length - 1) {
      if (!isLiteral(prop.value) && !replaceAny) return undefined;
      const current = text.slice(prop.value.start, prop.value.end);
      if (current === valueText) return undefined;
      return [{ start: prop.value.start, end: prop.value.end, newText: valueText }];
    }
    if (prop.value.kind !== 'object') return undefined;
    cur = prop.value;
  }
  return undefined;
}

function member(obj: ObjectExpr, key: string): Property | undefined {
  const lower = key.toLowerCase();
  for (let i = obj.members.length - 1; i >= 0; i--) {
    const m = obj.members[i];
    if (m.kind === 'property' && m.key.toLowerCase() === lower) return m;
  }
  return undefined;
}

function isLiteral(e: Expr): boolean {
  return (
    (e.kind === 'string' && e.holes.length === 0) || e.kind === 'number' || e.kind === 'boolean' || e.kind === 'null'
  );
}

/**
 * The source property's text, when it means the same thing at the target: the same file, and no
 * loop variable in it (top-level names mean the same everywhere in a file).
 */
function copiedText(intent: Extract<FixIntent, { kind: 'copyProperty' }>, target: Located): string | undefined {
  if (intent.from.language !== 'bicep' || intent.from.file !== intent.resource.file) return undefined;
  const from = locateIn(target.file, intent.from);
  if (!from || from.decl.body.kind === 'for') return undefined;
  let cur: ObjectExpr = from.body;
  const steps = parsePath(intent.fromPath);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (typeof step === 'number') return undefined;
    const prop = member(cur, step);
    if (!prop) return undefined;
    if (i === steps.length - 1) return target.file.text.slice(prop.value.start, prop.value.end);
    if (prop.value.kind !== 'object') return undefined;
    cur = prop.value;
  }
  return undefined;
}

function locate(resource: Resource, read: (file: string) => string | undefined): Located | undefined {
  const text = read(resource.file);
  if (text === undefined) return undefined;
  const file = parseBicep(text);
  // Editing a file that does not parse could make things worse; fix the syntax first.
  if (file.errors.length > 0) return undefined;
  return locateIn(file, resource);
}

function locateIn(file: BicepFile, resource: Resource): Located | undefined {
  const offset = new LineMap(file.text).offset(resource.span.start);
  const visit = (decl: ResourceDecl): Located | undefined => {
    const body = objectOf(decl.body);
    if (decl.start === offset && body) return { file, decl, body };
    for (const m of body?.members ?? []) {
      if (m.kind !== 'resource') continue;
      const found = visit(m.decl);
      if (found) return found;
    }
    return undefined;
  };
  for (const s of file.statements) {
    if (s.kind !== 'resource') continue;
    const found = visit(s);
    if (found) return found;
  }
  return undefined;
}

/** The object a body holds; a loop's body is one object written for every item, so it is edited as one. */
function objectOf(body: Expr): ObjectExpr | undefined {
  if (body.kind === 'object') return body;
  if (body.kind === 'if' || body.kind === 'for') return objectOf(body.body);
  return undefined;
}
