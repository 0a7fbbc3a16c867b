import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildClientKeyMethod2,
  parseServerKeyMethod2,
} from '../../../../src/core/openvpn/handshake/key-method2';

const keySource = {
  preMaster: randomBytes(48),
  random1: randomBytes(32),
  random2: randomBytes(32),
};

describe('buildClientKeyMethod2', () => {
  it('lays out the fixed part and NUL-terminated, length-prefixed strings', () => {
    const { message } = buildClientKeyMethod2({
      options: 'V4,tls-client',
      username: 'alice',
      password: 'pw',
      peerInfo: 'IV_VER=2.6.14\n',
      keySource,
    });
    expect(message.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 2]));
    expect(message.subarray(5, 53)).toEqual(keySource.preMaster);
    expect(message.subarray(53, 85)).toEqual(keySource.random1);
    expect(message.subarray(85, 117)).toEqual(keySource.random2);
    const rest = message.subarray(117);
    const expected = Buffer.concat([
      Buffer.from([0, 14]),
      Buffer.from('V4,tls-client\0'),
      Buffer.from([0, 6]),
      Buffer.from('alice\0'),
      Buffer.from([0, 3]),
      Buffer.from('pw\0'),
      Buffer.from([0, 15]),
      Buffer.from('IV_VER=2.6.14\n\0'),
    ]);
    expect(rest).toEqual(expected);
  });

  it('writes 00 00 for absent credentials and fresh randomness by default', () => {
    const a = buildClientKeyMethod2({ options: 'V4', peerInfo: '' });
    const b = buildClientKeyMethod2({ options: 'V4', peerInfo: '' });
    expect(a.message.subarray(117)).toEqual(Buffer.from([0, 3, 0x56, 0x34, 0, 0, 0, 0, 0, 0, 0]));
    expect(a.keySource.preMaster.equals(b.keySource.preMaster)).toBe(false);
    expect(a.message).toHaveLength(117 + 5 + 6);
  });

  it('refuses a message the server could not read in one piece', () => {
    expect(() =>
      buildClientKeyMethod2({
        options: 'V4',
        username: 'u',
        password: 'x'.repeat(2000),
        peerInfo: '',
      }),
    ).toThrow(/2048/);
  });
});

describe('parseServerKeyMethod2', () => {
  const options =
    'V4,dev-type tun,link-mtu 1559,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 256,key-method 2,tls-server';
  const server = Buffer.concat([
    Buffer.from([0, 0, 0, 0, 2]),
    keySource.random1,
    keySource.random2,
    Buffer.from([0, options.length + 1]),
    Buffer.from(`${options}\0`),
    Buffer.from([0, 0, 0, 0, 0, 0]),
  ]);

  it('parses the observed layout and reports how much it consumed', () => {
    const text = Buffer.from('PUSH_REPLY,ping 10\0');
    const parsed = parseServerKeyMethod2(Buffer.concat([server, text]));
    expect(parsed).not.toBe('incomplete');
    if (parsed === 'incomplete') return;
    expect(parsed.options).toBe(options);
    expect(parsed.keySource.random1).toEqual(keySource.random1);
    expect(parsed.keySource.random2).toEqual(keySource.random2);
    expect(parsed.consumed).toBe(server.length);
  });

  it('waits for every byte, whatever the chunking', () => {
    for (let cut = 0; cut < server.length; cut++) {
      expect(parseServerKeyMethod2(server.subarray(0, cut))).toBe('incomplete');
    }
  });

  it('refuses a stream that is not key-method 2', () => {
    expect(() => parseServerKeyMethod2(Buffer.from('PUSH_REPLY,x\0'))).toThrow(/key-method-2/);
    expect(() => parseServerKeyMethod2(Buffer.from([0, 0, 0, 0, 1]))).toThrow(/key-method-2/);
  });
});
