import { propertySpan } from '../graph/relations';
import { describe, settled } from '../graph/resource';
import { T } from '../graph/types';
import { at, isUnknown, knownBoolean } from '../graph/value';
import { setPropertyFix } from '../rulekit/fixes';
import { defineRule } from '../rulekit/rule';

const PRIVATE = 'properties.apiServerAccessProfile.enablePrivateCluster';
const PUBLIC_FQDN = 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN';

/** Azure ML does not support a private AKS cluster that also publishes a public FQDN. */
export const privateClusterPublicFqdn = defineRule({
  meta: {
    id: 'private-cluster-public-fqdn',
    defaultSeverity: 'error',
    title: 'A private AKS cluster used by Azure Machine Learning must not have a public FQDN',
    category: 'cluster',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'private-cluster-public-fqdn',
    fixable: true,
    messages: {
      attached:
        '{{cluster}} is a private cluster with a public FQDN, which Azure Machine Learning does not support. Set {{flag}} to false.',
      // With no workspace in the deployment the cluster may be attached later: a warning, unless the user set a severity.
      noWorkspace: {
        text: '{{cluster}} is a private cluster with a public FQDN; Azure Machine Learning cannot use it if you attach it to a workspace. Set {{flag}} to false.',
        severity: 'warning',
      },
    },
    source: {
      document: 'EN',
      quote:
        "Using a public fully qualified domain name (FQDN) with a private AKS cluster isn't supported with Azure Machine Learning.",
    },
  },
  check(ctx) {
    const all = ctx.query.attachments();
    const noWorkspace = ctx.graph.ofType(T.workspace).length === 0 && all.length === 0;
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
          [isPrivate, publicFqdn],
        );
        continue;
      }
      const attachedBy = all.find((a) => a.cluster.state === 'resolved' && a.cluster.cluster.resource === cluster);
      if (!attachedBy && !noWorkspace) continue;
      const name = describe(cluster);
      ctx.report({
        resource: cluster,
        span: propertySpan(cluster, PUBLIC_FQDN),
        messageId: attachedBy ? 'attached' : 'noWorkspace',
        data: { cluster: name, flag: ctx.propertyName(cluster, PUBLIC_FQDN) },
        related: attachedBy
          ? [{ span: attachedBy.compute.nameSpan ?? attachedBy.compute.span, message: `${name} is attached here` }]
          : [],
        fixes: [setPropertyFix(ctx, cluster, PUBLIC_FQDN, false)],
      });
    }
  },
});
