import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  encodeControl,
  encodePacketBatches,
} from '../../../src/core/platform/linux/helper-frames';
import { runHelperProcess } from '../../support/helper-process';

// Runs the built helper with requests it must refuse. Validation happens before anything is
// touched, so this needs neither root nor a namespace; when run as root it also checks that
// no interface appeared.

const root = path.resolve(__dirname, '../../..');
const helper = path.join(root, 'helper/build/gangway-helper');

beforeAll(() => {
  const r = spawnSync('make', ['-s', '-C', path.join(root, 'helper')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make -C helper failed: ${r.stderr}`);
});

const runHelper = (input: Buffer) => runHelperProcess([helper], input);

function links(): string {
  if (process.getuid?.() !== 0 || !existsSync('/usr/sbin/ip')) return '';
  return spawnSync('/usr/sbin/ip', ['-o', 'link'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.split(':')[1]?.trim())
    .join(',');
}

const open = (extra: Record<string, unknown>): Buffer =>
  encodeControl({ type: 'open', mtu: 1500, routes: [], ...extra });

function rawFrame(type: number, body: Buffer, declaredLength = body.length + 1): Buffer {
  const h = Buffer.alloc(5);
  h.writeUInt32BE(declaredLength, 0);
  h[4] = type;
  return Buffer.concat([h, body]);
}

const manyRoutes = Array.from({ length: 257 }, (_, i) => ({
  destination: `10.${i >> 8}.${i & 255}.0/24`,
}));

const badName = (name: string): string =>
  `invalid interface name: ${name} (only gangway%d or gangway and a number)`;
const redirect = (serverAddresses: string[]) => ({
  redirectGateway: { ipv4: true, ipv6: false, serverAddresses },
});
const dns = (servers: string[]) => ({ dns: { servers, domains: [], searchDomains: [] } });

const cases: Array<[string, Buffer, string]> = [
  ['a bad interface name', open({ name: 'bad name!' }), badName('bad name!')],
  ['a too long interface name', open({ name: 'a'.repeat(16) }), badName('a'.repeat(16))],
  ['an interface name with an option', open({ name: '-x' }), badName('-x')],
  // Names outside Gangway's own namespace could pass for another interface in firewall rules.
  ['a WireGuard name', open({ name: 'wg0' }), badName('wg0')],
  ['a VLAN name', open({ name: 'eth0.100' }), badName('eth0.100')],
  ['a name with a prefix of ours', open({ name: 'gangway0x' }), badName('gangway0x')],
  ['a name with too many digits', open({ name: 'gangway123456789' }), badName('gangway123456789')],
  ['another pattern', open({ name: 'tun%d' }), badName('tun%d')],
  [
    'a default route (redirect-gateway adds the halves instead)',
    open({ routes: [{ destination: '0.0.0.0/0', metric: 0 }] }),
    'route destination not allowed: 0.0.0.0/0 (no default route, loopback, link-local or multicast)',
  ],
  [
    'an IPv6 default route',
    open({ routes: [{ destination: '::/0' }] }),
    'route destination not allowed: ::/0 (no default route, loopback, link-local or multicast)',
  ],
  [
    'a route to loopback',
    open({ routes: [{ destination: '127.0.0.0/24' }] }),
    'route destination not allowed: 127.0.0.0/24 (no default route, loopback, link-local or multicast)',
  ],
  [
    'a route to multicast',
    open({ routes: [{ destination: '239.1.0.0/16' }] }),
    'route destination not allowed: 239.1.0.0/16 (no default route, loopback, link-local or multicast)',
  ],
  [
    'a route to IPv6 link-local',
    open({ routes: [{ destination: 'fe80::/64' }] }),
    'route destination not allowed: fe80::/64 (no default route, loopback, link-local or multicast)',
  ],
  [
    'a route via a loopback gateway',
    open({ routes: [{ destination: '10.0.0.0/8', gateway: '127.0.0.1' }] }),
    'invalid route gateway for 10.0.0.0/8: 127.0.0.1',
  ],
  [
    'an on-link /1 address',
    open({ ipv4: { address: '10.8.0.2', prefixLength: 1 } }),
    'ipv4.prefixLength must be an integer from 8 to 32',
  ],
  [
    'an IPv6 address with a /16',
    open({ ipv6: { address: 'fd00::2', prefixLength: 16 }, mtu: 1500 }),
    'ipv6.prefixLength must be an integer from 32 to 128',
  ],
  [
    'a loopback address',
    open({ ipv4: { address: '127.0.0.2', prefixLength: 24 } }),
    'invalid ipv4 address: 127.0.0.2',
  ],
  ['a loopback DNS server', open(dns(['127.0.0.1'])), 'invalid address in dns.servers: 127.0.0.1'],
  ['a multicast DNS server', open(dns(['ff02::fb'])), 'invalid address in dns.servers: ff02::fb'],
  [
    'host routes to two servers',
    open(redirect(['203.0.113.10', '198.51.100.10'])),
    'too many entries in redirectGateway.serverAddresses (at most 1)',
  ],
  [
    'a host route to the unspecified address',
    open(redirect(['0.0.0.0'])),
    'invalid address in redirectGateway.serverAddresses: 0.0.0.0',
  ],
  [
    'a host route to an IPv4-mapped loopback',
    open(redirect(['::ffff:127.0.0.1'])),
    'invalid address in redirectGateway.serverAddresses: ::ffff:127.0.0.1',
  ],
  ['a stop request with a field', encodeControl({ type: 'stop', now: true }), 'unknown field now'],
  [
    'a bad route CIDR',
    open({ routes: [{ destination: '10.0.0.0/33' }] }),
    'invalid route destination: 10.0.0.0/33',
  ],
  [
    'a route that is not an address',
    open({ routes: [{ destination: 'dev eth0/8' }] }),
    'invalid route destination: dev eth0/8',
  ],
  [
    'a gateway of the wrong family',
    open({ routes: [{ destination: '10.0.0.0/8', gateway: 'fd00::1' }] }),
    'invalid route gateway for 10.0.0.0/8: fd00::1',
  ],
  ['too many routes', open({ routes: manyRoutes }), 'too many routes (at most 256)'],
  [
    'too many DNS servers',
    open({ dns: { servers: Array(9).fill('10.0.0.53'), domains: [], searchDomains: [] } }),
    'too many entries in dns.servers (at most 8)',
  ],
  [
    'a domain with shell characters',
    open({ dns: { servers: ['10.0.0.53'], domains: ['evil;reboot'], searchDomains: [] } }),
    'invalid domain in dns.domains: evil;reboot',
  ],
  [
    'a bad IPv4 address',
    open({ ipv4: { address: '10.8.0.256', prefixLength: 24 } }),
    'invalid ipv4 address: 10.8.0.256',
  ],
  [
    'a prefix out of range',
    open({ ipv4: { address: '10.8.0.2', prefixLength: 33 } }),
    'ipv4.prefixLength must be an integer from 8 to 32',
  ],
  ['an MTU out of range', open({ mtu: 70000 }), 'mtu must be an integer from 576 to 9000'],
  ['an unknown field', open({ script: '/bin/sh' }), 'unknown field script'],
  [
    'redirect-gateway without server addresses',
    open(redirect([])),
    'redirectGateway needs serverAddresses: the one server address the session connects to',
  ],
  ['garbage JSON', rawFrame(1, Buffer.from('{not json')), 'malformed request: expected a JSON member name'],
  ['a JSON array', rawFrame(1, Buffer.from('[1,2]')), 'malformed request: not a JSON object'],
  ['an unknown request', encodeControl({ type: 'exec' }), 'unknown request type: exec'],
  [
    'a create request with a bad name',
    encodeControl({ type: 'create', name: 'x;y' }),
    badName('x;y'),
  ],
  [
    'a create request with an unknown field',
    encodeControl({ type: 'create', mtu: 1500 }),
    'unknown field mtu',
  ],
  ['an oversize frame', rawFrame(1, Buffer.alloc(16), 70_000), 'frame too large'],
  [
    'packets before open',
    Buffer.concat(encodePacketBatches([Buffer.from([0x45, 0, 0, 20])], 1500)),
    'expected an open request',
  ],
];

describe('gangway-helper request validation', () => {
  for (const [what, input, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = links();
      const { code, replies } = await runHelper(input);
      expect(replies).toEqual([{ error: message }]);
      expect(code).toBe(2);
      expect(links()).toBe(before);
    });
  }

  it('exits quietly when stdin closes before a request', async () => {
    const { code, replies } = await runHelper(Buffer.alloc(0));
    expect(replies).toEqual([]);
    expect(code).toBe(0);
  });

  it('exits quietly on a stop request before open', async () => {
    const { code, replies } = await runHelper(encodeControl({ type: 'stop' }));
    expect(replies).toEqual([]);
    expect(code).toBe(0);
  });

  it('exits with 128 + the signal number on a signal before open, as after it', async () => {
    const child = spawn(helper, [], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Once SIGTERM is blocked, harden() has run and the signal goes to the helper's signalfd.
    const blocked = (): boolean => {
      const m = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8').match(/SigBlk:\s*(\w+)/);
      return m !== null && (BigInt(`0x${m[1]}`) & (1n << 14n)) !== 0n;
    };
    for (let i = 0; i < 200 && !blocked(); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    expect(await exited).toBe(128 + 15);
  });
});
