import { attachments, propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { T, typeNoun } from '../graph/types';
import { at, isUnknown, knownBoolean } from '../graph/value';
import { settled } from './clusters-in-vnet';
import type { Rule } from './rule';

const PRIVATE = 'properties.apiServerAccessProfile.enablePrivateCluster';
const PUBLIC_FQDN = 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN';

/** Azure ML does not support a private AKS cluster that also publishes a public FQDN. */
export const privateClusterPublicFqdn: Rule = {
  meta: {
    id: 'private-cluster-public-fqdn',
    defaultSeverity: 'error',
    title: 'A private AKS cluster used by Azure Machine Learning must not have a public FQDN',
    source: {
      document: 'EN',
      quote:
        "Using a public fully qualified domain name (FQDN) with a private AKS cluster isn't supported with Azure Machine Learning.",
    },
  },
  check(ctx, severity) {
    const all = attachments(ctx.graph);
    const noWorkspace = ctx.graph.ofType(T.workspace).length === 0 && all.length === 0;
    const findings = [];
    for (const cluster of ctx.graph.ofType(T.managedCluster)) {
      if (!settled(cluster)) continue;
      const isPrivate = at(cluster.body, PRIVATE);
      const publicFqdn = at(cluster.body, PUBLIC_FQDN);
      // Absent means the API default, false, for both flags; one known false settles it.
      const flags = [isPrivate, publicFqdn].map((v) => (isUnknown(v) ? undefined : knownBoolean(v) === true));
      if (flags.includes(false)) continue;
      if (flags.includes(undefined)) {
        ctx.notEvaluated(
          propertySpan(cluster, isUnknown(publicFqdn) ? PUBLIC_FQDN : PRIVATE),
          'the private cluster settings are not known',
        );
        continue;
      }
      const attachedBy = all.find((a) => a.cluster.state === 'resolved' && a.cluster.cluster.resource === cluster);
      if (!attachedBy && !noWorkspace) continue;
      const name = describe(cluster, typeNoun);
      findings.push({
        ruleId: 'private-cluster-public-fqdn',
        severity: attachedBy ? severity : severity === 'error' ? ('warning' as const) : severity,
        message: attachedBy
          ? `${name} is a private cluster with a public FQDN, which Azure Machine Learning does not support. Set enablePrivateClusterPublicFQDN to false.`
          : `${name} is a private cluster with a public FQDN; Azure Machine Learning cannot use it if you attach it to a workspace. Set enablePrivateClusterPublicFQDN to false.`,
        resource: cluster,
        span: propertySpan(cluster, PUBLIC_FQDN),
        related: attachedBy
          ? [{ span: attachedBy.compute.nameSpan ?? attachedBy.compute.span, message: `${name} is attached here` }]
          : [],
        fix: {
          kind: 'setProperty' as const,
          title: 'Set enablePrivateClusterPublicFQDN to false',
          resource: cluster,
          path: PUBLIC_FQDN,
          value: false,
        },
      });
    }
    return findings;
  },
};
