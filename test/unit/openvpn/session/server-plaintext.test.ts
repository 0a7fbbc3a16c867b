import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GangwayError } from '../../../../src/core/errors';
import { reasonOf } from '../../../../src/core/openvpn/session/failure-reason';
import {
  MAX_CONTROL_MESSAGE_BYTES,
  ServerPlaintextReader,
} from '../../../../src/core/openvpn/session/server-plaintext';

const options = 'V4,dev-type tun,tun-mtu 1500,proto UDPv4,cipher AES-256-GCM,tls-server';
const serverKm2 = Buffer.concat([
  Buffer.from([0, 0, 0, 0, 2]),
  randomBytes(64),
  Buffer.from([0, options.length + 1]),
  Buffer.from(`${options}\0`),
  Buffer.from([0, 0, 0, 0, 0, 0]),
]);

function established(): ServerPlaintextReader {
  const reader = new ServerPlaintextReader();
  expect(reader.push(serverKm2).keyMethod2?.options).toBe(options);
  return reader;
}

describe('the server plaintext stream', () => {
  it('yields key-method 2 once, then NUL-terminated messages whatever the chunking', () => {
    const stream = Buffer.concat([
      serverKm2,
      Buffer.from('PUSH_REPLY,ping 10\0INFO,x\r\n\0\0AUTH_PENDING,timeout 30\0'),
    ]);
    for (const size of [1, 2, 7, 64, stream.length]) {
      const reader = new ServerPlaintextReader();
      const messages: string[] = [];
      let km2 = 0;
      for (let at = 0; at < stream.length; at += size) {
        const got = reader.push(stream.subarray(at, at + size));
        if (got.keyMethod2) km2++;
        messages.push(...got.messages);
      }
      expect(km2).toBe(1);
      expect(messages).toEqual(['PUSH_REPLY,ping 10', 'INFO,x', 'AUTH_PENDING,timeout 30']);
    }
  });

  it('accepts a message of exactly the cap and fails past it with a typed reason', () => {
    const reader = established();
    const atCap = `INFO,${'a'.repeat(MAX_CONTROL_MESSAGE_BYTES - 5)}`;
    expect(reader.push(Buffer.from(`${atCap}\0`)).messages).toEqual([atCap]);
    const endless = established();
    let error: unknown;
    try {
      for (let i = 0; i < 100; i++) endless.push(Buffer.alloc(1024, 0x41));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GangwayError);
    expect(error).toMatchObject({ code: 'push-failed' });
    expect((error as Error).message).toMatch(/longer than 65536 bytes/);
    // The session reports it with its code, not as an internal error.
    expect(reasonOf(error as GangwayError)).toMatchObject({
      code: 'push-failed',
      hint: expect.stringMatching(/administrator/),
    });
  });

  it('stays linear on text without a NUL: 64 K one-byte chunks (the old rescanning took 2.2 s)', () => {
    const reader = established();
    const byte = Buffer.from('x');
    const started = performance.now();
    for (let i = 0; i < MAX_CONTROL_MESSAGE_BYTES; i++) reader.push(byte);
    expect(reader.push(Buffer.from([0])).messages[0]).toHaveLength(MAX_CONTROL_MESSAGE_BYTES);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('stays linear while key-method 2 arrives byte by byte', () => {
    const huge = Buffer.concat([
      Buffer.from([0, 0, 0, 0, 2]),
      randomBytes(64),
      Buffer.from([0xff, 0xff]),
      Buffer.alloc(0xffff, 0x41),
      Buffer.from([0, 0, 0, 0, 0, 0]),
    ]);
    const reader = new ServerPlaintextReader();
    const started = performance.now();
    let done = false;
    for (let at = 0; at < huge.length; at++) {
      if (reader.push(huge.subarray(at, at + 1)).keyMethod2) done = true;
    }
    expect(done).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('refuses a stream that does not start with key-method 2', () => {
    expect(() => new ServerPlaintextReader().push(Buffer.from('PUSH_REPLY,x\0'))).toThrow(
      /key-method-2/,
    );
  });
});
