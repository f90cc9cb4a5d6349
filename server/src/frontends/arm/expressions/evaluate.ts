import type { DeploymentContext } from '../../../graph/context';
import type { UnknownValue, Value } from '../../../graph/value';
import { entry, unknown } from '../../../graph/value';
import { MAX_VALUE_DEPTH, deeperThan } from '../../../graph/value-shape';
import type { Budget } from '../../budget';
import { MAX_STRING_LENGTH, textTooLong } from '../../budget';
import type { Call, Expr } from './ast';
import { FUNCTIONS } from './functions';
import { applyLambdaFunction, isLambdaFunction } from './lambdas';
import { callSymbol, isOpen, markOpen, openSymbol, readOf, readStep, runtimeUnknown, symbolOf } from './symbols';

/**
 * What an expression can see. The evaluator itself is pure: parameters, variables, loops and
 * other resources come in through this interface, so the template layer decides laziness,
 * scoping and cycle handling.
 */
export interface EvalEnv {
  context: DeploymentContext;
  /** Where `resourceId()` without a subscription or group puts ids (a nested deployment may move it). */
  scope: DeploymentScope;
  /** `deployment().name`. */
  deploymentName: Part;
  /** A declared parameter's value (unknown when unset), or undefined when no such parameter exists. */
  parameter(name: string): Value | undefined;
  variable(name: string): Value | undefined;
  /** The index of the named loop, or of the innermost resource loop when no name is given. */
  copyIndex(loop: string | undefined): Value | undefined;
  /**
   * The runtime state of a resource of this deployment (`reference()`): its body when `full`, else
   * its properties. Undefined when the target is not a resource of this deployment.
   */
  reference(target: Value, full: boolean): Value | undefined;
  /** A user-defined function (`namespace.name`), or undefined when the template has none by that name. */
  callUser(name: string, args: Value[]): Value | undefined;
  /** The deployment's evaluation budget: every node evaluated and every value built is charged to it. */
  budget: Budget;
  /** Told of every library function call and its result (the template layer records where resources are named). */
  noteCall?(call: Call, args: readonly Value[], result: Value): void;
}

/** A piece of an id or name: known text, or an unknown that stands in by its symbol. */
export type Part = string | UnknownValue;

/** The subscription and resource group a template deploys into; no group at subscription scope. */
export interface DeploymentScope {
  /** Absent at tenant and management-group scope. */
  subscriptionId?: Part;
  resourceGroup?: Part;
  /** The target resource group's location (`resourceGroup().location`). */
  location: Value;
}

export interface Site {
  call: Call;
  env: EvalEnv;
}

export type Fn = (args: Value[], site: Site) => Value;

export interface FunctionSpec {
  impl: Fn;
  /** Receives unknown arguments itself (interpolating functions); the others yield an unknown for them. */
  handlesUnknown?: boolean;
}

/** Lambda variables in scope (`lambdaVariables('x')`), by name. */
export type Locals = ReadonlyMap<string, Value>;

const NO_LOCALS: Locals = new Map();

/**
 * Evaluates an expression; never throws for template mistakes (they become unknowns with a
 * reason). Throws `BudgetExhausted` when the deployment's budget runs out: the caller's catch
 * point turns the whole expression into an unknown.
 */
export function evaluate(expr: Expr, env: EvalEnv, locals: Locals = NO_LOCALS): Value {
  env.budget.step();
  switch (expr.kind) {
    case 'string':
      return { kind: 'string', value: expr.value };
    case 'number':
      return { kind: 'number', value: expr.value };
    case 'boolean':
      return { kind: 'boolean', value: expr.value };
    case 'null':
      return { kind: 'null' };
    case 'member':
      return memberOf(evaluate(expr.target, env, locals), expr.name);
    case 'index':
      return indexOf(evaluate(expr.target, env, locals), evaluate(expr.index, env, locals));
    case 'call':
      return callFunction(expr, env, locals);
  }
}

function callFunction(call: Call, env: EvalEnv, locals: Locals): Value {
  const name = call.name.toLowerCase();
  if (name === 'if') return conditional(call, env, locals);
  if (name === 'lambdavariables') return lambdaVariable(call, env, locals);
  if (isLambdaFunction(name))
    return bounded(
      applyLambdaFunction(call, (e, l) => evaluate(e, env, l), locals),
      call,
      env,
    );
  const args = call.args.map((a) => evaluate(a, env, locals));
  if (name.includes('.')) {
    const result = env.callUser(call.name, args);
    if (result) return bounded(result, call, env);
  }
  const spec = FUNCTIONS.get(name);
  if (!spec) {
    return unknown(`function '${call.name}' is not evaluated`, undefined, callSymbol(call.name, args));
  }
  if (!spec.handlesUnknown) {
    const first = args.find((a) => a.kind === 'unknown');
    if (first?.kind === 'unknown') return unknown(first.reason, undefined, callSymbol(call.name, args));
  }
  const result = bounded(spec.impl(args, { call, env }), call, env);
  env.noteCall?.(call, args, result);
  return result;
}

/** A function's result, charged to the budget; unknown when it is too long a text or too deep a structure. */
function bounded(v: Value, call: Call, env: EvalEnv): Value {
  env.budget.charge(v);
  if (v.kind === 'string' && v.value.length > MAX_STRING_LENGTH) textTooLong();
  if ((v.kind === 'array' || v.kind === 'object') && deeperThan(v))
    return unknown(`${call.name}() would return a value nested more than ${MAX_VALUE_DEPTH} levels deep`);
  return v;
}

/** `if` evaluates only the branch it takes, as ARM does, so the other may refer to absent things. */
function conditional(call: Call, env: EvalEnv, locals: Locals): Value {
  if (call.args.length !== 3) return unknown(`if() takes 3 arguments, found ${call.args.length}`);
  const test = evaluate(call.args[0], env, locals);
  if (test.kind === 'boolean') return evaluate(call.args[test.value ? 1 : 2], env, locals);
  if (test.kind === 'unknown') {
    const yes = evaluate(call.args[1], env, locals);
    const no = evaluate(call.args[2], env, locals);
    const a = symbolOf(yes);
    if (a !== undefined && a === symbolOf(no)) return yes;
    return unknown(test.reason, undefined, callSymbol('if', [test, yes, no]));
  }
  return unknown(`if() needs a boolean condition, found ${test.kind}`);
}

function lambdaVariable(call: Call, env: EvalEnv, locals: Locals): Value {
  const name = call.args[0] ? evaluate(call.args[0], env, locals) : undefined;
  if (name?.kind !== 'string') return unknown('lambdaVariables() needs a variable name');
  return locals.get(name.value) ?? unknown(`no lambda variable '${name.value}' here`);
}

function memberOf(target: Value, name: string): Value {
  if (target.kind === 'unknown') {
    const symbol = target.symbol ? `${target.symbol}.${name}` : undefined;
    return runtimeUnknown(target.reason, symbol, readStep(readOf(target), name));
  }
  if (target.kind !== 'object') return unknown(`cannot read property '${name}' of a ${target.kind}`);
  const e = entry(target, name);
  const symbol = openSymbol(target);
  const inner = symbol === undefined ? undefined : `${symbol}.${name}`;
  const read = readStep(readOf(target), name);
  if (e) return isOpen(target) ? markOpen(e.value, inner, read) : e.value;
  if (isOpen(target)) return runtimeUnknown(`'${name}' is only known after deployment`, inner, read);
  return unknown(`the object has no property '${name}'`);
}

function indexOf(target: Value, index: Value): Value {
  if (target.kind === 'unknown' || index.kind === 'unknown') {
    const why = target.kind === 'unknown' ? target : (index as Extract<Value, { kind: 'unknown' }>);
    const t = symbolOf(target);
    const i = symbolOf(index);
    const step = index.kind === 'number' || index.kind === 'string' ? String(index.value) : undefined;
    const read = step === undefined ? undefined : readStep(readOf(target), step);
    return runtimeUnknown(why.reason, t !== undefined && i !== undefined ? `${t}[${i}]` : undefined, read);
  }
  if (target.kind === 'array' && index.kind === 'number') {
    const item = target.items[index.value];
    const symbol = openSymbol(target);
    if (item)
      return isOpen(target)
        ? markOpen(
            item,
            symbol === undefined ? undefined : `${symbol}[${index.value}]`,
            readStep(readOf(target), String(index.value)),
          )
        : item;
    return unknown(`index ${index.value} is outside the array (length ${target.items.length})`);
  }
  if (target.kind === 'object' && index.kind === 'string') return memberOf(target, index.value);
  return unknown(`cannot index a ${target.kind} with a ${index.kind}`);
}
