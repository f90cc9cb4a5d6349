import * as path from 'node:path';
import { contextLocation } from '../../graph/context';
import type { DeploymentContext } from '../../graph/context';
import type { Resource } from '../../graph/resource';
import { normalizeId } from '../../graph/resource-id';
import { T, canonicalType } from '../../graph/types';
import type { ObjectValue, Value } from '../../graph/value';
import { obj, str } from '../../graph/value';
import { symbolOf } from '../arm/expressions/symbols';
import type { DeploymentScope } from '../arm/expressions/evaluate';
import { resourceIdValue } from '../arm/expressions/functions/resource-ids';
import { child, literalValue, members, parseJsonDoc } from '../arm/json-values';
import { loadArmModule } from '../arm/load';
import { keyVaultSecret } from '../arm/parameters';
import { partText } from '../arm/names';
import { Budget } from '../budget';
import { entryPoints } from '../entry-points';
import type { FileHost, LoadOptions, LoadResult, SourceFile } from '../frontend';
import type { BicepInstance, ModuleHost, ModuleInstance } from './module';
import { BicepModule, property } from './module';
import type { ParsedFile } from './session';
import { BicepSession } from './session';
import type { BicepFile, Statement } from './syntax';
import { literalString } from './syntax';

/** Local module paths nested deeper than this are not followed (real deployments stay far below). */
const MAX_MODULE_DEPTH = 32;

/**
 * Loads the Bicep deployments of one folder: each `.bicep` file that no other file of the folder
 * uses as a module, with its parameters (a `.bicepparam` that `using`s it, JSON parameter files
 * from settings or the command line), every local module it instantiates, and the resources all
 * of them declare.
 */
export function loadBicep(files: readonly SourceFile[], host: FileHost, options: LoadOptions): LoadResult {
  const load = new BicepLoad(host, options.context, options.budget ?? new Budget());
  const parsed = files.map((f) => load.session.parsed(path.resolve(f.path), f.text));
  const templates = parsed.filter((p) => !p.syntax.params);
  const paramFiles = parsed.filter((p) => p.syntax.params);
  for (const entry of entryFiles(templates)) {
    const using = paramFiles.filter((p) => usingTarget(p) === entry.file);
    const supplied = new Map<string, Value>();
    if (using.length > 0) for (const [k, v] of bicepParamValues(load, using[0])) supplied.set(k, v);
    for (const [k, v] of jsonParameterValues(entry.file, options.parameterFiles, host)) supplied.set(k, v);
    load.root(entry, supplied);
  }
  return { resources: load.resources(), problems: load.session.problems };
}

class BicepLoad implements ModuleHost {
  readonly session: BicepSession;
  private readonly modules: BicepModule[] = [];
  private readonly byInput = new Map<string, BicepModule>();
  private readonly byImport = new Map<string, BicepModule>();
  private readonly armModules = new Map<string, { resources: Resource[]; outputs: Value }>();
  private readonly armResources: Resource[] = [];
  private readonly moduleResources: Resource[] = [];

  constructor(
    host: FileHost,
    readonly context: DeploymentContext,
    budget: Budget,
  ) {
    this.session = new BicepSession(host, budget);
  }

  root(file: ParsedFile, supplied: Map<string, Value>): void {
    const scope = rootScope(this.context, targetScopeOf(file.syntax.statements));
    this.add(
      new BicepModule({
        parsed: file,
        host: this,
        scope,
        deploymentName: this.context.deploymentName,
        supplied,
        presence: { presence: 'always' },
        chain: [file.file],
        instantiatedBy: [],
      }),
    );
  }

  private add(m: BicepModule): BicepModule {
    this.modules.push(m);
    return m;
  }

  imported(from: BicepModule, file: string): BicepModule | undefined {
    const known = this.byImport.get(file);
    if (known) return known;
    const parsed = this.session.read(file);
    if (!parsed) return undefined;
    // Imported variables and functions are compile-time constants: no parameters, no resources.
    const m = new BicepModule({ ...from.init, parsed, supplied: new Map(), chain: [...from.init.chain, file] });
    this.byImport.set(file, m);
    return m;
  }

  instantiate(inst: ModuleInstance, scope: DeploymentScope): void {
    const owner = inst.owner;
    const pathExpr = inst.decl.path;
    const at = owner.span(pathExpr.start, pathExpr.end);
    const source = literalString(pathExpr);
    if (source === undefined) {
      inst.opaque = owner.init.parsed.syntax.text.slice(pathExpr.start, pathExpr.end);
      return;
    }
    if (/^(br|ts)[:/]/i.test(source)) {
      inst.opaque = source;
      this.session.reportAt(
        at,
        'module-not-local',
        'info',
        `module '${source}' comes from a registry or template spec and is not fetched; its resources are not analysed and its outputs are unknown`,
      );
      return;
    }
    const file = path.resolve(path.dirname(owner.file), source);
    const where = `module '${inst.decl.name.text}' in ${path.basename(owner.file)}`;
    if (owner.init.chain.includes(file)) {
      inst.opaque = source;
      this.session.reportAt(
        at,
        'module-cycle',
        'warning',
        `module '${source}' leads back to this file; the cycle is not followed`,
      );
      return;
    }
    if (owner.init.chain.length >= MAX_MODULE_DEPTH) {
      inst.opaque = source;
      this.session.reportAt(
        at,
        'module-depth',
        'warning',
        `modules deeper than ${MAX_MODULE_DEPTH} levels are not followed`,
      );
      return;
    }
    const text = this.session.host.read(file);
    if (text === undefined) {
      inst.opaque = source;
      this.session.reportAt(
        at,
        'module-missing',
        'warning',
        `module not read: ${this.session.host.whyUnreadable(file)}`,
      );
      return;
    }
    const supplied = owner.moduleParams(inst);
    const presence = { presence: inst.presence, reason: inst.presenceReason };
    const instantiatedBy = [
      ...owner.init.instantiatedBy,
      { span: owner.span(inst.decl.name.start, inst.decl.name.end), message: `instantiated by ${where}` },
    ];
    const key = inputKey(file, scope, supplied, inst);
    if (/\.jsonc?$/i.test(file)) {
      const known = this.armModules.get(key);
      if (known) {
        inst.outputs = known.outputs;
        return;
      }
      if (!this.session.budget.instantiation(at)) {
        inst.opaque = source;
        return;
      }
      const loaded = loadArmModule(this.session.host, {
        file,
        text,
        context: this.context,
        scope,
        deploymentName: inst.name,
        supplied,
        presence,
        nestedIn: partText(inst.name),
        budget: this.session.budget,
      });
      for (const r of loaded.resources) r.instantiatedBy = instantiatedBy;
      for (const p of loaded.problems) this.session.reportAt(p.span, p.code, p.severity, p.message);
      this.armModules.set(key, loaded);
      for (const r of loaded.resources) this.armResources.push(r);
      inst.outputs = loaded.outputs;
      return;
    }
    const known = this.byInput.get(key);
    if (known) {
      inst.child = known;
      return;
    }
    // Past the limit the module is a deployment that is not analysed, as a registry module is.
    if (!this.session.budget.instantiation(at)) {
      inst.opaque = source;
      return;
    }
    const parsed = this.session.parsed(file, text);
    const child = new BicepModule({
      parsed,
      host: this,
      scope: { ...scope, ...scopeForTarget(scope, targetScopeOf(parsed.syntax.statements)) },
      deploymentName: inst.name,
      supplied,
      nestedIn: partText(inst.name),
      presence,
      chain: [...owner.init.chain, file],
      instantiatedBy,
    });
    this.byInput.set(key, child);
    inst.child = child;
    this.add(child);
  }

  /** Every resource of every module reached, each module's instances made on demand. */
  resources(): Resource[] {
    const out: Resource[] = [];
    // Instantiating a module's module declarations adds more modules: the loop picks them up.
    for (let i = 0; i < this.modules.length; i++) {
      const m = this.modules[i];
      for (const symbol of m.resources.keys()) for (const inst of m.instancesOf(symbol)) out.push(toResource(inst));
      for (const symbol of m.modules.keys())
        for (const inst of m.moduleInstancesOf(symbol)) this.moduleResources.push(deploymentResource(inst));
    }
    const all = [...out, ...this.armResources, ...this.moduleResources];
    // The graph keeps the first resource of each id: a declaration must win over an `existing` reference to it.
    return [...all.filter((r) => r.origin === 'declared'), ...all.filter((r) => r.origin === 'existing')];
  }
}

/** One key per distinct module input: the same file, scope and parameter values is analysed once. */
function inputKey(file: string, scope: DeploymentScope, supplied: Map<string, Value>, inst: ModuleInstance): string {
  const parts = [...supplied].map(([k, v]) => `${k}=${symbolOf(v) ?? `#${uniqueCounter++}`}`);
  const where = [scope.subscriptionId, scope.resourceGroup].map((p) => (p === undefined ? '' : partText(p)));
  return [file, ...where, partText(inst.name), inst.presence, ...parts.sort()].join('\u0000');
}

let uniqueCounter = 0;

function toResource(inst: BicepInstance): Resource {
  const m = inst.module;
  const nameExpr = property(inst.body, 'name');
  const body = inst.module.body(inst);
  return {
    id: inst.id,
    key: inst.key,
    idKnown: inst.idKnown,
    type: canonicalType(inst.type),
    name: inst.names.map(partText).join('/'),
    body,
    origin: inst.existing ? 'existing' : 'declared',
    presence: inst.presence,
    presenceReason: inst.presenceReason,
    language: 'bicep',
    file: m.file,
    span: m.span(inst.decl.start, inst.decl.end),
    nameSpan: nameExpr ? m.span(nameExpr.start, nameExpr.end) : m.span(inst.decl.name.start, inst.decl.name.end),
    symbol: inst.symbol,
    parentKey: inst.parentKey,
    instantiatedBy: m.init.instantiatedBy.length > 0 ? m.init.instantiatedBy : undefined,
  };
}

/**
 * A module instance as the `Microsoft.Resources/deployments` resource the compiler emits: with
 * its template when the module is analysed, linked by URI when it is not (so that endpoint rules
 * know a deployment they cannot see may create what they look for).
 */
function deploymentResource(inst: ModuleInstance): Resource {
  const m = inst.owner;
  const span = m.span(inst.decl.start, inst.decl.end);
  const nameExpr = property(inst.body, 'name');
  const nameSpan = nameExpr ? m.span(nameExpr.start, nameExpr.end) : m.span(inst.decl.name.start, inst.decl.name.end);
  const idValue = resourceIdValue(m.init.scope, T.deployment, [inst.name]);
  const id =
    idValue.kind === 'string'
      ? idValue.value
      : idValue.kind === 'unknown' && idValue.symbol
        ? idValue.symbol
        : `{${inst.decl.name.text}}`;
  const template: ObjectValue =
    inst.opaque === undefined
      ? obj([{ key: 'template', value: obj([], span) }], span)
      : obj([{ key: 'templateLink', value: obj([{ key: 'uri', value: str(inst.opaque, span) }], span) }], span);
  return {
    id,
    key: normalizeId(id),
    idKnown: idValue.kind === 'string',
    type: T.deployment,
    name: partText(inst.name),
    body: obj([{ key: 'properties', value: template }], span),
    origin: 'declared',
    presence: inst.presence,
    presenceReason: inst.presenceReason,
    language: 'bicep',
    file: m.file,
    span,
    nameSpan,
    symbol: inst.decl.name.text,
    instantiatedBy: m.init.instantiatedBy.length > 0 ? m.init.instantiatedBy : undefined,
  };
}

function targetScopeOf(statements: Statement[]): string {
  const decl = statements.find((s) => s.kind === 'targetScope');
  return (decl?.kind === 'targetScope' && literalString(decl.value)) || 'resourceGroup';
}

function rootScope(context: DeploymentContext, target: string): DeploymentScope {
  const location = contextLocation(context);
  if (target === 'subscription') return { subscriptionId: context.subscriptionId, location };
  if (target === 'managementGroup' || target === 'tenant') return { location };
  return { subscriptionId: context.subscriptionId, resourceGroup: context.resourceGroup, location };
}

/** A module whose file targets a subscription (or wider) deploys above any resource group it was given. */
function scopeForTarget(scope: DeploymentScope, target: string): Partial<DeploymentScope> {
  if (target === 'subscription') return { resourceGroup: undefined };
  if (target === 'managementGroup' || target === 'tenant')
    return { subscriptionId: undefined, resourceGroup: undefined };
  return {};
}

/**
 * The files to analyse as deployments: those no other file of this load uses as a local module.
 * Files that only use each other in a cycle would have no entry, so the first of each becomes one.
 */
/** The templates no other template of this load uses as a module (the others are loaded through it). */
function entryFiles(templates: ParsedFile[]): ParsedFile[] {
  const ours = new Map(templates.map((t) => [t.file, t]));
  const links = new Map(templates.map((t) => [t.file, moduleTargets(t.file, t.syntax).filter((f) => ours.has(f))]));
  const entries = entryPoints(
    templates.map((t) => t.file),
    (f) => links.get(f) ?? [],
  );
  return templates.filter((t) => entries.has(t.file));
}

/** The local files a Bicep file uses as modules (literal paths only). */
export function moduleTargets(file: string, syntax: BicepFile): string[] {
  const out: string[] = [];
  for (const s of syntax.statements) {
    if (s.kind !== 'module') continue;
    const source = literalString(s.path);
    if (source !== undefined && !/^(br|ts)[:/]/i.test(source)) out.push(path.resolve(path.dirname(file), source));
  }
  return out;
}

function usingTarget(p: ParsedFile): string | undefined {
  const using = p.syntax.statements.find((s) => s.kind === 'using');
  const target = using?.kind === 'using' ? literalString(using.path) : undefined;
  return target === undefined ? undefined : path.resolve(path.dirname(p.file), target);
}

/** The `param x = …` assignments of a `.bicepparam` file, evaluated there (its variables and imports in scope). */
function bicepParamValues(load: BicepLoad, p: ParsedFile): Map<string, Value> {
  const module = new BicepModule({
    parsed: p,
    host: load,
    scope: rootScope(load.context, 'resourceGroup'),
    deploymentName: load.context.deploymentName,
    supplied: new Map(),
    presence: { presence: 'always' },
    chain: [p.file],
    instantiatedBy: [],
  });
  const out = new Map<string, Value>();
  for (const s of p.syntax.statements)
    if (s.kind === 'param' && s.value) out.set(s.name.text, module.value(s.value, new Map()));
  return out;
}

/** `main.parameters.json` beside the template and the configured JSON parameter files (later files win); Key Vault references stay unknown. */
function jsonParameterValues(template: string, extra: readonly string[], host: FileHost): Map<string, Value> {
  const out = new Map<string, Value>();
  const companion = template.replace(/\.bicep$/i, '.parameters.json');
  for (const file of new Set([companion, ...extra.filter((f) => /\.jsonc?$/i.test(f))].map((f) => path.resolve(f)))) {
    const text = host.read(file);
    if (text === undefined) continue;
    const doc = parseJsonDoc(file, text);
    for (const m of members(child(doc.root, 'parameters'))) {
      const value = child(m.value, 'value');
      if (value) out.set(m.key, literalValue(doc, value));
      // A Key Vault reference is read only at deployment.
      else if (child(m.value, 'reference')) out.set(m.key, keyVaultSecret(m.key, undefined));
    }
  }
  return out;
}
