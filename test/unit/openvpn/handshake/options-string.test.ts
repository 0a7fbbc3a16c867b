import { describe, expect, it } from 'vitest';
import { buildOptionsString } from '../../../../src/core/openvpn/handshake/options-string';

const base = {
  proto: 'udp' as const,
  tunMtu: 1500,
  dataCiphers: ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'],
  digest: 'SHA1',
  compression: false,
  tlsAuth: false,
};

describe('buildOptionsString', () => {
  it('matches what stock 2.6.14 sends by default', () => {
    expect(buildOptionsString(base)).toBe(
      'V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,key-method 2,tls-client',
    );
  });

  it('adds TCP, comp-lzo, keydir, a listed cipher and tls-auth in OpenVPN order', () => {
    expect(
      buildOptionsString({
        ...base,
        proto: 'tcp',
        cipher: 'aes-256-cbc',
        dataCiphers: [...base.dataCiphers, 'AES-256-CBC'],
        digest: 'sha256',
        compression: true,
        tlsAuth: true,
        keyDirection: 1,
      }),
    ).toBe(
      'V4,dev-type tun,link-mtu 1572,tun-mtu 1500,proto TCPv4_CLIENT,comp-lzo,keydir 1,cipher AES-256-CBC,auth SHA256,keysize 256,tls-auth,key-method 2,tls-client',
    );
  });

  it('does not announce a cipher missing from data-ciphers, but sizes keysize/link-mtu by it', () => {
    expect(buildOptionsString({ ...base, cipher: 'AES-256-CBC', family: 6 })).toBe(
      'V4,dev-type tun,link-mtu 1557,tun-mtu 1500,proto UDPv6,auth SHA1,keysize 256,key-method 2,tls-client',
    );
  });

  it("computes link-mtu like OpenVPN's own unit test (tun-mtu 1400)", () => {
    const linkMtu = (extra: Partial<typeof base> & { cipher?: string }) =>
      /link-mtu (\d+)/.exec(buildOptionsString({ ...base, tunMtu: 1400, ...extra }))?.[1];
    expect(linkMtu({ cipher: 'AES-128-CBC' })).toBe('1457');
    expect(linkMtu({ cipher: 'AES-256-GCM' })).toBe('1449');
  });

  it('prints the null digest for AEAD ciphers (Tencent-style AES-128-CBC keeps SHA1)', () => {
    expect(buildOptionsString({ ...base, cipher: 'AES-256-GCM' })).toContain(
      'cipher AES-256-GCM,auth [null-digest],keysize 256,',
    );
    expect(
      buildOptionsString({ ...base, cipher: 'AES-128-CBC', dataCiphers: ['AES-128-CBC'] }),
    ).toContain('link-mtu 1557,');
  });
});
