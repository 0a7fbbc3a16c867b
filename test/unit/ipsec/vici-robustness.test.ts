import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GangwayError } from '../../../src/core/errors';
import {
  decodeMessage,
  ElementType,
  encodeMessage,
  encodePacket,
  PacketReader,
  PacketType,
  type ViciSection,
} from '../../../src/core/ipsec/vici/codec';
import { normalizeVici } from '../../../src/core/ipsec/vici/normalize';
import { loadFromVici } from '../../../src/core/ipsec/vici/source';
import { buildView } from '../../../src/core/ipsec/view';

/** Replies charon should never send: each must end as a clear typed error, never an internal one. */

const dir = mkdtempSync(path.join(tmpdir(), 'gwi-vici-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function name(n: string): Buffer {
  return Buffer.concat([Buffer.from([n.length]), Buffer.from(n, 'ascii')]);
}
function value(v: string): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(Buffer.byteLength(v));
  return Buffer.concat([len, Buffer.from(v)]);
}

/** A fake charon whose every reply to "version" is `reply` (raw bytes after the length). */
function brokenCharon(socketPath: string, reply: Buffer): Promise<net.Server> {
  const server = net.createServer((sock) => {
    const reader = new PacketReader();
    sock.on('data', (chunk: Buffer) => {
      for (const p of reader.push(chunk)) {
        if (p.type !== PacketType.CMD_REQUEST) continue;
        const len = Buffer.alloc(4);
        len.writeUInt32BE(reply.length);
        sock.write(Buffer.concat([len, reply]));
      }
    });
    sock.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

describe('a malformed VICI reply', () => {
  it.each([
    ['an unknown packet type', Buffer.from([9]), 'VICI protocol error: unknown packet type 9'],
    [
      'a truncated key/value',
      Buffer.from([PacketType.CMD_RESPONSE, ElementType.KEY_VALUE, 5, 0x61]),
      'VICI protocol error: truncated message',
    ],
    [
      'an unbalanced section end',
      Buffer.from([PacketType.CMD_RESPONSE, ElementType.SECTION_END]),
      'VICI protocol error: unbalanced section end',
    ],
  ])('%s fails as vici-protocol with what is wrong', async (_what, reply, message) => {
    const sock = path.join(dir, `bad-${reply.toString('hex')}.vici`);
    const server = await brokenCharon(sock, reply);
    try {
      const err = await loadFromVici(`unix://${sock}`, { timeoutMs: 2_000 }).then(
        () => new Error('accepted'),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GangwayError);
      expect(err).toMatchObject({ code: 'vici-protocol', message });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a section or key named __proto__ is an ordinary entry, not a prototype swap', () => {
    const msg = decodeMessage(
      Buffer.concat([
        Buffer.from([ElementType.SECTION_START]),
        name('__proto__'),
        Buffer.from([ElementType.KEY_VALUE]),
        name('polluted'),
        value('yes'),
        Buffer.from([ElementType.SECTION_END, ElementType.KEY_VALUE]),
        name('constructor'),
        value('x'),
      ]),
    );
    expect(Object.keys(msg)).toEqual(['__proto__', 'constructor']);
    expect((msg as Record<string, unknown>).polluted).toBeUndefined();
    expect(msg['__proto__']).toEqual({ polluted: 'yes' });
  });

  it('a conn named __proto__ with children becomes a tunnel like any other', () => {
    const conns = decodeMessage(
      Buffer.concat([
        Buffer.from([ElementType.SECTION_START]),
        name('__proto__'),
        Buffer.from([ElementType.SECTION_START]),
        name('children'),
        Buffer.from([ElementType.SECTION_START]),
        name('net'),
        Buffer.from([ElementType.LIST_START]),
        name('local-ts'),
        Buffer.from([ElementType.LIST_ITEM]),
        value('10.0.0.0/24'),
        Buffer.from([ElementType.LIST_END, ElementType.LIST_START]),
        name('remote-ts'),
        Buffer.from([ElementType.LIST_ITEM]),
        value('10.9.0.0/24'),
        Buffer.from([ElementType.LIST_END]),
        Buffer.from([ElementType.SECTION_END, ElementType.SECTION_END, ElementType.SECTION_END]),
      ]),
    );
    const view = buildView(normalizeVici({ conns: [conns], sas: [], label: 'fake' }));
    expect(view.tunnels.map((t) => t.id)).toEqual(['__proto__/net']);
  });

  it('a traffic selector full of "[" is parsed in linear time', () => {
    const ts = `10.0.0.0/24${'['.repeat(60_000)}`;
    const conn: ViciSection = {
      c: { children: { x: { 'local-ts': [ts], 'remote-ts': [ts] } } },
    };
    const started = Date.now();
    const model = normalizeVici({ conns: [conn], sas: [], label: 'fake' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(model.tunnels[0]?.spd).toEqual([]);
  });

  it('a value longer than the IPC schema allows is a clear error naming the field', () => {
    const conn: ViciSection = {
      c: {
        version: 'x'.repeat(5_000),
        children: { x: { 'local-ts': ['10.0.0.0/24'], 'remote-ts': ['10.9.0.0/24'] } },
      },
    };
    expect(() => buildView(normalizeVici({ conns: [conn], sas: [], label: 'fake' }))).toThrow(
      'fake gave data Gangway cannot show: model.tunnels[0].ike.version: expected string of 0..4096 characters, got 5000',
    );
  });

  it('a 512 KiB segment arriving a few bytes at a time is reassembled in linear time', () => {
    const big = encodePacket({
      type: PacketType.CMD_RESPONSE,
      message: Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v'.repeat(60_000)]),
      ),
    });
    const reader = new PacketReader();
    const started = Date.now();
    const packets = [];
    for (let at = 0; at < big.length; at += 3)
      packets.push(...reader.push(big.subarray(at, at + 3)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(packets).toHaveLength(1);
    expect(Object.keys(packets[0]?.message ?? {})).toHaveLength(8);
  });

  it('a section nested 100,000 levels deep decodes and encodes again without recursion', () => {
    const depth = 100_000;
    const open = Buffer.concat([Buffer.from([ElementType.SECTION_START]), name('s')]);
    const bytes = Buffer.concat([
      ...Array.from({ length: depth }, () => open),
      Buffer.alloc(depth, ElementType.SECTION_END),
    ]);
    const msg = decodeMessage(bytes);
    expect(encodeMessage(msg).equals(bytes)).toBe(true);
  });

  it('a packet reader rejects a bad stream with a typed error', () => {
    const reader = new PacketReader();
    const bad = encodePacket({ type: PacketType.CMD_RESPONSE, message: {} });
    bad.writeUInt8(42, 4);
    expect(() => reader.push(bad)).toThrow(GangwayError);
  });
});
