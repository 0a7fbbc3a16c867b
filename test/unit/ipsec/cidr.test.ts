import { describe, expect, it } from 'vitest';
import {
  anyOverlap,
  cidrContains,
  cidrOverlaps,
  formatCidr,
  isDefaultRoute,
  normalizeCidr,
  parseCidr,
  tryParseCidr,
} from '../../../src/core/ipsec/cidr';

describe('CIDR parsing', () => {
  it.each([
    ['10.0.0.0/16', '10.0.0.0/16'],
    ['10.0.1.7/24', '10.0.1.0/24'],
    ['192.0.2.1', '192.0.2.1/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0:1::1/64', '2001:db8::/64'],
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['fe80::1:2/10', 'fe80::/10'],
    ['::ffff:192.0.2.1/128', '::ffff:c000:201/128'],
    ['2001:db8:0:1:0:0:0:1/128', '2001:db8:0:1::1/128'],
    ['1:0:0:2:0:0:0:3/128', '1:0:0:2::3/128'],
  ])('%s -> %s', (input, canonical) => {
    expect(normalizeCidr(input)).toBe(canonical);
  });

  it.each([
    '',
    '10.0.0.0/33',
    '256.0.0.0/8',
    '10.0.0/8',
    '01.2.3.4/32',
    '1::2::3/64',
    '2001:db8::/129',
    'x',
    '10.0.0.0/',
    '1:2:3:4:5:6:7:8:9/64',
    '::ffff:1.2.3/96',
  ])('rejects %j', (input) => {
    expect(tryParseCidr(input)).toBeUndefined();
    expect(() => parseCidr(input)).toThrow(/not a CIDR block/);
  });

  it('formats a parsed block back', () => {
    expect(formatCidr(parseCidr('172.16.5.0/24'))).toBe('172.16.5.0/24');
    expect(formatCidr(parseCidr('2001:db8:1::/48'))).toBe('2001:db8:1::/48');
  });
});

describe('containment and overlap', () => {
  it('IPv4 containment', () => {
    expect(cidrContains('10.0.0.0/8', '10.1.2.0/24')).toBe(true);
    expect(cidrContains('10.1.2.0/24', '10.0.0.0/8')).toBe(false);
    expect(cidrContains('10.0.0.0/16', '10.0.0.0/16')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '203.0.113.9/32')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
  });

  it('IPv4 overlap is symmetric and exact at the edges', () => {
    expect(cidrOverlaps('10.0.0.0/24', '10.0.0.255/32')).toBe(true);
    expect(cidrOverlaps('10.0.0.255/32', '10.0.0.0/24')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/24', '10.0.1.0/32')).toBe(false);
    expect(cidrOverlaps('10.0.0.0/23', '10.0.1.0/24')).toBe(true);
    expect(cidrOverlaps('172.16.1.0/24', '172.16.2.0/24')).toBe(false);
  });

  it('IPv6 containment and overlap', () => {
    expect(cidrContains('2001:db8::/32', '2001:db8:ffff::/48')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::/48')).toBe(false);
    expect(cidrOverlaps('2001:db8::/127', '2001:db8::1/128')).toBe(true);
    expect(cidrOverlaps('2001:db8::/128', '2001:db8::1/128')).toBe(false);
    expect(cidrContains('::/0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128')).toBe(true);
  });

  it('never mixes families', () => {
    expect(cidrOverlaps('0.0.0.0/0', '::/0')).toBe(false);
    expect(cidrContains('::/0', '10.0.0.0/8')).toBe(false);
    expect(cidrOverlaps('::ffff:10.0.0.0/104', '10.0.0.0/8')).toBe(false);
  });

  it('lists overlap when any pair does', () => {
    expect(anyOverlap(['10.0.0.0/16', '192.0.2.0/24'], ['192.0.2.128/25'])).toBe(true);
    expect(anyOverlap(['10.0.0.0/16'], ['10.1.0.0/16', '2001:db8::/32'])).toBe(false);
    expect(anyOverlap([], ['10.0.0.0/8'])).toBe(false);
  });

  it('recognizes the all-addresses placeholder', () => {
    expect(isDefaultRoute('0.0.0.0/0')).toBe(true);
    expect(isDefaultRoute('::/0')).toBe(true);
    expect(isDefaultRoute('10.0.0.0/8')).toBe(false);
  });
});
