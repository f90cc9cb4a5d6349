import * as assert from 'node:assert/strict';
import type { Access } from '../../../server/src/graph/queries';
import { graphQueries } from '../../../server/src/graph/queries';
import { T } from '../../../server/src/graph/types';
import { graphOf, ids, resource, unknownOf, vnet } from './hand-built';

/**
 * The effective NSG of a subnet evaluated as tables, in the manner of PSRule's NSG evaluator tests:
 * the custom rules of one NSG, then flows (direction, remote end, port) with the access Azure gives
 * them and the rule that decides. `unknown` is the answer whenever a rule that could decide cannot
 * be read or may cover only part of the flow.
 */

type Rule = Record<string, unknown>;
type Row = [direction: 'in' | 'out', remote: string, port: number, access: Access | 'unknown', rule?: string];

const r = (name: string, priority: number, direction: string, access: string, extra: Rule = {}): Rule => ({
  name,
  properties: {
    priority,
    direction,
    access,
    protocol: 'Tcp',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '*',
    ...extra,
  },
});

/** The AKS subnet (10.0.0.0/22 of 10.0.0.0/16) with an NSG holding `rules`. */
function evaluate(rules: Rule[], rows: Row[]) {
  const nsg = resource(T.networkSecurityGroup, ['nsg'], { properties: { securityRules: rules } });
  const net = vnet('vnet', { aks: { addressPrefix: '10.0.0.0/22', networkSecurityGroup: { id: nsg.id } } });
  const graph = graphOf(net, nsg);
  const answer = graphQueries(graph, () => undefined).effectiveNsg(graph.get(ids.aksSubnet)!);
  if (answer.state !== 'known') return assert.fail(answer.state);
  const e = answer.evaluation;
  const actual = rows.map(([direction, remote, port]) => {
    const d = direction === 'in' ? e.inbound(remote, port) : e.outbound(remote, port);
    return [direction, remote, port, d.access, ...(d.rule ? [d.rule.name] : [])];
  });
  assert.deepEqual(actual, rows);
}

describe('NSG evaluation tables', () => {
  it('decides by the defaults alone', () =>
    evaluate(
      [],
      [
        ['out', 'AzureContainerRegistry.westeurope', 443, 'Allow', 'AllowInternetOutBound'],
        ['out', 'Internet', 80, 'Allow', 'AllowInternetOutBound'],
        ['out', '10.0.5.4', 443, 'Allow', 'AllowVnetOutBound'],
        ['in', 'Internet', 443, 'Deny', 'DenyAllInBound'],
        ['in', 'VirtualNetwork', 22, 'Allow', 'AllowVnetInBound'],
        ['in', 'AzureLoadBalancer', 80, 'Allow', 'AllowAzureLoadBalancerInBound'],
      ],
    ));

  it('lets an allow of the service tag before a deny of Internet through, and only on its ports', () =>
    evaluate(
      [
        r('allow-acr', 100, 'Outbound', 'Allow', {
          destinationAddressPrefix: 'AzureContainerRegistry',
          destinationPortRange: '443',
        }),
        r('deny-internet', 4000, 'Outbound', 'Deny', { destinationAddressPrefix: 'Internet' }),
      ],
      [
        ['out', 'AzureContainerRegistry.eastus2', 443, 'Allow', 'allow-acr'],
        ['out', 'AzureContainerRegistry', 443, 'Allow', 'allow-acr'],
        ['out', 'AzureContainerRegistry.eastus2', 80, 'Deny', 'deny-internet'],
        // Service tags are published address lists that may share ranges: another tag is not known to be disjoint.
        ['out', 'Storage', 443, 'unknown'],
        ['out', '10.0.5.4', 443, 'Allow', 'AllowVnetOutBound'],
      ],
    ));

  it('matches regional tags to their region only, case-insensitively', () =>
    evaluate(
      [
        r('allow-acr-we', 100, 'Outbound', 'Allow', { destinationAddressPrefix: 'AzureContainerRegistry.WestEurope' }),
        r('deny-all', 200, 'Outbound', 'Deny'),
      ],
      [
        ['out', 'AzureContainerRegistry.westeurope', 443, 'Allow', 'allow-acr-we'],
        ['out', 'AzureContainerRegistry.eastus', 443, 'Deny', 'deny-all'],
        // Part of the global tag is in West Europe, the rest is denied.
        ['out', 'AzureContainerRegistry', 443, 'unknown'],
      ],
    ));

  it('counts AzureCloud as holding every service tag, a regional AzureCloud only its own region', () =>
    evaluate(
      [
        r('deny-cloud-we', 100, 'Outbound', 'Deny', { destinationAddressPrefix: 'AzureCloud.westeurope' }),
        r('allow-cloud', 200, 'Outbound', 'Allow', { destinationAddressPrefix: 'AzureCloud' }),
        r('deny-all', 300, 'Outbound', 'Deny'),
      ],
      [
        ['out', 'AzureContainerRegistry.westeurope', 443, 'Deny', 'deny-cloud-we'],
        // AzureCloud.westeurope may or may not hold East US addresses of the registry: either rule may decide.
        ['out', 'AzureContainerRegistry.eastus', 443, 'unknown'],
        ['out', 'Internet', 443, 'unknown'],
      ],
    ));

  it('cannot tell whether an IP prefix, an unknown tag or another service tag holds the registry', () => {
    for (const prefix of ['20.38.0.0/16', 'MicrosoftContainerRegistry', 'Storage'])
      evaluate(
        [
          r('allow', 100, 'Outbound', 'Allow', { destinationAddressPrefix: prefix }),
          r('deny-internet', 200, 'Outbound', 'Deny', { destinationAddressPrefix: 'Internet' }),
        ],
        [['out', 'AzureContainerRegistry.westeurope', 443, 'unknown']],
      );
  });

  it('knows a private range holds no public address, and a deny behind a partial one still decides', () =>
    evaluate(
      [
        r('allow-onprem', 100, 'Outbound', 'Allow', { destinationAddressPrefix: '192.168.0.0/16' }),
        r('deny-storage', 150, 'Outbound', 'Deny', { destinationAddressPrefix: 'Storage' }),
        r('deny-internet', 200, 'Outbound', 'Deny', { destinationAddressPrefix: 'Internet' }),
      ],
      [
        ['out', 'AzureContainerRegistry.westeurope', 443, 'Deny', 'deny-internet'],
        ['out', '192.168.1.1', 443, 'Allow', 'allow-onprem'],
      ],
    ));

  it('reads port lists and ranges, and an empty single port as absent (PSRule: destinationPortRange "")', () =>
    evaluate(
      [
        r('allow-web', 100, 'Inbound', 'Allow', {
          sourceAddressPrefix: 'Internet',
          destinationPortRange: '',
          destinationPortRanges: ['80', '443', '8000-8100'],
        }),
      ],
      [
        ['in', 'Internet', 443, 'Allow', 'allow-web'],
        ['in', 'Internet', 8080, 'Allow', 'allow-web'],
        ['in', 'Internet', 22, 'Deny', 'DenyAllInBound'],
      ],
    ));

  it('leaves a rule that cannot be read undecided unless every outcome agrees', () =>
    evaluate(
      [
        r('deny-param', 100, 'Outbound', 'Deny', { destinationAddressPrefix: unknownOf("parameter 'prefix'") }),
        r('deny-internet', 200, 'Outbound', 'Deny', { destinationAddressPrefix: 'Internet' }),
        r('asg-in', 110, 'Inbound', 'Allow', {
          sourceAddressPrefix: null,
          sourceApplicationSecurityGroups: [{ id: 'asg' }],
        }),
      ],
      [
        // Denied by one rule or the other.
        ['out', 'AzureContainerRegistry.westeurope', 443, 'Deny', 'deny-internet'],
        // The parameter may deny VNet traffic that AllowVnetOutBound would allow.
        ['out', '10.0.5.4', 443, 'unknown'],
        ['in', 'Internet', 443, 'unknown'],
      ],
    ));

  it('sorts by priority whatever the order of declaration, and a lower number wins', () =>
    evaluate(
      [
        r('deny-late', 300, 'Outbound', 'Deny', { destinationAddressPrefix: 'AzureContainerRegistry' }),
        r('allow-early', 120, 'Outbound', 'Allow', { destinationAddressPrefix: 'AzureContainerRegistry' }),
        r('deny-early', 110, 'Inbound', 'Deny', { sourceAddressPrefix: 'Internet' }),
        r('allow-late', 130, 'Inbound', 'Allow', { sourceAddressPrefix: 'Internet' }),
      ],
      [
        ['out', 'AzureContainerRegistry.westeurope', 443, 'Allow', 'allow-early'],
        ['in', 'Internet', 443, 'Deny', 'deny-early'],
      ],
    ));

  it('matches a rule to the subnet by its source range on the way out', () =>
    evaluate(
      [
        r('other-subnet', 100, 'Outbound', 'Deny', { sourceAddressPrefix: '10.0.8.0/24' }),
        r('this-subnet', 200, 'Outbound', 'Deny', { sourceAddressPrefix: '10.0.0.0/16' }),
      ],
      [['out', 'AzureContainerRegistry.westeurope', 443, 'Deny', 'this-subnet']],
    ));
});
