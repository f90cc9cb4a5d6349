import type { SourceSpan } from './span';
import type { Value } from './value';

/**
 * A place where a template names a resource outside the values of a resource body: an ARM
 * `resourceId(...)` or `reference(...)` call inside an expression, a `dependsOn` entry. What Go to
 * Definition follows, through the graph, to the declaration.
 */
export interface SourceReference {
  span: SourceSpan;
  /** The id it names (a string, or an unknown whose symbol is the id as far as it is known). */
  target: Value;
}
