import * as assert from 'node:assert/strict';
import type { Resource } from '../../../server/src/graph/resource';
import type { SourceSpan } from '../../../server/src/graph/span';
import { T } from '../../../server/src/graph/types';
import type { ObjectValue } from '../../../server/src/graph/value';
import { unknown } from '../../../server/src/graph/value';
import type { Rule } from '../../../server/src/rulekit/rule';
import { runRule } from '../../../server/src/rulekit/run';
import { aksDnsServiceIp } from '../../../server/src/rules/aks-dns-service-ip';
import { aksDockerBridgeCidr } from '../../../server/src/rules/aks-docker-bridge-cidr';
import { aksServiceCidrOverlap } from '../../../server/src/rules/aks-service-cidr-overlap';
import {
  cluster,
  compute,
  graphOf,
  ids,
  paths,
  peering,
  replaceAt,
  resource,
  unknownOf,
  vnet,
} from '../graph/hand-built';

function run(rule: Rule, resources: Resource[]) {
  const { findings, unknowns } = runRule(rule, graphOf(...resources));
  return { findings, notes: unknowns.map((u) => u.message), messages: findings.map((f) => f.message) };
}

const profile = (p: Record<string, unknown>) => ({ networkProfile: { networkPlugin: 'azure', ...p } });
const aksVnet = (extra: Record<string, Record<string, unknown>> = {}) =>
  vnet('vnet', { aks: { addressPrefix: '10.1.0.0/22' }, ...extra });
const hub = () => vnet('hub', { shared: { addressPrefix: '10.2.0.0/24' } });
const clusterWith = (p: Record<string, unknown>) => cluster(ids.aksSubnet, profile(p));
const serviceIn10dot2 = () => clusterWith({ serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.10' });

describe('CIDR rules on hand-built graphs', () => {
  describe('aks-service-cidr-overlap', () => {
    const rule = aksServiceCidrOverlap;

    it('counts a peering declared on either side, but not one that carries no traffic, nor a peer of a peer', () => {
      const count = (...extra: Resource[]) =>
        run(rule, [aksVnet(), hub(), serviceIn10dot2(), ...extra]).findings.length;
      assert.equal(count(), 0);
      assert.equal(count(peering('vnet', 'hub')), 1);
      assert.equal(count(peering('hub', 'vnet')), 1);
      assert.equal(count(peering('vnet', 'hub', { allowVirtualNetworkAccess: false })), 0);
      const spoke = vnet('spoke', { far: { addressPrefix: '10.2.128.0/24' } });
      assert.equal(
        run(rule, [
          aksVnet(),
          vnet('hub', {}),
          spoke,
          serviceIn10dot2(),
          peering('vnet', 'hub'),
          peering('hub', 'spoke'),
        ]).findings.length,
        0,
      );
    });

    it('names every overlapping subnet once, in one finding per service range', () => {
      const { messages } = run(rule, [
        aksVnet({ pe: { addressPrefix: '10.1.4.0/24' } }),
        clusterWith({ serviceCidr: '10.1.0.0/16', dnsServiceIP: '10.1.0.10' }),
      ]);
      assert.deepEqual(messages, [
        "AKS cluster 'aks' has serviceCidr 10.1.0.0/16, which overlaps subnet 'aks' (10.1.0.0/22) of virtual network 'vnet' and subnet 'pe' (10.1.4.0/24) of virtual network 'vnet': the Kubernetes service address range must not overlap any subnet. Set serviceCidr to a range that no subnet of these virtual networks uses, and dnsServiceIP inside it.",
      ]);
    });

    it('reports a known overlap even when another subnet is unknown, and notes the unknown only when silent', () => {
      const unknownPe = { pe: { addressPrefix: unknownOf("parameter 'pe' has no value") } };
      const overlapping = run(rule, [aksVnet(unknownPe), clusterWith({ serviceCidr: '10.1.0.0/16' })]);
      assert.equal(overlapping.findings.length, 1);
      assert.deepEqual(overlapping.notes, []);
      const clear = run(rule, [aksVnet(unknownPe), serviceIn10dot2()]);
      assert.deepEqual(clear.findings, []);
      assert.deepEqual(clear.notes, [
        "whether the service address range of AKS cluster 'aks' overlaps a subnet is not known: parameter 'pe' has no value",
      ]);
    });

    it('notes a peering whose remote network is not known', () => {
      const open = resource(T.peering, ['vnet', 'to-somewhere'], {
        properties: { remoteVirtualNetwork: { id: unknownOf("parameter 'remote' has no value") } },
      });
      const { findings, notes } = run(rule, [aksVnet(), serviceIn10dot2(), open]);
      assert.deepEqual(findings, []);
      assert.ok(
        notes.some((n) => n.includes("whether virtual network peering 'to-somewhere' connects")),
        notes.join('\n'),
      );
    });

    it("assumes AKS's default range for a managed cluster, and nothing for a cluster Azure ML creates", () => {
      const at10 = vnet('vnet', { aks: { addressPrefix: '10.0.0.0/22' } });
      assert.equal(run(rule, [at10, cluster()]).findings[0]?.messageId, 'overlapDefault');
      const amlCreated = compute({
        computeType: 'AKS',
        properties: { aksNetworkingConfiguration: { subnetId: ids.aksSubnet } },
      });
      const aml = run(rule, [at10, amlCreated]);
      assert.deepEqual(aml.findings, []);
      assert.equal(aml.notes.length, 1);
    });

    it('is silent for a cluster whose nodes name no subnet (AKS makes its own VNet)', () => {
      const own = resource(T.managedCluster, ['aks'], { properties: { agentPoolProfiles: [{ name: 'system' }] } });
      assert.deepEqual(run(rule, [vnet('vnet', { aks: { addressPrefix: '10.0.0.0/22' } }), own]), {
        findings: [],
        notes: [],
        messages: [],
      });
    });
  });

  describe('aks-docker-bridge-cidr', () => {
    it('reports a range that overlaps both a subnet and the service range once, naming both', () => {
      const { messages } = run(aksDockerBridgeCidr, [
        aksVnet(),
        clusterWith({ serviceCidr: '10.1.128.0/17', dnsServiceIP: '10.1.128.10', dockerBridgeCidr: '10.1.0.1/16' }),
      ]);
      assert.equal(messages.length, 1);
      assert.match(
        messages[0],
        /overlaps subnet 'aks' \(10\.1\.0\.0\/22\) of virtual network 'vnet' and the service address range 10\.1\.128\.0\/17:/,
      );
    });
  });

  describe('aks-dns-service-ip', () => {
    it('offers no fix for a service range too small for a 10th address', () => {
      const { findings } = run(aksDnsServiceIp, [
        clusterWith({ serviceCidr: '10.2.0.0/29', dnsServiceIP: '10.2.0.1' }),
      ]);
      assert.equal(findings.length, 1);
      assert.deepEqual(findings[0].fixes, []);
    });

    it('takes the 10th address of an IPv6 service range for an IPv6 address outside it', () => {
      const { findings } = run(aksDnsServiceIp, [
        clusterWith({ serviceCidrs: ['10.2.0.0/16', 'fd00:10::/108'], dnsServiceIP: 'fd00:11::a' }),
      ]);
      assert.deepEqual(
        findings.map((f) => [f.messageId, f.fixes[0]?.kind === 'setProperty' ? f.fixes[0].value : undefined]),
        [['outside', 'fd00:10::a']],
      );
    });
  });

  describe('an unknown value never adds a finding', () => {
    const failing: [Rule, Resource[]][] = [
      [
        aksServiceCidrOverlap,
        [
          aksVnet(),
          hub(),
          clusterWith({ serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.1', dockerBridgeCidr: '10.1.0.1/16' }),
          peering('hub', 'vnet'),
        ],
      ],
      [aksServiceCidrOverlap, [vnet('vnet', { aks: { addressPrefix: '10.0.0.0/22' } }), cluster()]],
    ];
    for (const rule of [aksDnsServiceIp, aksDockerBridgeCidr]) failing.push([rule, failing[0][1]]);
    const key = (ruleId: string, s: SourceSpan) => `${ruleId} ${s.file} ${s.start.line}:${s.start.character}`;

    failing.forEach(([rule, base], n) =>
      it(`${rule.meta.id} (${n})`, () => {
        const before = new Set(run(rule, base).findings.map((f) => key(f.ruleId, f.span)));
        assert.ok(before.size > 0, 'the base case fails');
        base.forEach((r, index) => {
          for (const path of paths(r.body)) {
            const mutated: Resource = { ...r, body: replaceAt(r.body, path, unknown('fuzz')) as ObjectValue };
            const after = run(
              rule,
              base.map((x, i) => (i === index ? mutated : x)),
            ).findings;
            for (const f of after)
              assert.ok(before.has(key(f.ruleId, f.span)), `${r.name} ${path.join('.')}: ${f.message}`);
          }
        });
      }),
    );
  });
});
