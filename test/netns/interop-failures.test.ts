import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { FailureCode } from '../../src/shared/tunnel-state';
import { makeCa } from '../support/pki';
import { LAB_PROGRAMS, startLab, type Lab, type LabOptions } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';
import { buildCli, startClient, systemSnapshot } from './interop-support';

// Each failure must end in `failed` with its specific reason, exit status 1, and leave the
// client namespace exactly as it was (no tun device, routes or DNS changes).

interface FailureCase {
  name: string;
  lab: LabOptions;
  /** Rewrites the profile before connecting. */
  profile?: (text: string) => string;
  authFile?: string;
  code: FailureCode;
  message: RegExp;
}

const otherCaPem = (): string => makeCa('Gangway Impostor CA', { keyBits: 1024 }).certPem;

const cases: FailureCase[] = [
  {
    name: 'server certificate from another CA',
    lab: {},
    profile: (t) => t.replace(/<ca>[\s\S]*?<\/ca>/, `<ca>\n${otherCaPem().trim()}\n</ca>`),
    code: 'server-cert-untrusted',
    message: /not signed by the profile's CA/,
  },
  {
    name: 'server certificate without serverAuth EKU',
    lab: { serverCert: 'no-server-eku' },
    code: 'server-cert-usage',
    message: /no TLS Web Server Authentication EKU/,
  },
  {
    name: 'verify-x509-name mismatch',
    lab: { extraProfile: ['verify-x509-name vpn.example.com name'] },
    code: 'server-cert-name',
    message: /does not match verify-x509-name/,
  },
  {
    name: 'wrong password',
    lab: { credentials: { username: 'alice', password: 'correct horse' } },
    authFile: 'alice\nwrong staple\n',
    code: 'auth-failed',
    message: /authentication failed \(server said/,
  },
  {
    name: 'expired client certificate',
    lab: { clientCert: 'expired' },
    code: 'client-cert-expired',
    message: /expired/,
  },
  {
    name: 'expired client certificate, TLS 1.2 (the server goes silent mid-handshake)',
    lab: { clientCert: 'expired', extraProfile: ['tls-version-max 1.2'] },
    code: 'client-cert-expired',
    message: /expired/,
  },
  {
    name: 'no cipher in common',
    lab: { dataCiphers: ['AES-256-CBC'], extraProfile: ['data-ciphers AES-128-GCM'] },
    code: 'no-common-cipher',
    message: /cipher/,
  },
];

describeWith(
  { root: true, programs: LAB_PROGRAMS },
  'interop failures against stock openvpn 2.6',
  () => {
    beforeAll(buildCli, 120_000);

    for (const c of cases) {
      it(`${c.name} → ${c.code}`, async () => {
        const lab: Lab = await startLab({ prefix: 'gws', ...c.lab });
        try {
          const before = await systemSnapshot(lab);
          let profilePath = lab.clientProfilePath;
          if (c.profile) {
            profilePath = path.join(lab.dir, 'modified.ovpn');
            writeFileSync(profilePath, c.profile(lab.clientProfile), { mode: 0o600 });
          }
          const extra: string[] = [];
          if (c.authFile) {
            const file = path.join(lab.dir, 'wrong-credentials');
            writeFileSync(file, c.authFile, { mode: 0o600 });
            extra.push('--auth-file', file);
          }
          const client = startClient(lab, extra, profilePath);
          const state = await client.waitFor('failed', 40_000);
          if (state.kind !== 'failed') throw new Error('unreachable');
          expect(state.reason.code).toBe(c.code);
          expect(state.reason.message).toMatch(c.message);
          expect(await client.exited).toBe(1);
          expect(client.states.some((s) => s.kind === 'connected')).toBe(false);
          expect(await systemSnapshot(lab)).toEqual(before);
        } finally {
          await lab.stop();
        }
      });
    }

    it('a helper that dies while connected ends the session with helper-failed', async () => {
      const lab: Lab = await startLab({ prefix: 'gws' });
      try {
        const before = await systemSnapshot(lab);
        const client = startClient(lab);
        await client.waitFor('connected');
        const pid = client.process.pid as number;
        // The engine also runs `ip monitor` (network-change detection): pick the helper by name.
        const helpers = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(
            (child) => readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'gangway-helper',
          );
        expect(helpers).toHaveLength(1);
        process.kill(Number(helpers[0]), 'SIGTERM'); // it restores the system, then exits 143
        const state = await client.waitFor('failed', 10_000);
        if (state.kind !== 'failed') throw new Error('unreachable');
        expect(state.reason.code).toBe('helper-failed');
        expect(state.reason.message).toMatch(/the TUN helper stopped unexpectedly \(exit 143\)/);
        expect(await client.exited).toBe(1);
        expect(await systemSnapshot(lab)).toEqual(before);
      } finally {
        await lab.stop();
      }
    });
  },
);
