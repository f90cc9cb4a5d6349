import type { PrivateEndpointInfo } from '../graph/private-endpoints';
import { propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, settled, unsettledReason } from '../graph/resource';
import { T, sameType } from '../graph/types';
import type { RelatedLocation } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

/** The storage services Azure Machine Learning uses on its workspace storage: artifacts in blobs, code and notebooks in file shares. */
const NEEDED = ['blob', 'file'];

/**
 * A workspace storage account that is reached through private endpoints but lacks the blob or the
 * file one: the workspace's traffic to the other service leaves the VNet (or fails once public
 * access is off). The private endpoints this deployment certainly creates are all there is only
 * when nothing else may create one, so anything undecided keeps the rule silent.
 */
export const storagePrivateEndpointSubresources = defineRule({
  meta: {
    id: 'storage-private-endpoint-subresources',
    defaultSeverity: 'warning',
    title: 'Workspace storage secured by private endpoints has both a blob and a file endpoint',
    category: 'private-link',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'storage-private-endpoint-subresources',
    fixable: false,
    messages: {
      missing:
        '{{storage}}, the storage account of {{workspace}}, has {{endpoints}} for {{present}} but no private endpoint for {{missing}}. Azure Machine Learning uses both the blob and the file service of its storage: add a private endpoint with group id {{missing}} in the same subnet, with a DNS zone group.',
    },
    source: { document: 'review', quote: '' },
  },
  check(ctx) {
    const checked = new Set<string>();
    for (const ws of ctx.graph.ofType(T.workspace)) {
      if (!settled(ws)) continue;
      const dependency = ctx.query.workspaceDependencies(ws).find((d) => d.role === 'storageAccount');
      const ref = dependency?.ref;
      if (!dependency || ref?.state !== 'resolved') continue;
      const storage = ref.resource;
      if (!settled(storage) || !sameType(storage.type, T.storageAccount) || checked.has(storage.key)) continue;
      checked.add(storage.key);
      const { certain, possible } = ctx.query.endpointsOf(storage);
      const sure = certain.filter((pe) => settled(pe.resource));
      if (sure.length === 0) continue;
      const where = storage.nameSpan ?? storage.span;
      const present = new Set(sure.flatMap((pe) => groupIdsFor(pe, storage) ?? []).map((g) => g.toLowerCase()));
      const missing = NEEDED.filter((g) => !present.has(g));
      if (missing.length === 0) continue;
      const undecided = undecidedReason(
        ctx.query.opaqueDeployments(),
        storage,
        certain.filter((pe) => !settled(pe.resource) || groupIdsFor(pe, storage) === undefined),
        possible,
      );
      if (undecided !== undefined) {
        ctx.notEvaluated(
          where,
          `whether ${describe(storage)} has a ${missing.join(' and a ')} private endpoint is not known: ${undecided}`,
        );
        continue;
      }
      const related: RelatedLocation[] = [
        ...sure.map((pe) => ({
          span: pe.resource.nameSpan ?? pe.resource.span,
          message: `${describe(pe.resource)} connects privately to ${describe(storage)}`,
        })),
        { span: propertySpan(ws, dependency.path), message: `${describe(ws)} uses ${describe(storage)}` },
      ];
      ctx.report({
        resource: storage,
        span: where,
        messageId: 'missing',
        data: {
          storage: describe(storage),
          workspace: describe(ws),
          present: [...present].sort().join(', '),
          endpoints: sure.map((pe) => describe(pe.resource)).join(', '),
          missing: missing.join(' and '),
        },
        related,
      });
    }
  },
});

/** The group ids an endpoint's connections to the storage account name; undefined when one is not known. */
function groupIdsFor(pe: PrivateEndpointInfo, storage: Resource): string[] | undefined {
  const out: string[] = [];
  for (const c of pe.connections) {
    const target = c.target;
    const to =
      target?.state === 'resolved'
        ? target.resource.key === storage.key
        : target?.state === 'unknown'
          ? undefined
          : false;
    if (to === false) continue;
    if (to === undefined || c.groupIds === undefined) return undefined;
    for (const g of c.groupIds) out.push(g);
  }
  return out;
}

/** Why another endpoint may still serve the account: one not fully known, one whose target is not known, a deployment not analysed. */
function undecidedReason(
  opaque: readonly Resource[],
  storage: Resource,
  open: readonly PrivateEndpointInfo[],
  possible: readonly PrivateEndpointInfo[],
): string | undefined {
  const pe = open[0]?.resource;
  if (pe) return settled(pe) ? `the group ids of ${describe(pe)} are not known` : unsettledReason(pe);
  const maybe = possible[0]?.resource;
  if (maybe) return `${describe(maybe)} may connect to ${describe(storage)}`;
  if (opaque.length > 0)
    return `${describe(opaque[0])} is not analysed and may create a private endpoint for ${describe(storage)}`;
  return undefined;
}
