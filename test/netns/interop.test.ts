import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { LAB_PROGRAMS, startLab, type Lab, type LabOptions } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';
import {
  buildCli,
  sha256,
  startClient,
  startTransferServer,
  systemSnapshot,
  transfer,
  transferBytes,
} from './interop-support';

// Our client (the CLI, through the real TUN helper) against the STOCK openvpn 2.6 server:
// each case brings the tunnel up, pings through it, moves 10 MB each way checked by SHA-256,
// disconnects with SIGINT and checks the namespace is exactly as before.

const MB10 = 10 * 1024 * 1024;
const expected = sha256(transferBytes(MB10));

interface Case {
  name: string;
  lab: LabOptions;
  /** Also check IPv6 in the tunnel. */
  ipv6?: boolean;
  cipher?: string;
  upload?: boolean;
  /** Stop the CLI with SIGTERM instead of SIGINT. */
  sigterm?: boolean;
  /** redirect-gateway: expect 0/1 and 128/1 through the tunnel. */
  redirect?: boolean;
}

const cases: Case[] = [
  {
    name: 'udp, tls-crypt, AES-256-GCM',
    lab: { proto: 'udp', tlsWrap: 'tls-crypt' },
    cipher: 'AES-256-GCM',
    upload: true,
  },
  {
    name: 'tcp, tls-auth SHA256, net30, username/password',
    lab: {
      proto: 'tcp',
      tlsWrap: 'tls-auth',
      auth: 'SHA256',
      topology: 'net30',
      credentials: { username: 'alice', password: 'correct horse' },
    },
    upload: true,
    sigterm: true,
  },
  {
    name: 'udp, tls-crypt-v2, CHACHA20-POLY1305, IPv6 in the tunnel, lz4-v2 pushed',
    lab: {
      proto: 'udp',
      tlsWrap: 'tls-crypt-v2',
      dataCiphers: ['CHACHA20-POLY1305'],
      ipv6: true,
      compression: 'lz4-v2',
    },
    ipv6: true,
    cipher: 'CHACHA20-POLY1305',
  },
  {
    name: 'Tencent style: AES-128-CBC/SHA1 + comp-lzo, no data-ciphers in the profile',
    lab: {
      proto: 'udp',
      tlsWrap: 'none',
      dataCiphers: ['AES-128-CBC'],
      dataCiphersFallback: 'AES-128-CBC',
      compression: 'comp-lzo',
      extraProfile: ['cipher AES-128-CBC', 'comp-lzo'],
    },
    cipher: 'AES-128-CBC',
  },
  {
    name: 'udp over an IPv6 underlay, 2.6 `dns` option, redirect-gateway def1, TLS 1.2',
    lab: {
      proto: 'udp',
      ipv6Underlay: true,
      dns: 'dns',
      redirectGateway: true,
      extraProfile: ['tls-version-max 1.2'],
    },
    redirect: true,
  },
  {
    name: 'udp, compress lz4 pushed, AES-128-GCM, topology subnet',
    lab: { proto: 'udp', compression: 'lz4', dataCiphers: ['AES-128-GCM'] },
    cipher: 'AES-128-GCM',
  },
];

describeWith({ root: true, programs: LAB_PROGRAMS }, 'interop with stock openvpn 2.6', () => {
  beforeAll(buildCli, 120_000);

  for (const c of cases) {
    it(c.name, async () => {
      const lab: Lab = await startLab({ prefix: 'gws', ...c.lab });
      try {
        const before = await systemSnapshot(lab);
        await startTransferServer(lab, lab.addresses.privateHost, MB10);
        const t0 = Date.now();
        const client = startClient(lab);
        const state = await client.waitFor('connected');
        const handshakeMs = Date.now() - t0;
        if (state.kind !== 'connected') throw new Error('unreachable');
        if (c.cipher) expect(state.tunnel.cipher).toBe(c.cipher);
        const during = await systemSnapshot(lab);
        expect(during.resolv).toContain(lab.addresses.dnsServer);
        expect(during.routes).toContain('10.99.0.0/24');
        if (c.redirect) {
          expect(during.routes).toMatch(/^0\.0\.0\.0\/1 .*gangway/m);
          expect(during.routes).toMatch(/^128\.0\.0\.0\/1 .*gangway/m);
        }

        // Real ICMP echo (ping -c 3 -W 2): the server's tunnel address and the private network.
        expect(await lab.icmpPing(lab.addresses.serverTunnel)).toHaveLength(3);
        expect(await lab.icmpPing(lab.addresses.privateHost)).toHaveLength(3);
        if (c.ipv6) expect(await lab.icmpPing(lab.addresses.privateHost6)).toHaveLength(3);

        const down = await transfer(lab, lab.addresses.privateHost, MB10, 'D');
        expect(down.bytes).toBe(MB10);
        expect(down.hash).toBe(expected);
        let upMs = 0;
        if (c.upload) {
          const up = await transfer(lab, lab.addresses.privateHost, MB10, 'U');
          expect(up.hash).toBe(expected);
          upMs = up.ms;
        }
        console.log(
          `${c.name}: connected in ${handshakeMs} ms; 10 MB down ${((MB10 * 8) / down.ms / 1000).toFixed(0)} Mbit/s` +
            (upMs ? `, up ${((MB10 * 8) / upMs / 1000).toFixed(0)} Mbit/s` : ''),
        );

        expect(await client.stop(c.sigterm ? 'SIGTERM' : 'SIGINT')).toBe(0);
        expect(client.states.at(-1)?.kind).toBe('disconnected');
        // explicit exit: the control-channel EXIT (cc-exit is pushed by every 2.6 server)
        expect(readFileSync(lab.serverLog, 'utf8')).toMatch(/CC-EEN exit message received/);
        expect(await systemSnapshot(lab)).toEqual(before);
      } finally {
        await lab.stop();
      }
    });
  }
});
