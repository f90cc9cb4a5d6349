import { T } from '../../../server/src/graph/types';
import { byType, load, template } from './helpers';

/**
 * Loads a generated 5 MB template three times and prints the best CPU time in milliseconds. Run
 * in a process of its own by the robustness test, so the heap of other tests does not count.
 */
function bigTemplate(): string {
  const resources = [];
  for (let i = 0; i < 4400; i++) {
    resources.push({
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-04-01',
      name: `[concat(parameters('prefix'), '-vnet-${i}')]`,
      location: '[resourceGroup().location]',
      tags: { owner: "[parameters('owner')]", index: i, description: 'x'.repeat(300) },
      properties: {
        addressSpace: { addressPrefixes: [`[cidrSubnet('10.0.0.0/8', 24, ${i})]`] },
        subnets: [
          { name: 'aks', properties: { addressPrefix: `[cidrSubnet(cidrSubnet('10.0.0.0/8', 24, ${i}), 26, 0)]` } },
          { name: 'pe', properties: { addressPrefix: `[cidrSubnet(cidrSubnet('10.0.0.0/8', 24, ${i}), 26, 1)]` } },
        ],
      },
    });
  }
  return template({
    parameters: { prefix: { type: 'string', defaultValue: 'big' }, owner: { type: 'string', defaultValue: 'me' } },
    resources,
  });
}

const text = bigTemplate();
let best = Infinity;
let count = 0;
for (let run = 0; run < 3; run++) {
  const started = process.cpuUsage();
  const r = load({ 'main.json': text });
  const used = process.cpuUsage(started);
  best = Math.min(best, (used.user + used.system) / 1000);
  count = byType(r, T.virtualNetwork).length;
}
process.stdout.write(JSON.stringify({ bytes: text.length, resources: count, ms: best }));
