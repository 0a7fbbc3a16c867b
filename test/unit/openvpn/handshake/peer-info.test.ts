import { describe, expect, it } from 'vitest';
import { buildPeerInfo, IV_PROTO, ivProto } from '../../../../src/core/openvpn/handshake/peer-info';

describe('buildPeerInfo', () => {
  it('announces the implemented IV_PROTO bits and never NCP_P2P', () => {
    expect(ivProto()).toBe(2 + 4 + 8 + 16 + 64 + 128 + 256);
    expect(ivProto(true)).toBe(ivProto() + 512);
    expect(ivProto() & IV_PROTO.NCP_P2P).toBe(0);
  });

  it('builds the stock-like block with ciphers, NCP and stub compression', () => {
    const text = buildPeerInfo({
      ciphers: ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305', 'AES-128-CBC'],
      tunMtu: 1500,
      platform: 'darwin',
      guiVersion: 'Gangway 0.1.0',
      extras: { UV_ID: 'x', IV_PROTO: '1', 'BAD KEY': 'y', UV_NL: 'a\nb' },
    });
    expect(text).toBe(
      'IV_VER=2.6.14\nIV_PLAT=mac\nIV_TCPNL=1\nIV_MTU=1600\nIV_NCP=2\n' +
        'IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305:AES-128-CBC\nIV_PROTO=478\n' +
        'IV_LZO_STUB=1\nIV_COMP_STUB=1\nIV_COMP_STUBv2=1\nUV_ID=x\nIV_GUI_VER=Gangway 0.1.0\n',
    );
  });

  it('omits IV_NCP without both GCM ciphers and lets a larger tun-mtu through', () => {
    const text = buildPeerInfo({ ciphers: ['AES-128-CBC'], tunMtu: 9000, platform: 'win32' });
    expect(text).not.toContain('IV_NCP');
    expect(text).toContain('IV_MTU=9000\n');
    expect(text).toContain('IV_PLAT=win\n');
  });
});
