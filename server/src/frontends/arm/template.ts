import type { Node } from 'jsonc-parser';
import type { DeploymentContext } from '../../graph/context';
import type { CallSite } from '../../graph/resource';
import type { ObjectEntry, Value } from '../../graph/value';
import { containsUnknown, toPlain, unknown } from '../../graph/value';
import { evaluateGuarded } from '../guarded-evaluation';
import type { DeploymentScope, EvalEnv, Part } from './expressions/evaluate';
import { evaluate } from './expressions/evaluate';
import type { Call } from './expressions/ast';
import { readOf } from './expressions/symbols';
import { isExpression, unescapeLiteral } from './expressions/parser';
import type { SourceSpan } from '../../graph/span';
import type { JsonDoc } from './json-values';
import { child, forEachMember, literalValue, members, offsetInString, spanOf, stringOf } from './json-values';
import type { Session } from './session';

/** ARM stops a copy loop at 800 iterations; so do we. */
export const MAX_COPY = 800;

/** The loop indices an expression sees: each named loop's index, and the innermost resource loop. */
export interface Frame {
  indices: ReadonlyMap<string, Value>;
  current?: string;
}

const ROOT_FRAME: Frame = { indices: new Map() };

export function withIndex(frame: Frame, loop: string, index: Value, resourceLoop: boolean): Frame {
  const indices = new Map(frame.indices);
  indices.set(loop.toLowerCase(), index);
  return { indices, current: resourceLoop ? loop.toLowerCase() : frame.current };
}

/** How other resources are seen from an expression (`reference()`); supplied by the resource layer. */
export type ReferenceResolver = (from: Template, target: Value, full: boolean) => Value | undefined;

export interface TemplateInit {
  doc: JsonDoc;
  root: Node;
  context: DeploymentContext;
  scope: DeploymentScope;
  deploymentName: Part;
  /** Parameter values given from outside (parameter files, a parent deployment), by lower-case name. */
  supplied: ReadonlyMap<string, Value>;
  /** Set for a nested template in `outer` evaluation scope: it reads the parent's parameters and variables. */
  outer?: Template;
  session: Session;
  resolveReference: ReferenceResolver;
  /** Template files from the top-level one down to this one, to stop link cycles. */
  chain: readonly string[];
  presence: { presence: 'always' | 'maybe'; reason?: string };
  /**
   * For a nested template: the deployment's name, so that its unset parameters get symbols of their
   * own instead of matching a same-named parameter of another template.
   */
  nestedIn?: string;
  /** For a linked template: the deployments that link it, outermost first. */
  instantiatedBy?: readonly CallSite[];
  /** Set while evaluating a user-defined function: its arguments are the only parameters, and there are no variables. */
  functionArgs?: ReadonlyMap<string, Value>;
}

/**
 * One template as the deployment engine sees it: its parameters, variables, functions and
 * outputs, evaluated lazily (each once) so they may refer to each other in any order.
 */
export class Template {
  private readonly parameterValues = new Map<string, Value>();
  private readonly variableValues = new Map<string, Value>();
  private outputValues?: Value;

  constructor(readonly init: TemplateInit) {}

  get doc(): JsonDoc {
    return this.init.doc;
  }

  get session(): Session {
    return this.init.session;
  }

  /** A declared parameter's value, or undefined when the template declares none by that name. */
  parameter(name: string): Value | undefined {
    if (this.init.functionArgs) return this.init.functionArgs.get(name.toLowerCase());
    if (this.init.outer) return this.init.outer.parameter(name);
    const key = name.toLowerCase();
    const memo = this.parameterValues.get(key);
    if (memo) return memo;
    const decl = members(child(this.init.root, 'parameters')).find((m) => m.key.toLowerCase() === key);
    if (!decl) return undefined;
    const value = this.session.guard(
      decl.value,
      () => unknown(`parameter '${decl.key}' refers to itself`),
      () => {
        const given = this.init.supplied.get(key);
        // A null value means "not given": the default applies (Bicep passes optional module parameters this way).
        if (!given || (given.kind === 'null' && child(decl.value, 'defaultValue')))
          return this.defaultOf(decl.key, decl.value);
        this.checkAllowed(decl.key, decl.value, given);
        return given;
      },
    );
    this.parameterValues.set(key, value);
    return value;
  }

  /** A given value outside `allowedValues` would fail the deployment: say so where the value is written. */
  private checkAllowed(name: string, decl: Node, given: Value): void {
    const allowed = child(decl, 'allowedValues');
    // null is how an optional (nullable) parameter is left out, whatever its allowed values.
    if (allowed?.type !== 'array' || given.kind === 'null' || containsUnknown(given) || !given.span) return;
    const plain = JSON.stringify(toPlain(given));
    const choices = (allowed.children ?? []).map((c) => JSON.stringify(toPlain(literalValue(this.doc, c))));
    // An array parameter is checked item by item against the allowed values.
    const values = given.kind === 'array' ? given.items.map((i) => JSON.stringify(toPlain(i))) : [plain];
    if (values.every((v) => choices.includes(v))) return;
    this.session.reportAt(
      given.span,
      'parameter-not-allowed',
      'warning',
      `parameter '${name}' is given ${plain}, which is not one of its allowed values (${choices.join(', ')})`,
    );
  }

  private defaultOf(name: string, decl: Node): Value {
    const fallback = child(decl, 'defaultValue');
    if (fallback) return this.evalNode(fallback, ROOT_FRAME);
    // A nullable parameter that is not given is null, not a missing value.
    if (child(decl, 'nullable')?.value === true) return { kind: 'null', span: spanOf(this.doc, decl) };
    const allowed = child(decl, 'allowedValues');
    const choices =
      allowed?.type === 'array'
        ? ` (one of ${(allowed.children ?? []).map((c) => JSON.stringify(c.value)).join(', ')})`
        : '';
    return unknown(`parameter '${name}' has no value${choices}`, undefined, parameterSymbol(name, this.init.nestedIn));
  }

  variable(name: string): Value | undefined {
    if (this.init.functionArgs) return undefined;
    if (this.init.outer) return this.init.outer.variable(name);
    const key = name.toLowerCase();
    const memo = this.variableValues.get(key);
    if (memo) return memo;
    const section = child(this.init.root, 'variables');
    const loop = loopSpecs(child(section, 'copy')).find((l) => l.name.toLowerCase() === key);
    const decl = members(section).find((m) => m.key.toLowerCase() === key && m.key.toLowerCase() !== 'copy');
    const node = loop?.node ?? decl?.value;
    if (!node) return undefined;
    const value = this.session.guard(
      node,
      () => unknown(`variable '${name}' refers to itself`),
      () => (loop ? this.expandLoop(loop, ROOT_FRAME) : this.evalNode(node, ROOT_FRAME)),
    );
    this.variableValues.set(key, value);
    return value;
  }

  /** `outputs` as `reference(deployment).outputs` shows them: `{ name: { type, value } }`. */
  outputs(): Value {
    this.outputValues ??= this.session.guard<Value>(
      this,
      () => unknown('the deployment outputs refer to themselves'),
      () => ({
        kind: 'object',
        entries: members(child(this.init.root, 'outputs')).map((m): ObjectEntry => {
          const loop = child(m.value, 'copy');
          const value = loop
            ? this.expandLoop(
                { name: '', count: child(loop, 'count'), input: child(loop, 'input'), node: loop },
                ROOT_FRAME,
              )
            : this.evalOptional(child(m.value, 'value'), ROOT_FRAME, `output '${m.key}' has no value`);
          const type = this.evalOptional(child(m.value, 'type'), ROOT_FRAME, 'the output has no type');
          const output: Value = {
            kind: 'object',
            entries: [
              { key: 'type', value: type },
              { key: 'value', value },
            ],
          };
          return { key: m.key, value: output };
        }),
      }),
    );
    return this.outputValues;
  }

  env(frame: Frame): EvalEnv {
    return {
      context: this.init.context,
      scope: this.init.scope,
      deploymentName: this.init.deploymentName,
      parameter: (name) => this.parameter(name),
      variable: (name) => this.variable(name),
      copyIndex: (loop) => {
        const key = loop?.toLowerCase() ?? frame.current;
        return key === undefined ? undefined : frame.indices.get(key);
      },
      reference: (target, full) => this.init.resolveReference(this, target, full),
      callUser: (name, args) => this.callUser(name, args),
      budget: this.session.budget,
    };
  }

  /**
   * A JSON node with its expressions evaluated; property `copy` loops expanded. Every node keeps a
   * span. Once the deployment's budget is spent, what this node would build is unknown.
   */
  evalNode(node: Node, frame: Frame): Value {
    // Plain data (no expression, no copy loop) is read once per node and shared by every copy:
    // it costs no evaluation, so it is still read when the budget is spent.
    if (node.type !== 'string' && this.session.isPlainData(node)) return this.session.plainValue(this.doc, node);
    try {
      switch (node.type) {
        case 'string':
          return this.evalString(node, frame);
        case 'array': {
          const items = node.children ?? [];
          this.session.budget.step();
          this.session.budget.addValues(items.length);
          return { kind: 'array', items: items.map((c) => this.evalNode(c, frame)), span: spanOf(this.doc, node) };
        }
        case 'object':
          this.session.budget.step();
          this.session.budget.addValues(node.children?.length ?? 0);
          return { kind: 'object', entries: this.evalMembers(node, frame, () => false), span: spanOf(this.doc, node) };
        default:
          // Numbers, booleans and null hold no expressions: they read as they are written.
          return literalValue(this.doc, node);
      }
    } catch (err) {
      return this.session.budget.absorb(err, spanOf(this.doc, node));
    }
  }

  /** The members of an object node, evaluated, minus those `skip` names; `copy` arrays become their loops. */
  evalMembers(node: Node, frame: Frame, skip: (key: string) => boolean): ObjectEntry[] {
    const entries: ObjectEntry[] = [];
    forEachMember(node, (m) => {
      const key = m.key.toLowerCase();
      if (skip(key)) return;
      const loops = key === 'copy' ? loopSpecs(m.value) : [];
      const keySpan = spanOf(this.doc, m.keyNode);
      if (loops.length === 0) {
        const value = this.evalNode(m.value, frame);
        // The member runs from its key to the end of its value: share those positions, big templates have many members.
        const end = value.span?.end ?? this.doc.lines.position(m.node.offset + m.node.length);
        entries.push({
          key: this.memberKey(m.keyNode, frame),
          value,
          span: { file: this.doc.file, start: keySpan.start, end },
          keySpan,
        });
        return;
      }
      for (const loop of loops) {
        entries.push({
          key: loop.name,
          value: this.expandLoop(loop, frame),
          span: spanOf(this.doc, loop.node),
          keySpan,
        });
      }
    });
    return entries;
  }

  /**
   * A member name: ARM evaluates a name written as an expression, as in
   * `"userAssignedIdentities": { "[resourceId(...)]": {} }`; one that cannot be evaluated stays as written.
   */
  private memberKey(keyNode: Node, frame: Frame): string {
    const written = keyNode.value as string;
    if (!isExpression(written)) return written;
    const key = this.evalString(keyNode, frame);
    return key.kind === 'string' ? key.value : written;
  }

  /** A property, variable or output loop: `count` copies of `input`, each seeing its own `copyIndex(name)`. */
  expandLoop(loop: LoopSpec, frame: Frame): Value {
    const span = spanOf(this.doc, loop.node);
    try {
      return this.copies(loop, frame, span);
    } catch (err) {
      return this.session.budget.absorb(err, span);
    }
  }

  private copies(loop: LoopSpec, frame: Frame, span: SourceSpan): Value {
    const count = loop.count ? this.evalNode(loop.count, frame) : unknown(`copy loop '${loop.name}' has no count`);
    if (count.kind === 'unknown')
      return unknown(`the number of '${loop.name}' items is not known: ${count.reason}`, span);
    if (count.kind !== 'number' || count.value < 0)
      return unknown(`copy loop '${loop.name}' needs a count of 0 or more`, span);
    if (count.value > MAX_COPY) {
      this.session.report(
        this.doc,
        loop.node.offset,
        loop.node.offset + loop.node.length,
        'copy-too-large',
        'warning',
        `a copy loop may have at most ${MAX_COPY} items, and ARM rejects this one; its value is analysed as unknown`,
      );
      // What the corrected template will hold is not known (and building 800 items was wasted work).
      return unknown(`copy loop '${loop.name}' has ${count.value} items, over ARM's limit of ${MAX_COPY}`, span);
    }
    const items: Value[] = [];
    for (let i = 0; i < count.value; i++) {
      this.session.budget.step();
      this.session.budget.addValues(1);
      // An output loop has no name: its plain copyIndex() counts it.
      const inner = withIndex(frame, loop.name, { kind: 'number', value: i }, loop.name === '');
      items.push(loop.input ? this.evalNode(loop.input, inner) : { kind: 'number', value: i, span });
    }
    return { kind: 'array', items, span };
  }

  evalOptional(node: Node | undefined, frame: Frame, reason: string): Value {
    return node ? this.evalNode(node, frame) : unknown(reason);
  }

  /** A string: literal, `[[` escape, or an expression evaluated and placed at the string's span. */
  evalString(node: Node, frame: Frame): Value {
    const text = node.value as string;
    const span = spanOf(this.doc, node);
    if (!isExpression(text)) return { kind: 'string', value: unescapeLiteral(text), span };
    const parsed = this.session.expression(node);
    if (!parsed.ok) {
      const at = offsetInString(this.doc, node, parsed.offset);
      this.session.report(
        this.doc,
        at,
        at + 1,
        'expression-error',
        'error',
        `template expression error: ${parsed.message}`,
      );
      return unknown(`the expression has a syntax error: ${parsed.message}`, span);
    }
    const env = {
      ...this.env(frame),
      noteCall: (call: Call, _args: readonly Value[], result: Value) => {
        const target = namedResource(call, result);
        if (target) this.session.noteReference(this.callSpan(node, call), target);
      },
    };
    return evaluateGuarded(() => evaluate(parsed.expr, env), span, this.session);
  }

  /** Where a call of an expression is written in the file (offsets count the decoded string). */
  private callSpan(node: Node, call: Call): SourceSpan {
    const start = offsetInString(this.doc, node, call.start);
    return this.doc.lines.span(this.doc.file, start, offsetInString(this.doc, node, call.end));
  }

  private callUser(name: string, args: Value[]): Value | undefined {
    const [namespace, fn] = name.toLowerCase().split('.');
    const root = this.init.outer?.init.root ?? this.init.root;
    for (const group of child(root, 'functions')?.children ?? []) {
      if (stringOf(child(group, 'namespace'))?.toLowerCase() !== namespace) continue;
      const decl = members(child(group, 'members')).find((m) => m.key.toLowerCase() === fn);
      if (!decl) continue;
      const params = (child(decl.value, 'parameters')?.children ?? []).map((p) => stringOf(child(p, 'name')) ?? '');
      const body = child(child(decl.value, 'output'), 'value');
      if (!body) return unknown(`function '${name}' has no output`);
      const functionArgs = new Map(
        params.map((p, i): [string, Value] => [p.toLowerCase(), args[i] ?? unknown(`no argument for '${p}'`)]),
      );
      const scope = new Template({ ...this.init, root, outer: undefined, functionArgs });
      return this.session.guard(
        decl.value,
        () => unknown(`function '${name}' calls itself`),
        () => scope.evalNode(body, ROOT_FRAME),
      );
    }
    return undefined;
  }
}

const ID_FUNCTIONS = new Set(['resourceid', 'subscriptionresourceid', 'tenantresourceid', 'extensionresourceid']);

/** The id a call names a resource by: what `resourceId()` and its kin build, what `reference()` reads. */
function namedResource(call: Call, result: Value): Value | undefined {
  const fn = call.name.toLowerCase();
  if (ID_FUNCTIONS.has(fn)) return result;
  const id = fn === 'reference' ? readOf(result)?.id : undefined;
  return id === undefined ? undefined : { kind: 'string', value: id };
}

/** `{parameters('x')}`, qualified by the nested deployment it belongs to (if any). */
export function parameterSymbol(name: string, nestedIn: string | undefined): string {
  return nestedIn === undefined ? `{parameters('${name}')}` : `{${nestedIn}:parameters('${name}')}`;
}

interface LoopSpec {
  name: string;
  count?: Node;
  input?: Node;
  node: Node;
}

/** `[{ name, count, input }]` property/variable loops; anything else is not a loop. */
export function loopSpecs(node: Node | undefined): LoopSpec[] {
  if (node?.type !== 'array') return [];
  const specs: LoopSpec[] = [];
  for (const item of node.children ?? []) {
    const name = stringOf(child(item, 'name'));
    if (name === undefined || !child(item, 'input')) return [];
    specs.push({ name, count: child(item, 'count'), input: child(item, 'input'), node: item });
  }
  return specs;
}
