import type { ClusterSubnetNsg } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import type { RelatedLocation } from './rule';

/**
 * The chain behind an NSG finding, for each cluster subnet the NSG filters: where the subnet names the
 * NSG, and where the cluster is put in the subnet. NSG rules report on the NSG or one of its rules,
 * so these are what lets a reader see which clusters it is about.
 */
export function nsgUseRelated(uses: readonly ClusterSubnetNsg[]): RelatedLocation[] {
  return uses.flatMap((u) => {
    const cluster = u.setting.cluster.resource;
    return [
      {
        span: propertySpan(u.subnet, 'properties.networkSecurityGroup'),
        message: `${describe(u.nsg)} filters ${describe(u.subnet)}`,
      },
      { span: u.use.span ?? cluster.span, message: `${describe(cluster)} runs in ${describe(u.subnet)}` },
    ];
  });
}
