import * as assert from 'node:assert/strict';
import type { Cidr } from '../../../server/src/graph/cidr';
import {
  contains,
  formatAddress,
  formatCidr,
  lastAddress,
  netmask,
  nthAddress,
  overlaps,
  parseAddress,
  parseCidr,
  parseCidrs,
  rangeSize,
  subnet,
} from '../../../server/src/graph/cidr';

const c = (text: string): Cidr => {
  const parsed = parseCidr(text);
  assert.ok(parsed, `${text} parses`);
  return parsed;
};
const addr = (x: ReturnType<typeof nthAddress>) => (x ? formatAddress(x) : undefined);

describe('graph/cidr: IPv4 and IPv6 ranges', () => {
  it('parses ranges of both families, keeping the written address and the network', () => {
    assert.deepEqual(c('10.1.2.3/16'), { family: 4, address: 0x0a010203n, network: 0x0a010000n, bits: 16 });
    assert.equal(formatCidr(c('10.1.2.3/16')), '10.1.0.0/16');
    assert.equal(formatCidr(c('FD00:DB8:0:0:1::5/64')), 'fd00:db8::/64');
    assert.equal(formatCidr(c('::/0')), '::/0');
    assert.equal(formatCidr(c('0.0.0.0/0')), '0.0.0.0/0');
  });

  it('reads only the forms Azure and Terraform accept', () => {
    for (const bad of [
      '10.0.0.0',
      '10.0.0.0/33',
      '010.0.0.0/8',
      '10.0.0/8',
      '0x0a.0.0.0/8',
      '256.0.0.0/8',
      'fe80::1%eth0/64',
      'fd00::/129',
      'VirtualNetwork',
      '*',
      '',
      '10.0.0.0/-1',
    ])
      assert.equal(parseCidr(bad), undefined, bad);
    assert.equal(parseAddress('10.0.0.01'), undefined);
    assert.equal(parseAddress('1.2.3'), undefined);
    assert.equal(addr(parseAddress('2001:db8::1')), '2001:db8::1');
  });

  it('counts addresses from the network address or from the end', () => {
    const r = c('10.0.0.0/24');
    assert.equal(rangeSize(r), 256n);
    assert.deepEqual(
      [0, 1, 10, -1, -2, 256].map((n) => addr(nthAddress(r, n))),
      ['10.0.0.0', '10.0.0.1', '10.0.0.10', '10.0.0.255', '10.0.0.254', undefined],
    );
    assert.equal(addr(lastAddress(c('fd00::/120'))), 'fd00::ff');
    assert.equal(addr(nthAddress(c('fd00::/108'), 10)), 'fd00::a');
    assert.equal(addr(netmask(c('172.16.0.0/12'))), '255.240.0.0');
    assert.equal(addr(netmask(c('fd00::/48'))), 'ffff:ffff:ffff::');
  });

  it('decides containment and overlap, never across families', () => {
    assert.ok(contains(c('10.0.0.0/16'), c('10.0.4.0/24')));
    assert.ok(!contains(c('10.0.4.0/24'), c('10.0.0.0/16')));
    assert.ok(contains(c('10.0.0.0/16'), parseAddress('10.0.255.255')!));
    assert.ok(!contains(c('10.0.0.0/16'), parseAddress('10.1.0.0')!));
    assert.ok(overlaps(c('10.0.0.0/16'), c('10.0.128.0/17')));
    assert.ok(overlaps(c('10.0.128.0/17'), c('10.0.0.0/16')));
    assert.ok(!overlaps(c('10.0.0.0/17'), c('10.0.128.0/17')));
    assert.ok(overlaps(c('fd00::/8'), c('fd12:3456::/32')));
    assert.ok(!overlaps(c('0.0.0.0/0'), c('::/0')));
    assert.ok(!contains(c('::/0'), parseAddress('10.0.0.1')!));
  });

  it('splits ranges (cidrsubnet) in both families', () => {
    assert.equal(formatCidr(subnet(c('10.1.0.0/16'), 4, 15)!), '10.1.240.0/20');
    assert.equal(subnet(c('10.1.0.0/16'), 4, 16), undefined);
    assert.equal(subnet(c('10.0.0.0/30'), 8, 0), undefined);
    assert.equal(formatCidr(subnet(c('fd00:db8::/32'), 32, 0xffff_ffffn)!), 'fd00:db8:ffff:ffff::/64');
  });

  it('reads dual-stack lists only when every entry is a range', () => {
    assert.deepEqual(
      parseCidrs(['10.0.0.0/16', 'fd00::/108'])?.map((x) => x.family),
      [4, 6],
    );
    assert.equal(parseCidrs(['10.0.0.0/16', 'x']), undefined);
  });
});
