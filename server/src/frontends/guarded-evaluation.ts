import type { SourceSpan } from '../graph/span';
import type { Problem } from '../graph/problem';
import type { Value } from '../graph/value';
import { unknown } from '../graph/value';
import { AnalysisCancelled, BudgetExhausted } from './budget';

interface Reporter {
  reportAt(span: SourceSpan, code: string, severity: Problem['severity'], message: string): void;
}

/**
 * Evaluates one template expression so that a defect in one function costs this value alone, not
 * the template: it becomes unknown with a warning. Running out of budget or being cancelled still
 * ends the whole analysis, which is what those signals are for.
 */
export function evaluateGuarded(run: () => Value, span: SourceSpan, session: Reporter): Value {
  let value: Value;
  try {
    value = run();
  } catch (err) {
    if (err instanceof BudgetExhausted || err instanceof AnalysisCancelled) throw err;
    if (err instanceof RangeError && /call stack/i.test(err.message))
      return unknown('the expression is nested too deeply to evaluate', span);
    const why = err instanceof Error ? err.message : String(err);
    session.reportAt(
      span,
      'expression-failed',
      'warning',
      `this expression could not be evaluated (${why}); its value is treated as unknown`,
    );
    return unknown(`the expression could not be evaluated: ${why}`, span);
  }
  fillSpans(value, span);
  return value.span === span ? value : { ...value, span };
}

/** Gives every node an expression produced without a span the span of that expression. */
function fillSpans(v: Value, span: Value['span']): void {
  const stack: Value[] = [v];
  for (let cur = stack.pop(); cur; cur = stack.pop()) {
    if (cur.span) continue;
    cur.span = span;
    if (cur.kind === 'array') for (const item of cur.items) stack.push(item);
    else if (cur.kind === 'object') for (const e of cur.entries) stack.push(e.value);
  }
}
