import { describe, expect, it } from 'vitest';
import { parsePushedOptions } from '../../../../src/core/openvpn/push/parse-pushed-options';

/**
 * Issue 12: a hostile server's PUSH_REPLY (1 MiB of options here, more than any real one) must
 * be handled in well under 2 s, and never overflow the stack.
 */

const LIMIT_MS = 2000;
const MIB = 1024 * 1024;

function optionsFilling(bytes: number, option: (i: number) => string): string[] {
  const options: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const line = option(i);
    options.push(line);
    size += line.length + 1;
  }
  return options;
}

describe('pushed dns options', () => {
  it('1 MiB of "dns server N" options, each a new priority, is linear work', () => {
    const options = optionsFilling(MIB, (i) => `dns server ${i} address 10.8.0.1`);
    const start = performance.now();
    const config = parsePushedOptions(options);
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    // Pulled priorities are 0..127, as in OpenVPN (dns.c dns_server_priority_parse).
    expect(config.dns.servers.map((s) => s.priority)).toEqual(
      Array.from({ length: 128 }, (_, i) => i),
    );
    expect(config.warnings).toHaveLength(options.length - 128);
    expect(config.warnings[0]).toBe(
      'ignored malformed pushed option "dns server 128 address 10.8.0.1"',
    );
  });

  it('keeps servers ordered by priority whatever order they arrive in', () => {
    const config = parsePushedOptions([
      'dns server 7 address 10.8.0.7',
      'dns server 0 address 10.8.0.1',
      'dns server 3 address 10.8.0.3',
      'dns server 7 sni seven.example',
      'dns server -1 address 10.8.0.9',
    ]);
    expect(config.dns.servers.map((s) => [s.priority, s.addresses, s.sni])).toEqual([
      [0, [{ address: '10.8.0.1' }], undefined],
      [3, [{ address: '10.8.0.3' }], undefined],
      [7, [{ address: '10.8.0.7' }], 'seven.example'],
    ]);
    expect(config.warnings).toEqual([
      'ignored malformed pushed option "dns server -1 address 10.8.0.9"',
    ]);
  });

  it('an option with 160 000 words keeps the first 16, as OpenVPN does', () => {
    // One argument per word overflowed push(...) from about 150 000 words on.
    const domains = Array.from({ length: 160_000 }, () => 'd');
    const start = performance.now();
    const config = parsePushedOptions([
      `dns search-domains ${domains.join(' ')}`,
      `dns server 1 resolve-domains ${domains.join(' ')}`,
      'dns server 1 address 10.8.0.1',
    ]);
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    expect(config.dns.searchDomains).toEqual(domains.slice(0, 14));
    expect(config.dns.servers[0]?.resolveDomains).toEqual(domains.slice(0, 12));
    expect(config.warnings).toEqual([
      'pushed option "dns …" has 160002 words; only the first 16 are used',
      'pushed option "dns …" has 160004 words; only the first 16 are used',
    ]);
  });
});
