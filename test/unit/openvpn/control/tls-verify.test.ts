import type { PeerCertificate } from 'node:tls';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateKeyUsage,
  keyUsageMatches,
} from '../../../../src/core/openvpn/control/cert-key-usage';
import { checkServerCertificate } from '../../../../src/core/openvpn/control/tls-verify';
import { issue, makeCa, type Issued } from '../../../support/pki';

function der(issued: Issued): Buffer {
  const asn1 = forge.pki.certificateToAsn1(issued.cert);
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function peer(issued: Issued, serverEku = true): PeerCertificate {
  return {
    raw: der(issued),
    subject: { CN: 'server' },
    ext_key_usage: serverEku ? ['1.3.6.1.5.5.7.3.1'] : [],
  } as unknown as PeerCertificate;
}

describe('remote-cert-ku', () => {
  let server: Issued; // keyUsage digitalSignature + keyEncipherment = a0
  let client: Issued; // keyUsage digitalSignature = 80
  let bare: Issued; // no keyUsage extension
  let ca: Issued; // keyCertSign + cRLSign = 06
  beforeAll(() => {
    ca = makeCa('KU Test CA', { keyBits: 1024 });
    server = issue(ca, { commonName: 'server', usage: 'server', keyBits: 1024 });
    client = issue(ca, { commonName: 'client', usage: 'client', keyBits: 1024 });
    bare = issue(ca, { commonName: 'bare', keyBits: 1024 });
  });

  it('reads key usage the way OpenVPN numbers it', () => {
    expect(certificateKeyUsage(der(server))).toBe(0xa0);
    expect(certificateKeyUsage(der(client))).toBe(0x80);
    expect(certificateKeyUsage(der(ca))).toBe(0x06);
    expect(certificateKeyUsage(der(bare))).toBeUndefined();
    expect(certificateKeyUsage(Buffer.from([0x30, 0x03, 0x02, 0x01]))).toBeUndefined();
  });

  it('one expected value must be fully contained; no values means any key usage', () => {
    expect(keyUsageMatches(0xa0, ['a0'])).toBe(true);
    expect(keyUsageMatches(0xa0, ['80'])).toBe(true);
    expect(keyUsageMatches(0x80, ['a0'])).toBe(false);
    expect(keyUsageMatches(0x80, ['a0', '88', '80'])).toBe(true);
    expect(keyUsageMatches(0x88, ['0'])).toBe(false);
    expect(keyUsageMatches(0x02, [])).toBe(true);
    expect(keyUsageMatches(undefined, [])).toBe(false);
  });

  it('the TLS check accepts and refuses server certificates by key usage', () => {
    expect(checkServerCertificate({ remoteCertKu: ['a0'] }, peer(server))).toBeUndefined();
    const refused = checkServerCertificate({ remoteCertKu: ['a0', '88'] }, peer(client));
    expect(refused?.code).toBe('server-cert-usage');
    expect(refused?.message).toContain('key usage 80');
    expect(checkServerCertificate({ remoteCertKu: [] }, peer(bare))?.message).toContain(
      'no key usage extension',
    );
    // remote-cert-tls server also wants some key usage (OpenVPN 2.4+).
    expect(checkServerCertificate({ remoteCertTls: 'server' }, peer(server))).toBeUndefined();
    expect(checkServerCertificate({ remoteCertTls: 'server' }, peer(bare))?.code).toBe(
      'server-cert-usage',
    );
    expect(checkServerCertificate({}, peer(bare))).toBeUndefined();
  });
});
