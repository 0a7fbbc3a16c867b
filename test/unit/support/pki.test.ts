import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issue, makePki, staticKey } from '../../support/pki';

describe('test PKI', () => {
  it('issues certificates that node:crypto verifies against the CA', () => {
    const pki = makePki();
    const ca = new X509Certificate(pki.ca.certPem);
    const server = new X509Certificate(pki.server.certPem);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    const expired = issue(pki.ca, { commonName: 'old', notAfter: new Date(Date.now() - 1000) });
    expect(new Date(new X509Certificate(expired.certPem).validTo).getTime()).toBeLessThan(
      Date.now(),
    );
  });

  it('makes 2048-bit static keys in OpenVPN format', () => {
    const key = staticKey();
    const hex = key.split('\n').filter((l) => /^[0-9a-f]{32}$/.test(l));
    expect(hex).toHaveLength(16);
  });
});
