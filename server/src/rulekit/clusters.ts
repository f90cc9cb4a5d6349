import type { AksCluster } from '../graph/relations';
import { settled, unsettledReason } from '../graph/resource';
import type { RuleContext } from './rule';

/**
 * The clusters this deployment certainly creates, for the rules that judge a cluster's own
 * network settings. A declared cluster that may not be deployed gets a note instead (its settings
 * may never take effect); one declared elsewhere is not this deployment's to judge.
 */
export function* settledClusters(ctx: RuleContext): Generator<AksCluster> {
  for (const cluster of ctx.query.clusters()) {
    const r = cluster.resource;
    if (settled(r)) yield cluster;
    else if (r.origin === 'declared') ctx.notEvaluated(r.nameSpan ?? r.span, unsettledReason(r));
  }
}
