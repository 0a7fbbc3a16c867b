/**
 * The VICI wire format (strongSwan's vici plugin README): a transport of 32-bit big-endian
 * length-prefixed segments, each holding one packet (8-bit type, an 8-bit-length name for
 * the named types, then a message). A message is a flat sequence of elements that builds a
 * tree of sections, key/values and lists of strings.
 */

import { GangwayError } from '../../errors';

export enum PacketType {
  CMD_REQUEST = 0,
  CMD_RESPONSE = 1,
  CMD_UNKNOWN = 2,
  EVENT_REGISTER = 3,
  EVENT_UNREGISTER = 4,
  EVENT_CONFIRM = 5,
  EVENT_UNKNOWN = 6,
  EVENT = 7,
}

export enum ElementType {
  SECTION_START = 1,
  SECTION_END = 2,
  KEY_VALUE = 3,
  LIST_START = 4,
  LIST_ITEM = 5,
  LIST_END = 6,
}

export type ViciValue = string | string[] | ViciSection;
export interface ViciSection {
  [key: string]: ViciValue;
}

export interface Packet {
  type: PacketType;
  name?: string;
  message?: ViciSection;
}

/** The plugin's limit for one segment. */
export const MAX_SEGMENT = 512 * 1024;

/** A reply that breaks the wire format: a typed error the CLI and the UI show as it is. */
export class ViciProtocolError extends GangwayError {
  constructor(message: string) {
    super(
      'vici-protocol',
      `VICI protocol error: ${message}`,
      "charon's reply could not be read; check that the socket is charon's VICI socket",
    );
    this.name = 'ViciProtocolError';
  }
}

/**
 * A section as a null-prototype object: names come from the wire, and on a plain object a
 * key named "__proto__" would replace the prototype instead of becoming an entry.
 */
function newSection(): ViciSection {
  return Object.create(null) as ViciSection;
}

const NAMED = new Set([
  PacketType.CMD_REQUEST,
  PacketType.EVENT_REGISTER,
  PacketType.EVENT_UNREGISTER,
  PacketType.EVENT,
]);

function nameBytes(name: string): Buffer {
  const b = Buffer.from(name, 'ascii');
  if (b.length > 255) throw new ViciProtocolError(`name too long: ${name.slice(0, 40)}...`);
  return Buffer.concat([Buffer.from([b.length]), b]);
}

function valueBytes(value: string): Buffer {
  const b = Buffer.from(value, 'utf8');
  if (b.length > 0xffff) throw new ViciProtocolError('value longer than 65535 bytes');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

export function encodeMessage(section: ViciSection): Buffer {
  const parts: Buffer[] = [];
  // An explicit stack instead of recursion, as decodeMessage does: a section nested a hundred
  // thousand levels deep (a decoded 512 KiB reply can be) must not overflow the call stack.
  const stack: Array<Iterator<[string, ViciValue]>> = [Object.entries(section)[Symbol.iterator]()];
  while (stack.length) {
    const next = (stack[stack.length - 1] as Iterator<[string, ViciValue]>).next();
    if (next.done) {
      stack.pop();
      if (stack.length) parts.push(Buffer.from([ElementType.SECTION_END]));
      continue;
    }
    const [key, value] = next.value;
    if (typeof value === 'string') {
      parts.push(Buffer.from([ElementType.KEY_VALUE]), nameBytes(key), valueBytes(value));
    } else if (Array.isArray(value)) {
      parts.push(Buffer.from([ElementType.LIST_START]), nameBytes(key));
      for (const item of value) parts.push(Buffer.from([ElementType.LIST_ITEM]), valueBytes(item));
      parts.push(Buffer.from([ElementType.LIST_END]));
    } else {
      parts.push(Buffer.from([ElementType.SECTION_START]), nameBytes(key));
      stack.push(Object.entries(value)[Symbol.iterator]());
    }
  }
  return Buffer.concat(parts);
}

export function decodeMessage(buf: Buffer): ViciSection {
  const root = newSection();
  const stack: ViciSection[] = [root];
  let list: string[] | undefined;
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > buf.length) throw new ViciProtocolError('truncated message');
  };
  const readName = (): string => {
    need(1);
    const len = buf.readUInt8(pos);
    need(1 + len);
    const s = buf.toString('ascii', pos + 1, pos + 1 + len);
    pos += 1 + len;
    return s;
  };
  const readValue = (): string => {
    need(2);
    const len = buf.readUInt16BE(pos);
    need(2 + len);
    const s = buf.toString('utf8', pos + 2, pos + 2 + len);
    pos += 2 + len;
    return s;
  };
  while (pos < buf.length) {
    const type = buf.readUInt8(pos++);
    const current = stack[stack.length - 1] as ViciSection;
    if (list && type !== ElementType.LIST_ITEM && type !== ElementType.LIST_END) {
      throw new ViciProtocolError(`element ${type} inside a list`);
    }
    switch (type) {
      case ElementType.SECTION_START: {
        const s = newSection();
        current[readName()] = s;
        stack.push(s);
        break;
      }
      case ElementType.SECTION_END:
        if (stack.length === 1) throw new ViciProtocolError('unbalanced section end');
        stack.pop();
        break;
      case ElementType.KEY_VALUE: {
        const key = readName();
        current[key] = readValue();
        break;
      }
      case ElementType.LIST_START:
        list = [];
        current[readName()] = list;
        break;
      case ElementType.LIST_ITEM:
        if (!list) throw new ViciProtocolError('list item outside a list');
        list.push(readValue());
        break;
      case ElementType.LIST_END:
        if (!list) throw new ViciProtocolError('list end outside a list');
        list = undefined;
        break;
      default:
        throw new ViciProtocolError(`unknown element type ${type}`);
    }
  }
  if (stack.length !== 1 || list) throw new ViciProtocolError('unterminated section or list');
  return root;
}

/** One transport segment: length prefix + packet. */
export function encodePacket(p: Packet): Buffer {
  const parts: Buffer[] = [Buffer.from([p.type])];
  if (NAMED.has(p.type)) parts.push(nameBytes(p.name ?? ''));
  if (p.message) parts.push(encodeMessage(p.message));
  const body = Buffer.concat(parts);
  if (body.length > MAX_SEGMENT) throw new ViciProtocolError('packet larger than 512 KiB');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

export function decodePacket(body: Buffer): Packet {
  if (body.length < 1) throw new ViciProtocolError('empty packet');
  const type = body.readUInt8(0) as PacketType;
  if (type > PacketType.EVENT) throw new ViciProtocolError(`unknown packet type ${type}`);
  let pos = 1;
  const packet: Packet = { type };
  if (NAMED.has(type)) {
    if (body.length < 2) throw new ViciProtocolError('truncated packet name');
    const len = body.readUInt8(1);
    if (body.length < 2 + len) throw new ViciProtocolError('truncated packet name');
    packet.name = body.toString('ascii', 2, 2 + len);
    pos = 2 + len;
  }
  if (pos < body.length || type === PacketType.CMD_RESPONSE || type === PacketType.EVENT) {
    packet.message = decodeMessage(body.subarray(pos));
  }
  return packet;
}

/**
 * Reassembles packets from a byte stream that arrives in arbitrary chunks. Chunks are kept as
 * a list and joined once a whole segment is there: joining on every chunk copied the pending
 * bytes again each time, quadratic for a 512 KiB segment arriving a few bytes at a time.
 */
export class PacketReader {
  private chunks: Buffer[] = [];
  private size = 0;

  /** The first `n` buffered bytes (n <= size), joining only the chunks they span. */
  private head(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first;
    const parts: Buffer[] = [];
    let have = 0;
    for (const c of this.chunks) {
      parts.push(c);
      have += c.length;
      if (have >= n) break;
    }
    return Buffer.concat(parts, have);
  }

  push(chunk: Buffer): Packet[] {
    if (chunk.length) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    const out: Packet[] = [];
    while (this.size >= 4) {
      const len = this.head(4).readUInt32BE(0);
      if (len > MAX_SEGMENT) throw new ViciProtocolError(`segment of ${len} bytes exceeds 512 KiB`);
      if (this.size < 4 + len) break;
      const all =
        this.chunks.length === 1
          ? (this.chunks[0] as Buffer)
          : Buffer.concat(this.chunks, this.size);
      const rest = all.subarray(4 + len);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
      out.push(decodePacket(all.subarray(4, 4 + len)));
    }
    return out;
  }
}
