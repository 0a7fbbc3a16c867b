import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodePacket,
  encodeMessage,
  encodePacket,
  PacketReader,
  PacketType,
  type ViciSection,
} from '../../../src/core/ipsec/vici/codec';

const ascii = (s: string): number[] => [...Buffer.from(s, 'ascii')];

/** The encoding example of strongSwan's vici README, byte for byte. */
// prettier-ignore
const README_BYTES = Buffer.from([
  3, 4, ...ascii('key1'), 0, 6, ...ascii('value1'),
  1, 8, ...ascii('section1'),
  1, 11, ...ascii('sub-section'),
  3, 4, ...ascii('key2'), 0, 6, ...ascii('value2'),
  2,
  4, 5, ...ascii('list1'),
  5, 0, 5, ...ascii('item1'),
  5, 0, 5, ...ascii('item2'),
  6,
  2,
]);
const README_TREE: ViciSection = {
  key1: 'value1',
  section1: { 'sub-section': { key2: 'value2' }, list1: ['item1', 'item2'] },
};

describe('VICI message encoding', () => {
  it('encodes the README example exactly', () => {
    expect(encodeMessage(README_TREE)).toEqual(README_BYTES);
  });

  it('decodes the README example', () => {
    expect(decodeMessage(README_BYTES)).toEqual(README_TREE);
  });

  it('round-trips empty lists, empty sections and UTF-8 values', () => {
    const tree: ViciSection = { a: [], b: {}, c: 'ünïcødé', d: { e: { f: ['x'] } } };
    expect(decodeMessage(encodeMessage(tree))).toEqual(tree);
  });

  it.each([
    ['truncated value', Buffer.from([3, 1, 0x61, 0, 5, 0x62])],
    ['unbalanced section end', Buffer.from([2])],
    ['unterminated section', Buffer.from([1, 1, 0x61])],
    ['item outside a list', Buffer.from([5, 0, 1, 0x61])],
    ['key inside a list', Buffer.from([4, 1, 0x61, 3, 1, 0x62, 0, 0, 6])],
    ['unknown element', Buffer.from([9])],
  ])('rejects %s', (_what, bytes) => {
    expect(() => decodeMessage(bytes)).toThrow(/VICI protocol error/);
  });
});

describe('VICI packets', () => {
  it('a named request: length, type, name, message', () => {
    const bytes = encodePacket({ type: PacketType.CMD_REQUEST, name: 'version' });
    expect([...bytes]).toEqual([0, 0, 0, 9, 0, 7, ...ascii('version')]);
  });

  it('an event registration carries only the name', () => {
    const bytes = encodePacket({ type: PacketType.EVENT_REGISTER, name: 'child-updown' });
    expect([...bytes]).toEqual([0, 0, 0, 14, 3, 12, ...ascii('child-updown')]);
  });

  it('decodes a response and an event', () => {
    const resp = encodePacket({ type: PacketType.CMD_RESPONSE, message: { success: 'yes' } });
    expect(decodePacket(resp.subarray(4))).toEqual({
      type: PacketType.CMD_RESPONSE,
      message: { success: 'yes' },
    });
    const ev = encodePacket({
      type: PacketType.EVENT,
      name: 'ike-updown',
      message: { up: 'yes', conn: { state: 'ESTABLISHED' } },
    });
    expect(decodePacket(ev.subarray(4))).toEqual({
      type: PacketType.EVENT,
      name: 'ike-updown',
      message: { up: 'yes', conn: { state: 'ESTABLISHED' } },
    });
    expect(decodePacket(Buffer.from([PacketType.EVENT_CONFIRM]))).toEqual({
      type: PacketType.EVENT_CONFIRM,
    });
    expect(() => decodePacket(Buffer.from([8]))).toThrow(/unknown packet type/);
  });

  it('reassembles packets split across and merged within chunks', () => {
    const a = encodePacket({ type: PacketType.EVENT, name: 'list-sa', message: README_TREE });
    const b = encodePacket({ type: PacketType.CMD_RESPONSE, message: {} });
    const stream = Buffer.concat([a, b]);
    const reader = new PacketReader();
    const got = [];
    for (let i = 0; i < stream.length; i += 3) got.push(...reader.push(stream.subarray(i, i + 3)));
    expect(got).toEqual([
      { type: PacketType.EVENT, name: 'list-sa', message: README_TREE },
      { type: PacketType.CMD_RESPONSE, message: {} },
    ]);
  });

  it('refuses a segment over 512 KiB', () => {
    const reader = new PacketReader();
    expect(() => reader.push(Buffer.from([0, 0x08, 0, 1, 1]))).toThrow(/exceeds 512 KiB/);
  });
});
