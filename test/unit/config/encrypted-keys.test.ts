import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importProfileFromText, summarizeProfile } from '../../../src/core/config';
import { unlockProfile } from '../../../src/core/config/unlock-key';
import { createSession } from '../../../src/core/openvpn/session';
import { FakeTunProvider } from '../../../src/core/platform/fake-tun';
import type { CredentialRequest, TunnelState } from '../../../src/shared/tunnel-state';
import { pkcs12 } from '../../support/pki';
import { inlineBlock, makePki, tencentConfigBody } from '../../support/profiles';

const pki = makePki('Locked Keys');
const pkcs8Encrypted = createPrivateKey(pki.client.keyPem).export({
  type: 'pkcs8',
  format: 'pem',
  cipher: 'aes-256-cbc',
  passphrase: 'key-pass',
}) as string;
const traditionalEncrypted = createPrivateKey(pki.client.keyPem).export({
  type: 'pkcs1',
  format: 'pem',
  cipher: 'aes-128-cbc',
  passphrase: 'key-pass',
}) as string;

const withKey = (keyPem: string) =>
  [
    tencentConfigBody(),
    inlineBlock('ca', pki.ca.certPem),
    inlineBlock('cert', pki.client.certPem),
    inlineBlock('key', keyPem),
  ].join('\n');
const withBundle = (password: string) =>
  [
    tencentConfigBody(),
    inlineBlock('pkcs12', pkcs12(pki.client, pki.ca, password).toString('base64')),
  ].join('\n');

describe('encrypted PEM keys', () => {
  it.each([
    ['PKCS#8', pkcs8Encrypted],
    ['traditional (Proc-Type)', traditionalEncrypted],
  ])('are imported as they are (%s) and opened with the passphrase at connect', async (_, pem) => {
    const { profile, warnings } = await importProfileFromText(withKey(pem), { name: 'k' });
    expect(profile.key?.trim()).toBe(pem.trim());
    expect(profile.keyEncrypted).toBe(true);
    expect(warnings.some((w) => /encrypted and is stored encrypted; Gangway asks/.test(w))).toBe(
      true,
    );
    expect(summarizeProfile(profile).credentials).toMatchObject({
      certificate: true,
      keyPassphraseAtConnect: true,
    });

    const unlocked = unlockProfile(profile, 'key-pass');
    expect(unlocked.keyEncrypted).toBeUndefined();
    expect(unlocked.key).toContain('BEGIN PRIVATE KEY');
    expect(profile.key).not.toContain('BEGIN PRIVATE KEY');
    expect(() => unlockProfile(profile, 'nope')).toThrow(
      expect.objectContaining({
        code: 'key-locked',
        message: 'wrong passphrase for the private key',
      }),
    );
  });

  it('a key that does not belong to the certificate is refused at connect', async () => {
    const other = createPrivateKey(pki.server.keyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'key-pass',
    }) as string;
    const { profile } = await importProfileFromText(withKey(other), { name: 'k' });
    expect(() => unlockProfile(profile, 'key-pass')).toThrow(
      expect.objectContaining({ code: 'config-invalid' }),
    );
  });
});

describe('password-protected PKCS#12', () => {
  it('imports without the password, keeps the bundle, and opens it at connect', async () => {
    const { profile, warnings } = await importProfileFromText(withBundle('bundle-pw'), {
      name: 'p',
    });
    expect(profile.pkcs12).toBe(pkcs12Base64(profile));
    expect(profile.keyEncrypted).toBe(true);
    expect(profile.key).toBeUndefined();
    expect(JSON.stringify(profile)).not.toContain('PRIVATE KEY');
    expect(warnings.some((w) => /password-protected .* asks for its password/.test(w))).toBe(true);
    expect(summarizeProfile(profile).credentials).toMatchObject({ keyPassphraseAtConnect: true });

    const unlocked = unlockProfile(profile, 'bundle-pw');
    expect(unlocked.pkcs12).toBeUndefined();
    expect(unlocked.key).toContain('BEGIN PRIVATE KEY');
    expect(unlocked.cert).toContain('BEGIN CERTIFICATE');
    expect(unlocked.ca).toContain('BEGIN CERTIFICATE');
    expect(() => unlockProfile(profile, 'wrong')).toThrow(
      expect.objectContaining({
        code: 'key-locked',
        message: 'wrong passphrase for the PKCS#12 bundle',
      }),
    );
  });
});

function pkcs12Base64(profile: { pkcs12?: string }): string {
  expect(profile.pkcs12).toMatch(/^[A-Za-z0-9+/]+=*$/);
  return profile.pkcs12 as string;
}

describe('a session with an encrypted key', () => {
  async function run(passphrase: string | undefined): Promise<{
    requests: CredentialRequest[];
    state: TunnelState;
  }> {
    const { profile } = await importProfileFromText(withKey(pkcs8Encrypted), { name: 'k' });
    const requests: CredentialRequest[] = [];
    const session = createSession({
      profile,
      tun: new FakeTunProvider(),
      credentials: {
        request: async (request) => {
          requests.push(request);
          return passphrase === undefined ? undefined : { username: '', password: passphrase };
        },
      },
    });
    await session.connect();
    const state = session.state;
    await session.disconnect();
    return { requests, state };
  }

  it('asks for the passphrase first and fails with key-locked when it is wrong', async () => {
    const { requests, state } = await run('not-it');
    expect(requests).toEqual([{ kind: 'key-passphrase', source: 'key' }]);
    expect(state).toMatchObject({
      kind: 'failed',
      reason: { code: 'key-locked', message: 'wrong passphrase for the private key' },
    });
  });

  it('fails with key-locked when no passphrase is given', async () => {
    const { state } = await run(undefined);
    expect(state).toMatchObject({ kind: 'failed', reason: { code: 'key-locked' } });
  });
});
