import * as path from 'node:path';
import type { Location, Position } from 'vscode-languageserver';
import { lex } from '../frontends/bicep/lexer';
import type { Token } from '../frontends/bicep/lexer';
import type { Resource } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { LineMap, holds } from '../graph/span';
import type { Value } from '../graph/value';
import { toRange } from './diagnostics';
import type { DeploymentRecord } from './folder-analysis';

/** What Go to Definition needs besides the analyses: the client's URIs and the current text of files. */
export interface DefinitionEnv {
  uriOf(file: string): string;
  read(file: string): string | undefined;
}

/**
 * Go to Definition on a reference to a resource: the declarations it names, through the same graph
 * the rules resolve references with. A reference is a Bicep symbol or a Terraform address (read
 * from the file's text), a place the front end recorded (an ARM `resourceId(...)` or `reference(...)`
 * call, a `dependsOn` entry), or a resource id value of a body (`subnet: { id: … }`). Bicep
 * parameters, variables and modules, and Terraform module outputs, lead to their declarations too.
 */
export function definitionAt(
  records: readonly DeploymentRecord[],
  file: string,
  position: Position,
  env: DefinitionEnv,
): Location[] {
  const text = env.read(file);
  const spans =
    text === undefined
      ? []
      : file.endsWith('.bicep')
        ? bicepSymbol(records, file, text, position)
        : file.endsWith('.tf')
          ? terraformAddress(records, file, text, position, env)
          : [];
  const found = spans.length > 0 ? spans : [...recordedReference(records, file, position)];
  const seen = new Map<string, Location>();
  for (const span of found.length > 0 ? found : bodyReference(records, file, position)) {
    const location = { uri: env.uriOf(span.file), range: toRange(span) };
    seen.set(JSON.stringify(location), location);
  }
  return [...seen.values()];
}

function declarationOf(r: Resource): SourceSpan {
  return r.nameSpan ?? r.span;
}

/** The innermost reference the front ends recorded around the position, resolved in its deployment. */
function recordedReference(records: readonly DeploymentRecord[], file: string, p: Position): SourceSpan[] {
  const hits: { span: SourceSpan; target: Resource }[] = [];
  for (const record of records)
    for (const ref of record.result.references) {
      if (ref.span.file !== file || !holds(ref.span, p)) continue;
      const hit = record.result.graph.resolve(ref.target);
      if (hit?.state === 'resolved') hits.push({ span: ref.span, target: hit.resource });
    }
  return innermost(hits);
}

/** The innermost value of a resource body around the position that holds the id of another resource. */
function bodyReference(records: readonly DeploymentRecord[], file: string, p: Position): SourceSpan[] {
  const hits: { span: SourceSpan; target: Resource }[] = [];
  const visit = (v: Value, owner: Resource, record: DeploymentRecord): void => {
    if (v.span?.file === file && holds(v.span, p) && (v.kind === 'string' || v.kind === 'unknown')) {
      const hit = record.result.graph.resolve(v);
      if (hit?.state === 'resolved' && hit.resource !== owner) hits.push({ span: v.span, target: hit.resource });
    }
    if (v.kind === 'array') for (const item of v.items) visit(item, owner, record);
    else if (v.kind === 'object') for (const e of v.entries) visit(e.value, owner, record);
  };
  for (const record of records) for (const r of record.result.graph.resources) visit(r.body, r, record);
  return innermost(hits);
}

/** The declarations of the hits written at the smallest span (a call inside a call names what the inner one does). */
function innermost(hits: readonly { span: SourceSpan; target: Resource }[]): SourceSpan[] {
  const inside = (a: SourceSpan, b: SourceSpan) => holds(b, a.start) && holds(b, a.end);
  const inner = hits.filter((h) => !hits.some((o) => inside(o.span, h.span) && !inside(h.span, o.span)));
  return inner.map((h) => declarationOf(h.target));
}

// ------------------------------------------------------------ Bicep

/** Declarations that bind a name in a Bicep file. */
const BICEP_DECLARATIONS = new Set(['param', 'var', 'resource', 'module', 'output', 'func', 'type']);

/**
 * The Bicep symbol under the position: a resource of the file by its symbol (`vnet`, `parent::child`,
 * a looped one's every copy), else the `param` / `var` / `module` … that declares the name.
 */
function bicepSymbol(records: readonly DeploymentRecord[], file: string, text: string, p: Position): SourceSpan[] {
  const lines = new LineMap(text);
  const offset = lines.offset(p);
  const { tokens } = lex(text);
  const i = tokens.findIndex((t) => t.kind === 'identifier' && t.start <= offset && offset <= t.end);
  if (i < 0) return [];
  const prev = tokens[i - 1] as Token | undefined;
  // `x.name` and `{ name: … }`: a property, not a symbol.
  if (prev?.kind === '.' || (tokens[i + 1]?.kind === ':' && tokens[i].lineStart)) return [];
  let symbol = tokens[i].value;
  for (let j = i; tokens[j - 1]?.kind === '::' && tokens[j - 2]?.kind === 'identifier'; j -= 2)
    symbol = `${tokens[j - 2].value}::${symbol}`;
  const own = records.flatMap((rec) => rec.result.graph.resources.filter((r) => r.file === file));
  const exact = own.filter((r) => r.symbol === symbol);
  const resources = exact.length > 0 ? exact : own.filter((r) => r.symbol.endsWith(`::${symbol}`));
  if (resources.length > 0) return resources.map(declarationOf);
  const decl = tokens.findIndex(
    (t, j) =>
      t.kind === 'identifier' &&
      t.value === symbol &&
      tokens[j - 1]?.kind === 'identifier' &&
      tokens[j - 1].lineStart &&
      BICEP_DECLARATIONS.has(tokens[j - 1].value),
  );
  return decl < 0 || decl === i ? [] : [lines.span(file, tokens[decl].start, tokens[decl].end)];
}

// ------------------------------------------------------------ Terraform

/** A traversal as written: `azurerm_subnet.pe.id`, `data.azurerm_subnet.x`, `module.net.subnet_id`, `a.b[0].c`. */
const TRAVERSAL = /(?<![\w.-])[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]\n]*\])*/g;

/** Roots that name no resource (`var.x`, `local.y`, `each.key` …). */
const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self']);

/**
 * The Terraform address under the position: the resource or data source of the same module it
 * names (every instance of a `count` / `for_each` one), or the `output` a `module.<name>.<output>`
 * reads in the called module's folder.
 */
function terraformAddress(
  records: readonly DeploymentRecord[],
  file: string,
  text: string,
  p: Position,
  env: DefinitionEnv,
): SourceSpan[] {
  const line = text.split(/\r?\n/)[p.line] ?? '';
  const match = [...line.matchAll(TRAVERSAL)].find(
    (m) => m.index <= p.character && p.character <= m.index + m[0].length,
  );
  if (!match) return [];
  const steps = match[0].split(/\.|\[[^\]]*\]/).filter((s) => s !== '');
  if (steps.length < 2 || NOT_RESOURCES.has(steps[0])) return [];
  const dir = path.dirname(file);
  const resources = records.flatMap((rec) => rec.result.graph.resources).filter((r) => r.language === 'terraform');
  if (steps[0] === 'module') return moduleOutput(resources, records, dir, steps[1], steps[2], env);
  const address = steps[0] === 'data' ? steps.slice(0, 3).join('.') : steps.slice(0, 2).join('.');
  const named = new RegExp(`(^|\\.)${escapeRegExp(address)}(\\[[^\\]]*\\])?$`);
  return resources.filter((r) => path.dirname(r.file) === dir && named.test(r.symbol)).map(declarationOf);
}

/** `output "<name>"` of the folder a `module "<call>"` of `dir` deploys (its resources say where that is). */
function moduleOutput(
  resources: readonly Resource[],
  records: readonly DeploymentRecord[],
  dir: string,
  call: string,
  output: string | undefined,
  env: DefinitionEnv,
): SourceSpan[] {
  const calledFrom = new RegExp(`(^|\\.)module\\.${escapeRegExp(call)}(\\[[^\\]]*\\])?$`);
  const moduleDirs = new Set(
    resources
      .filter((r) =>
        r.instantiatedBy?.some((s) => path.dirname(s.span.file) === dir && calledFrom.test(callee(s.message))),
      )
      .map((r) => path.dirname(r.file)),
  );
  if (output === undefined || moduleDirs.size === 0) return [];
  const files = new Set(records.flatMap((rec) => [...rec.inputs]).filter((f) => f.endsWith('.tf')));
  const declared = new RegExp(`^\\s*output\\s+"${escapeRegExp(output)}"`, 'm');
  const out: SourceSpan[] = [];
  for (const f of files) {
    if (!moduleDirs.has(path.dirname(f))) continue;
    const text = env.read(f);
    const m = text === undefined ? null : declared.exec(text);
    if (text !== undefined && m) {
      const start = m.index + m[0].length - m[0].trimStart().length;
      out.push(new LineMap(text).span(f, start, m.index + m[0].length));
    }
  }
  return out;
}

/** "module.net calls this module here" → "module.net". */
function callee(message: string): string {
  return message.split(' ')[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
