import type { SourceSpan } from '../../graph/span';
import { principalAt, withPrincipal } from '../../graph/principals';
import type { ObjectEntry, UnknownValue, Value } from '../../graph/value';
import { arr, bool, nil, num, obj, str, unknown } from '../../graph/value';
import { MAX_VALUE_DEPTH, deeperThan, findEntry } from '../../graph/value-shape';
import type { Budget } from '../budget';
import { MAX_STRING_LENGTH, textTooLong } from '../budget';
import { callFunction } from './functions';
import { runtimePath } from './mapping-table';
import type { Expr, ForForm, Step } from './syntax';
import type { ComputedOrigin } from './tf-value';
import {
  asBool,
  asNumber,
  afterApplyOrigin,
  asString,
  computedOrigin,
  concatParts,
  failure,
  isFailure,
  markAfterApply,
  render,
  respan,
  sortedEntries,
  valueEquals,
} from './tf-value';

/** Names an expression can refer to. */
export interface Scope {
  /** Names bound by `for`, `count`, `each` and dynamic-block iterators: consulted first. */
  bound(name: string): Value | undefined;
  /**
   * A module-level reference: `var.x`, `local.x`, `module.m`, `data.t.n`, `t.n`, `path.module`.
   * `attrs` are the attribute names written after the root; the answer says how many it used.
   */
  reference(root: string, attrs: string[], span: SourceSpan): { value: Value; used: number } | undefined;
  /** The deployment's evaluation budget: every node evaluated and every value built is charged to it. */
  budget: Budget;
}

export function withBindings(scope: Scope, bindings: Record<string, Value>): Scope {
  return {
    bound: (name) => (Object.prototype.hasOwnProperty.call(bindings, name) ? bindings[name] : scope.bound(name)),
    reference: (root, attrs, span) => scope.reference(root, attrs, span),
    budget: scope.budget,
  };
}

/**
 * Evaluates an expression. Throws `BudgetExhausted` when the deployment's budget runs out: the
 * module's catch points turn what was being evaluated into an unknown.
 */
export function evaluate(e: Expr, scope: Scope): Value {
  scope.budget.step();
  switch (e.kind) {
    case 'literal':
      return literal(e.value, e.span);
    case 'template':
      return template(e.parts, e.span, scope);
    case 'tuple':
      scope.budget.addValues(e.items.length);
      return bounded(
        arr(
          e.items.map((i) => evaluate(i, scope)),
          e.span,
        ),
      );
    case 'object': {
      scope.budget.addValues(e.items.length);
      const entries: ObjectEntry[] = [];
      for (const item of e.items) {
        const key = evaluate(item.key, scope);
        const k = asString(key);
        if (k === undefined) return unknown('an object key is not known', e.span);
        entries.push({ key: k, value: evaluate(item.value, scope), span: item.span, keySpan: item.key.span });
      }
      return bounded(obj(entries, e.span));
    }
    case 'variable':
      return traverse(e, [], e.span, scope);
    case 'traverse':
      return traverse(e.target, e.steps, e.span, scope);
    case 'call':
      return call(e.name, e.args, e.expandLast, e.span, scope);
    case 'conditional': {
      const test = evaluate(e.test, scope);
      if (test.kind === 'unknown') return unknown(test.reason, e.span);
      const b = asBool(test);
      if (b === undefined) return failure('the condition is not a bool', e.span);
      return respan(evaluate(b ? e.then : e.otherwise, scope), e.span);
    }
    case 'unary':
      return unary(e.op, evaluate(e.operand, scope), e.span);
    case 'binary':
      return binary(e.op, e.left, e.right, e.span, scope);
    case 'for':
      return forExpr(e.form, e.span, scope);
    case 'unsupported':
      return failure(e.reason, e.span);
  }
}

function literal(value: string | number | boolean | null, span: SourceSpan): Value {
  if (value === null) return nil(span);
  if (typeof value === 'string') return str(value, span);
  if (typeof value === 'number') return num(value, span);
  return bool(value, span);
}

/** A collection evaluation built: unknown when it nests deeper than values may. */
export function bounded(v: Value): Value {
  if ((v.kind === 'array' || v.kind === 'object') && deeperThan(v))
    return unknown(`the value is nested more than ${MAX_VALUE_DEPTH} levels deep`, v.span);
  return v;
}

function template(parts: (string | Expr)[], span: SourceSpan, scope: Scope): Value {
  // "${x}" alone keeps the type of x, as in Terraform.
  if (parts.length === 1 && typeof parts[0] !== 'string') return respan(evaluate(parts[0], scope), span);
  const values = parts.map((p) => (typeof p === 'string' ? str(p) : evaluate(p, scope)));
  let length = 0;
  for (const v of values) if (v.kind === 'string') length += v.value.length;
  if (length > MAX_STRING_LENGTH) textTooLong();
  scope.budget.addBytes(length);
  return concatParts(values, span);
}

/** Attribute names written right after the root, as far as the address of the referenced object goes. */
function leadingAttrs(steps: Step[]): string[] {
  const names: string[] = [];
  for (const s of steps) {
    if (s.kind !== 'attr' || names.length === 3) break;
    names.push(s.name);
  }
  return names;
}

function traverse(target: Expr, steps: Step[], span: SourceSpan, scope: Scope): Value {
  let value: Value;
  let rest = steps;
  if (target.kind === 'variable') {
    const bound = scope.bound(target.name);
    if (bound) value = bound;
    else {
      const found = scope.reference(target.name, leadingAttrs(steps), span);
      if (!found) return failure(`'${target.name}' is not a known name here`, span);
      value = found.value;
      rest = steps.slice(found.used);
    }
  } else value = evaluate(target, scope);
  for (const step of rest) value = applyStep(value, step, scope);
  return respan(value, span);
}

function applyStep(value: Value, step: Step, scope: Scope): Value {
  if (step.kind === 'splat') {
    if (value.kind === 'unknown') return extend(value, '[*]', step.span, undefined);
    const items = value.kind === 'array' ? value.items : value.kind === 'null' ? [] : [value];
    return arr(
      items.map((i) => step.steps.reduce((v, s) => applyStep(v, s, scope), i)),
      step.span,
    );
  }
  if (step.kind === 'attr') return attr(value, step.name, step.span);
  const key = evaluate(step.key, scope);
  // A list index keeps the path (blocks are lists of one); a map key is one more attribute name.
  if (value.kind === 'unknown')
    return extend(
      value,
      `[${render(key) ?? '?'}]`,
      step.span,
      key.kind === 'number' ? [] : key.kind === 'string' ? [key.value] : undefined,
    );
  if (key.kind === 'unknown') return unknown(key.reason, step.span);
  if (value.kind === 'array') {
    const i = asNumber(key);
    if (i === undefined || !Number.isInteger(i)) return failure('a list index must be a whole number', step.span);
    return value.items[i] ?? failure(`index ${i} is out of range (${value.items.length} elements)`, step.span);
  }
  if (value.kind === 'object') return attr(value, asString(key) ?? '', step.span);
  return failure(`cannot index a ${value.kind}`, step.span);
}

function attr(value: Value, name: string, span: SourceSpan): Value {
  if (value.kind === 'unknown') return extend(value, `.${name}`, span, [name]);
  if (value.kind !== 'object') return failure(`a ${value.kind} has no attribute '${name}'`, span);
  const hit = findEntry(value, name, false);
  if (hit) return hit.value;
  const origin = computedOrigin(value);
  if (origin !== undefined) {
    const u = unknown(`'${origin.address}.${name}' is known only after apply`, span, `{${origin.address}.${name}}`);
    return afterApply(u, { ...origin, address: `${origin.address}.${name}`, path: [...origin.path, name] });
  }
  return failure(`no attribute '${name}'`, span);
}

/** One more step into an unknown: the symbol grows, and so does the path of a value read from an instance. */
function extend(u: Value & { kind: 'unknown' }, suffix: string, span: SourceSpan, steps: string[] | undefined): Value {
  if (isFailure(u)) return failure(u.reason, span);
  const next = unknown(u.reason, span, u.symbol === undefined ? undefined : `${u.symbol}${suffix}`);
  const origin = steps && afterApplyOrigin(u);
  return origin
    ? afterApply(next, { ...origin, address: `${origin.address}${suffix}`, path: [...origin.path, ...steps] })
    : next;
}

/** A value known only after apply, read from an instance: a principal id of a managed identity says whose it is. */
function afterApply(u: UnknownValue, origin: ComputedOrigin): UnknownValue {
  const id = origin.instance.value?.entries.find((e) => e.key === 'id')?.value;
  const idText = id?.kind === 'string' ? id.value : id?.kind === 'unknown' ? id.symbol : undefined;
  const arm = runtimePath(origin.instance.type, origin.path);
  return markAfterApply(withPrincipal(u, idText && arm ? principalAt(idText, arm) : undefined), origin);
}

function call(name: string, argExprs: Expr[], expandLast: boolean, span: SourceSpan, scope: Scope): Value {
  let args = argExprs.map((a) => evaluate(a, scope));
  if (expandLast && args.length > 0) {
    const last = args[args.length - 1];
    if (last.kind === 'unknown') return unknown(last.reason, span);
    if (last.kind !== 'array') return failure('only a list can be expanded with ...', span);
    args = args.slice(0, -1).concat(last.items);
  }
  return callFunction(name, args, span, scope.budget);
}

function unary(op: string, v: Value, span: SourceSpan): Value {
  if (v.kind === 'unknown') return unknown(v.reason, span);
  if (op === '!') {
    const b = asBool(v);
    return b === undefined ? failure("'!' needs a bool", span) : bool(!b, span);
  }
  const n = asNumber(v);
  return n === undefined ? failure("'-' needs a number", span) : num(-n, span);
}

function binary(op: string, leftExpr: Expr, rightExpr: Expr, span: SourceSpan, scope: Scope): Value {
  const left = evaluate(leftExpr, scope);
  if (op === '&&' || op === '||') {
    const l = asBool(left);
    if (l === (op === '||')) return bool(l, span);
    const right = evaluate(rightExpr, scope);
    if (left.kind === 'unknown' || right.kind === 'unknown') {
      if (asBool(right) === (op === '||')) return bool(op === '||', span);
      return unknown((left.kind === 'unknown' ? left : (right as typeof left & { kind: 'unknown' })).reason, span);
    }
    const r = asBool(right);
    if (l === undefined || r === undefined) return failure(`'${op}' needs bools`, span);
    return bool(r, span);
  }
  const right = evaluate(rightExpr, scope);
  if (left.kind === 'unknown') return unknown(left.reason, span);
  if (right.kind === 'unknown') return unknown(right.reason, span);
  if (op === '==' || op === '!=') {
    const eq = valueEquals(left, right);
    return eq === undefined ? unknown('a compared value is not known', span) : bool(op === '==' ? eq : !eq, span);
  }
  const a = asNumber(left);
  const b = asNumber(right);
  if (a === undefined || b === undefined) return failure(`'${op}' needs numbers`, span);
  switch (op) {
    case '+':
      return num(a + b, span);
    case '-':
      return num(a - b, span);
    case '*':
      return num(a * b, span);
    case '/':
      return b === 0 ? failure('division by zero', span) : num(a / b, span);
    case '%':
      return b === 0 ? failure('division by zero', span) : num(a % b, span);
    case '<':
      return bool(a < b, span);
    case '<=':
      return bool(a <= b, span);
    case '>':
      return bool(a > b, span);
    case '>=':
      return bool(a >= b, span);
    default:
      return failure(`operator '${op}' is not supported`, span);
  }
}

/** The (key, value) pairs a `for` expression or `for_each` iterates, in Terraform's order. */
export function iterationPairs(collection: Value): [Value, Value][] | undefined {
  if (collection.kind === 'array') return collection.items.map((v, i) => [num(i), v]);
  if (collection.kind === 'object') return sortedEntries(collection).map((e) => [str(e.key), e.value]);
  return undefined;
}

function forExpr(form: ForForm, span: SourceSpan, scope: Scope): Value {
  const collection = evaluate(form.collection, scope);
  if (collection.kind === 'unknown') return unknown(collection.reason, span);
  const pairs = iterationPairs(collection);
  if (!pairs) return failure('a for expression needs a list, set, map or object', span);
  const items: Value[] = [];
  const entries = new Map<string, ObjectEntry>();
  for (const [k, v] of pairs) {
    scope.budget.step();
    scope.budget.addValues(1);
    const bindings: Record<string, Value> = { [form.valueVar]: v };
    if (form.keyVar) bindings[form.keyVar] = k;
    const inner = withBindings(scope, bindings);
    if (form.cond) {
      const c = evaluate(form.cond, inner);
      if (c.kind === 'unknown') return unknown(c.reason, span);
      if (asBool(c) !== true) continue;
    }
    const value = evaluate(form.valueExpr, inner);
    if (!form.keyExpr) {
      items.push(value);
      continue;
    }
    const key = asString(evaluate(form.keyExpr, inner));
    if (key === undefined) return unknown('a key of the for expression is not known', span);
    const existing = entries.get(key);
    if (form.group) {
      // Grouped values are appended in place: copying the group each time would be quadratic.
      if (existing?.value.kind === 'array') existing.value.items.push(value);
      else entries.set(key, { key, value: arr([value], span) });
    } else if (existing) return failure(`duplicate key '${key}' in a for expression`, span);
    else entries.set(key, { key, value });
  }
  return bounded(form.keyExpr ? obj([...entries.values()], span) : arr(items, span));
}
