import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import forge from 'node-forge';
import { expect, it } from 'vitest';
import type { SessionEvent } from '../../src/shared/tunnel-state';
import { execIn } from '../support/netns';
import { LAB_PROGRAMS, startLab, type Lab } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';

// A profile whose client key stays protected in the stored profile (an encrypted PKCS#8 key, or
// a password-protected PKCS#12 bundle) connects to stock OpenVPN 2.6 once the session is given
// the passphrase, and only then.

function block(text: string, tag: string): string {
  const m = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text);
  if (!m?.[1]) throw new Error(`no <${tag}> block in the lab profile`);
  return m[1];
}

function withEncryptedKey(profile: string, passphrase: string): string {
  const key = createPrivateKey(block(profile, 'key')).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase,
  }) as string;
  return profile.replace(/<key>\n[\s\S]*?\n<\/key>/, `<key>\n${key.trim()}\n</key>`);
}

function withPkcs12(profile: string, password: string): string {
  const keyPem = createPrivateKey(block(profile, 'key')).export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(keyPem),
    [forge.pki.certificateFromPem(block(profile, 'cert'))],
    password,
    { algorithm: '3des' },
  );
  const b64 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
  return profile.replace(
    /<cert>\n[\s\S]*?\n<\/cert>\n<key>\n[\s\S]*?\n<\/key>/,
    `<pkcs12>\n${b64.replace(/.{64}/g, '$&\n').trim()}\n</pkcs12>`,
  );
}

async function connectWith(lab: Lab, fixture: string, profile: string, passphrase: string) {
  const file = path.join(lab.dir, `locked-${Math.random().toString(36).slice(2)}.ovpn`);
  writeFileSync(file, profile, { mode: 0o600 });
  const r = await execIn(
    lab.clientNs,
    ['/usr/bin/env', `GANGWAY_KEY_PASSPHRASE=${passphrase}`, process.execPath, fixture, file],
    { check: false, timeoutMs: 60_000 },
  );
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SessionEvent | { type: 'credential-request'; request: unknown });
  return {
    code: r.code,
    requests: lines.flatMap((l) => (l.type === 'credential-request' ? [l.request] : [])),
    states: lines.flatMap((l) => (l.type === 'state' ? [l.state] : [])),
  };
}

describeWith({ root: true, programs: LAB_PROGRAMS }, 'interop: protected client keys', () => {
  it('connects with an encrypted key and with a PKCS#12 bundle, given the passphrase', async () => {
    const lab = await startLab({ prefix: 'gwk' });
    try {
      const fixture = path.join(lab.dir, 'session-fixture.cjs');
      await build({
        entryPoints: [path.join(__dirname, 'interop-session-fixture.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: fixture,
        logLevel: 'warning',
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      });
      const cases = [
        { profile: withEncryptedKey(lab.clientProfile, 'key-pass'), source: 'key' },
        { profile: withPkcs12(lab.clientProfile, 'bundle-pass'), source: 'pkcs12' },
      ] as const;
      for (const { profile, source } of cases) {
        const right = source === 'key' ? 'key-pass' : 'bundle-pass';
        const ok = await connectWith(lab, fixture, profile, right);
        expect(ok.requests).toEqual([{ kind: 'key-passphrase', source }]);
        expect(ok.states.map((s) => s.kind)).toContain('connected');
        expect(ok.code).toBe(0);

        const wrong = await connectWith(lab, fixture, profile, 'not-the-passphrase');
        // The fixture disconnects after connect() settles; the failure is what it settled on.
        expect(wrong.states.find((s) => s.kind === 'failed')).toMatchObject({
          kind: 'failed',
          reason: { code: 'key-locked' },
        });
        expect(wrong.states.map((s) => s.kind)).not.toContain('connecting');
        expect(wrong.code).toBe(1);
      }
    } finally {
      await lab.stop();
    }
  });
});
