import type { PrivateEndpointIndex } from '../private-endpoints';
import type { Tri } from '../relations';
import type { Resource } from '../resource';
import { describe, settled } from '../resource';

/** Whether a resource has a private endpoint this deployment certainly creates, and which. */
export interface EndpointPresence {
  state: Tri;
  /** The first such endpoint (`yes`). */
  endpoint?: Resource;
  /** Why it cannot be told (`unknown`). */
  reason?: string;
}

/**
 * `yes` when an endpoint that always deploys connects to the resource; `unknown` when one may (a
 * conditional endpoint, one whose target is not known, a deployment that is not analysed); `no` else.
 */
export function endpointPresence(
  index: PrivateEndpointIndex,
  opaque: readonly Resource[],
  target: Resource,
): EndpointPresence {
  const { certain, possible } = index.of(target);
  const sure = certain.find((pe) => settled(pe.resource));
  if (sure) return { state: 'yes', endpoint: sure.resource };
  const maybe = [...certain, ...possible][0];
  if (maybe) return { state: 'unknown', reason: `${describe(maybe.resource)} may connect to ${describe(target)}` };
  if (opaque.length > 0)
    return { state: 'unknown', reason: `${describe(opaque[0])} is not analysed and may create a private endpoint` };
  if (target.origin === 'existing')
    return { state: 'unknown', reason: `${describe(target)} is declared elsewhere and may have a private endpoint` };
  return { state: 'no' };
}
