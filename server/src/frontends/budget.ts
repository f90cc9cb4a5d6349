import type { Problem } from '../graph/problem';
import type { Resource } from '../graph/resource';
import { normalizeId } from '../graph/resource-id';
import type { SourceSpan } from '../graph/span';
import { T } from '../graph/types';
import type { UnknownValue, Value } from '../graph/value';
import { obj, unknown } from '../graph/value';

/**
 * How much evaluation one deployment may cost. The corpus needs at most 4,000 steps, 2,000 values
 * and 9 nested deployments; a generated 5 MB template of 4,400 VNets 154,000 steps and 88,000
 * values, and the 50,000-resource benchmark template 580,000 steps and 190,000 values, inside.
 * Hostile ones (nested copy loops, doubling locals, a module fanning out to itself) reach a limit
 * in about half a second of a slow machine's time and under 200 MB (an evaluated value with its
 * span is some 250 bytes); the fuzz script's mutated templates found that twice these limits took
 * over a second.
 */
export interface BudgetLimits {
  /** Expression nodes, JSON nodes and loop iterations evaluated. */
  steps: number;
  /** Array items and object members created by evaluation. */
  values: number;
  /** Characters of the strings evaluation creates. */
  stringBytes: number;
  /** Resource instances (declarations times their copies / count / for_each). */
  instances: number;
  /** Nested and linked templates, and local module instances, evaluated. */
  instantiations: number;
}

export const DEFAULT_LIMITS: Readonly<BudgetLimits> = {
  steps: 750_000,
  values: 250_000,
  stringBytes: 64 * 1024 * 1024,
  instances: 50_000,
  instantiations: 250,
};

/** One string longer than this is not built: no template needs it, and a few of them fill the memory. */
export const MAX_STRING_LENGTH = 4 * 1024 * 1024;

/** A width or precision in a format string above this is refused instead of allocating it. */
export const MAX_FORMAT_WIDTH = 10_000;

/** Where the analysis learns that it should stop: a newer edit, or the wall clock. */
export interface StopSignal {
  /** `performance.now()` after which evaluation stops (values become unknown). */
  deadline?: number;
  /** Set to non-zero by another thread when the analysis is no longer wanted. */
  cancel?: Int32Array;
}

type Dimension = 'steps' | 'values' | 'string bytes' | 'time';

/** Thrown when a limit is reached; catch points turn it into an unknown value (see `Budget.absorb`). */
export class BudgetExhausted extends Error {
  constructor(readonly dimension: Dimension) {
    super(`the evaluation budget (${dimension}) of this deployment is spent`);
  }
}

/** Thrown when the analysis is cancelled: it is not caught anywhere but at the analysis' own entry. */
export class AnalysisCancelled extends Error {
  constructor() {
    super('the analysis was cancelled by a newer one');
  }
}

/** How often (in steps) the clock and the cancel flag are looked at: cheap enough, and well under a millisecond. */
const POLL_EVERY = 1024;

/**
 * The evaluation budget of one deployment, shared by every front end that reads part of it (ARM,
 * Bicep through the ARM evaluator, Terraform). Evaluators charge it as they go; once a limit is
 * reached every further charge throws `BudgetExhausted`, which the evaluators' catch points turn
 * into unknown values, so the rest of the deployment is still read (resources stay, their
 * computed values are unknown) and rules stay silent where they would need them. It is reported
 * once, where it ran out; the resources that could not be seen are represented by one deployment
 * that is not analysed (`incompleteResource`), so rules do not conclude that something is missing.
 */
export class Budget {
  readonly used: BudgetLimits = { steps: 0, values: 0, stringBytes: 0, instances: 0, instantiations: 0 };
  private spent?: Dimension;
  private exhaustedError?: BudgetExhausted;
  private untilPoll = POLL_EVERY;
  private readonly notes: Problem[] = [];
  private readonly noted = new Set<string>();
  private incompleteAt?: { span: SourceSpan; reason: string };

  constructor(
    readonly limits: Readonly<BudgetLimits> = DEFAULT_LIMITS,
    private readonly signal: StopSignal = {},
  ) {}

  /** Whether evaluation has stopped; the reason (a dimension) when it has. */
  get exhausted(): Dimension | undefined {
    return this.spent;
  }

  /** One unit of evaluation work (an expression node, a loop iteration). */
  step(n = 1): void {
    if (this.spent) throw this.spentError(this.spent);
    this.used.steps += n;
    if (this.used.steps > this.limits.steps) this.stop('steps');
    this.untilPoll -= n;
    if (this.untilPoll <= 0) {
      this.untilPoll = POLL_EVERY;
      this.poll();
    }
  }

  /** What a new value costs: its own items or members, or its characters (nested parts were charged when made). */
  charge(v: Value): void {
    if (this.spent) throw this.spentError(this.spent);
    if (v.kind === 'array') this.addValues(v.items.length);
    else if (v.kind === 'object') this.addValues(v.entries.length);
    else if (v.kind === 'string') this.addBytes(v.value.length);
  }

  addValues(n: number): void {
    this.used.values += n;
    if (this.used.values > this.limits.values) this.stop('values');
  }

  addBytes(n: number): void {
    this.used.stringBytes += n;
    if (this.used.stringBytes > this.limits.stringBytes) this.stop('string bytes');
  }

  /** Looks at the clock and the cancel flag now (long steps such as parsing call this directly). */
  poll(): void {
    if (this.signal.cancel && Atomics.load(this.signal.cancel, 0) !== 0) throw new AnalysisCancelled();
    if (this.signal.deadline !== undefined && performance.now() > this.signal.deadline) this.stop('time');
  }

  /** Whether the clock or the cancel flag says to stop, without throwing (for tree-sitter's progress callback). */
  shouldStop(): boolean {
    if (this.signal.cancel && Atomics.load(this.signal.cancel, 0) !== 0) return true;
    return this.spent !== undefined || (this.signal.deadline !== undefined && performance.now() > this.signal.deadline);
  }

  /** Milliseconds left before the deadline (Infinity without one). */
  remainingMs(): number {
    return this.signal.deadline === undefined ? Infinity : this.signal.deadline - performance.now();
  }

  /**
   * A resource instance more; false (and one warning at `span`) once the limit is reached, and the
   * caller expands no more copies. Unlike the other limits this one does not stop evaluation.
   */
  instance(span: SourceSpan): boolean {
    if (this.used.instances >= this.limits.instances) {
      this.truncated(span, 'instance-limit', `more than ${this.limits.instances} resource instances`);
      return false;
    }
    this.used.instances++;
    return true;
  }

  /** Whether no nested template or module instance is left: a loop creating them stops (the warning was given). */
  get instantiationsSpent(): boolean {
    return this.used.instantiations >= this.limits.instantiations && this.noted.has('instantiation-limit');
  }

  /** A nested template or module instance more; false (and one warning) once the limit is reached. */
  instantiation(span: SourceSpan): boolean {
    if (this.used.instantiations >= this.limits.instantiations) {
      this.truncated(
        span,
        'instantiation-limit',
        `more than ${this.limits.instantiations} nested deployments and module instances`,
      );
      return false;
    }
    this.used.instantiations++;
    return true;
  }

  /**
   * At a catch point: the unknown that stands for a value whose evaluation ran out of budget. The
   * first such place gets the deployment's one `evaluation-budget` problem. Anything else than
   * `BudgetExhausted` is thrown on.
   */
  absorb(err: unknown, span: SourceSpan | undefined): UnknownValue {
    if (!(err instanceof BudgetExhausted)) throw err;
    if (span && !this.incompleteAt) {
      const what = DESCRIBE[err.dimension](this.limits);
      const reason = `evaluation stopped here: this deployment needs more than ${what}`;
      this.incompleteAt = { span, reason };
      this.note({
        code: 'evaluation-budget',
        severity: 'warning',
        message: `${reason}; values computed from here on are treated as unknown, and rules that need them stay silent`,
        span,
      });
    }
    return unknown('the evaluation budget of this deployment ran out', span);
  }

  /** Records that part of the deployment is not seen (cut short, too deep…), so that "none" is never concluded. */
  markIncomplete(span: SourceSpan, reason: string): void {
    this.incompleteAt ??= { span, reason };
  }

  /** The problems the budget reported: the one `evaluation-budget` problem and each truncation. */
  problems(): Problem[] {
    return [...this.notes];
  }

  /**
   * When part of the deployment could not be evaluated: one deployment resource that is not
   * analysed, standing for what was not seen (as a template linked by URI does).
   */
  incompleteResource(): Resource | undefined {
    const at = this.incompleteAt;
    if (!at) return undefined;
    const id = '{aml-network-guard:not-evaluated}';
    const properties = unknown(at.reason, at.span);
    return {
      id,
      key: normalizeId(id),
      idKnown: false,
      type: T.deployment,
      name: 'not-evaluated',
      body: obj([{ key: 'properties', value: properties }], at.span),
      origin: 'declared',
      presence: 'always',
      language: languageOf(at.span.file),
      file: at.span.file,
      span: at.span,
      nameSpan: at.span,
      symbol: 'not evaluated',
    };
  }

  private stop(dimension: Dimension): never {
    this.spent = dimension;
    throw this.spentError(dimension);
  }

  /**
   * The one error thrown for every charge after the budget ran out: a spent deployment still walks
   * its remaining declarations (each charge throws at once), and capturing a new stack trace for
   * each of tens of thousands of them was a quarter of its analysis time.
   */
  private spentError(dimension: Dimension): BudgetExhausted {
    this.exhaustedError ??= new BudgetExhausted(dimension);
    return this.exhaustedError;
  }

  private truncated(span: SourceSpan, code: string, what: string): void {
    this.markIncomplete(span, `${what}: the rest are not analysed`);
    this.note({ code, severity: 'warning', message: `this deployment has ${what}: the rest are not analysed`, span });
  }

  private note(problem: Problem): void {
    if (this.noted.has(problem.code)) return;
    this.noted.add(problem.code);
    this.notes.push(problem);
  }
}

function languageOf(file: string): Resource['language'] {
  if (/\.tf(\.json)?$|\.tfvars(\.json)?$/i.test(file)) return 'terraform';
  return /\.bicep(param)?$/i.test(file) ? 'bicep' : 'arm';
}

const DESCRIBE: Record<Dimension, (l: BudgetLimits) => string> = {
  steps: (l) => `${l.steps.toLocaleString('en')} evaluation steps`,
  values: (l) => `${l.values.toLocaleString('en')} computed values`,
  'string bytes': (l) => `${(l.stringBytes / 1024 / 1024).toLocaleString('en')} MiB of computed text`,
  time: () => 'the time allowed for one analysis',
};
