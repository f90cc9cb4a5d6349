import type { Value } from '../../../../graph/value';
import { fromPlain } from '../../../../graph/value';

/** `json('…')`: the value the text denotes, or undefined when it is not JSON. */
export function jsonToValue(text: string): Value | undefined {
  try {
    return fromPlain(JSON.parse(text));
  } catch {
    return undefined;
  }
}
