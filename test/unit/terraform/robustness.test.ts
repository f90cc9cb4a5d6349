import * as assert from 'node:assert/strict';
import { load, ready } from './helpers';

/** A generated configuration of about 5,000 lines: subnets, and private endpoints referring to them. */
function bigConfiguration(): { text: string; lines: number; blocks: number } {
  const parts = ['variable "prefix" { default = "ml" }\nlocals { rg = "rg-${var.prefix}" }\n'];
  let blocks = 0;
  while (parts.join('').split('\n').length < 5000) {
    const i = blocks++;
    parts.push(`resource "azurerm_subnet" "s${i}" {
  name                 = "snet-${i}"
  resource_group_name  = local.rg
  virtual_network_name = "vnet"
  address_prefixes     = [cidrsubnet("10.0.0.0/8", 16, ${i})]
}
resource "azurerm_private_endpoint" "pe${i}" {
  name                = format("pe-%s-%d", var.prefix, ${i})
  location            = "westeurope"
  resource_group_name = local.rg
  subnet_id           = azurerm_subnet.s${i}.id
  private_service_connection {
    name                           = "c"
    private_connection_resource_id = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/st${i}"
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
  private_dns_zone_group {
    name                 = "g"
    private_dns_zone_ids = ["/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateDnsZones/z"]
  }
}
`);
  }
  const text = parts.join('');
  return { text, lines: text.split('\n').length, blocks };
}

describe('terraform robustness', () => {
  before(ready);

  it('loads a 5,000-line configuration completely', () => {
    const { text, lines, blocks } = bigConfiguration();
    assert.ok(lines >= 5000);
    const result = load({ 'main.tf': text });
    assert.deepEqual(result.problems, []);
    // Each block pair gives a subnet, an endpoint and its DNS zone group.
    assert.equal(result.resources.length, blocks * 3);
  });

  it('turns garbage, binary text and unbalanced input into problems, not exceptions', () => {
    for (const text of [
      '\u0000\u0001\uffff{{{',
      '}}}}',
      'resource "a" {',
      '"unterminated',
      'x = ${',
      '<<EOT\nno end',
    ]) {
      const result = load({ 'main.tf': text });
      assert.ok(
        result.problems.every((p) => p.code === 'parse-error'),
        text,
      );
      assert.ok(result.problems.length > 0, `no problem for ${JSON.stringify(text)}`);
    }
  });

  it('follows long chains of references, and gives up on absurd ones without overflowing', () => {
    const chain = (n: number) => `locals {
  l0 = "zone"
${Array.from({ length: n }, (_, i) => `  l${i + 1} = local.l${i}`).join('\n')}
}
resource "azurerm_private_dns_zone" "z" {
  name                = local.l${n}
  resource_group_name = "rg"
}`;
    const fine = load({ 'main.tf': chain(100) });
    assert.equal(fine.resources[0].name, 'zone');
    const absurd = load({ 'main.tf': chain(5000) });
    assert.deepEqual(absurd.problems, []);
    assert.equal(absurd.resources[0].idKnown, false);
  });

  it('limits count expansion', () => {
    const result = load({
      'main.tf': `resource "azurerm_private_dns_zone" "z" {
  count               = 100000
  name                = "z\${count.index}"
  resource_group_name = "rg"
}`,
    });
    assert.equal(result.resources.length, 1000);
  });

  it('limits the number of module instances a fan-out creates', () => {
    const fanOut = (next: string) => `variable "n" { default = 0 }
module "m" {
  count  = 40
  source = "${next}"
  n      = var.n * 40 + count.index
}
`;
    const result = load({
      'main.tf': fanOut('./a'),
      'a/main.tf': fanOut('./b'),
      'a/b/main.tf': fanOut('./c'),
      'a/b/c/main.tf':
        'variable "n" {}\nresource "azurerm_private_dns_zone" "z" {\n  name = "z${var.n}"\n  resource_group_name = "rg"\n}\n',
    });
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.message, p.span.file]),
      [
        [
          'instantiation-limit',
          'this deployment has more than 250 nested deployments and module instances: the rest are not analysed',
          '/ws/a/main.tf',
        ],
      ],
    );
    // 1 + 40 + 40×40 instances would be needed before the first resource: the limit stops at the second level.
    assert.equal(result.resources.length, 0);
  });
});
