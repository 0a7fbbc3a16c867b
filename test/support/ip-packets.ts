/** Minimal IPv4/ICMP packet building and parsing for tests that talk to a TUN directly. */

function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += (buf[buf.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** An IPv4 ICMP echo request from `src` to `dst`. */
export function icmpEchoRequest(
  src: string,
  dst: string,
  id: number,
  seq: number,
  payload = 32,
): Buffer {
  const icmp = Buffer.alloc(8 + payload, 0xab);
  icmp[0] = 8;
  icmp[1] = 0;
  icmp.writeUInt16BE(0, 2);
  icmp.writeUInt16BE(id, 4);
  icmp.writeUInt16BE(seq, 6);
  icmp.writeUInt16BE(checksum(icmp), 2);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + icmp.length, 2);
  ip.writeUInt16BE(seq, 4);
  ip[8] = 64;
  ip[9] = 1;
  Buffer.from(ipv4Bytes(src)).copy(ip, 12);
  Buffer.from(ipv4Bytes(dst)).copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  return Buffer.concat([ip, icmp]);
}

export interface IcmpEcho {
  src: string;
  dst: string;
  type: number;
  id: number;
  seq: number;
}

/** Parses an IPv4 ICMP echo (request or reply); undefined for anything else. */
export function parseIcmpEcho(p: Buffer): IcmpEcho | undefined {
  if (p.length < 28 || p[0] !== 0x45 || p[9] !== 1) return undefined;
  const type = p[20] as number;
  if (type !== 0 && type !== 8) return undefined;
  return {
    src: [...p.subarray(12, 16)].join('.'),
    dst: [...p.subarray(16, 20)].join('.'),
    type,
    id: p.readUInt16BE(24),
    seq: p.readUInt16BE(26),
  };
}
