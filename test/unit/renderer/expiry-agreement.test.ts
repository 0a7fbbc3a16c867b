import { describe, expect, it } from 'vitest';
import { certificateWarnings } from '../../../src/core/config/certificates';
import type { CertificateInfo } from '../../../src/core/config/profile';
import { translate } from '../../../src/renderer/i18n/i18n';
import { expiryBadge } from '../../../src/renderer/util/profile-facts';
import type { ProfileView } from '../../../src/shared/ipc-schema';

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);
const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

function client(notAfter: number): CertificateInfo {
  return {
    role: 'client',
    subject: 'CN=alice',
    issuer: 'CN=CA',
    notBefore: new Date(NOW - 300 * DAY).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    sha256: 'AA:BB',
    keyType: 'RSA',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
  };
}

function view(cert: CertificateInfo): ProfileView {
  const { role, subject, issuer, notBefore, notAfter, sha256 } = cert;
  return {
    name: 'p',
    remotes: [],
    dataCiphers: [],
    digest: 'SHA1',
    tlsWrap: 'none',
    serverVerified: true,
    compression: 'none',
    certificateAuth: true,
    pkcs12: false,
    authUserPass: false,
    certificates: [{ role, subject, issuer, notBefore, notAfter, sha256 }],
    warnings: [],
    source: { path: 'p.ovpn', form: 'file', importedAt: '2026-01-01T00:00:00Z' },
    passwordSaved: false,
  };
}

describe('certificate expiry: import note and badge', () => {
  it.each([0.4, 1.5, 20.5, 29.9])('agree on the day count at %s days left', (left) => {
    const cert = client(NOW + left * DAY);
    const note = certificateWarnings(cert, new Date(NOW)).find((w) => w.includes('expires'));
    const badge = expiryBadge(view(cert), t, NOW)?.text ?? '';
    const days = Math.floor(left);
    if (days === 0) {
      expect(note).toContain('expires today');
      expect(badge).toBe('Certificate expires today');
    } else {
      expect(note).toContain(`expires in ${days} day`);
      expect(badge).toBe(`Certificate expires in ${days} days`);
    }
  });
});
