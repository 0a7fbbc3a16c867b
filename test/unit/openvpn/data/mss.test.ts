import { describe, expect, it } from 'vitest';
import { lookupDigest } from '../../../../src/core/openvpn/crypto/digest';
import { lookupDataCipher } from '../../../../src/core/openvpn/data/ciphers';
import { clampMss, effectiveMss } from '../../../../src/core/openvpn/data/mss';

/** Full one's-complement sum, computed from scratch to check the incremental update. */
function sum16(...parts: Buffer[]): number {
  const all = Buffer.concat(parts);
  let s = 0;
  for (let i = 0; i < all.length; i += 2) s += ((all[i] ?? 0) << 8) | (all[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

function tcpChecksumOk(packet: Buffer): boolean {
  const v6 = packet[0]! >> 4 === 6;
  const tcpAt = v6 ? 40 : (packet[0]! & 15) * 4;
  const tcp = packet.subarray(tcpAt);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(tcp.length);
  const pseudo = v6
    ? Buffer.concat([packet.subarray(8, 40), len, Buffer.from([0, 0, 0, 6])])
    : Buffer.concat([packet.subarray(12, 20), Buffer.from([0, 6]), len.subarray(2)]);
  return sum16(pseudo, tcp) === 0xffff;
}

function withChecksum(packet: Buffer): Buffer {
  const v6 = packet[0]! >> 4 === 6;
  const tcpAt = v6 ? 40 : (packet[0]! & 15) * 4;
  packet.writeUInt16BE(0, tcpAt + 16);
  const tcp = packet.subarray(tcpAt);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(tcp.length);
  const pseudo = v6
    ? Buffer.concat([packet.subarray(8, 40), len, Buffer.from([0, 0, 0, 6])])
    : Buffer.concat([packet.subarray(12, 20), Buffer.from([0, 6]), len.subarray(2)]);
  packet.writeUInt16BE(~sum16(pseudo, tcp) & 0xffff, tcpAt + 16);
  return packet;
}

// A SYN laid out as Linux sends it (MSS 1460, SACK-permitted, timestamps, NOP, wscale 7) to
// 192.0.2.1:443; checksums are computed by withChecksum below.
const tcpSyn = Buffer.from(
  'c35001bb5c6f1f2a00000000a002faf000000000020405b40402080a0012d6870000000001030307',
  'hex',
);
const ipv4Syn = () =>
  withChecksum(
    Buffer.concat([
      Buffer.from('4500003c1c4640004006000acb007101c0000201', 'hex'),
      Buffer.from(tcpSyn),
    ]),
  );
const ipv6Syn = () =>
  withChecksum(
    Buffer.concat([
      Buffer.from('6000000000280640', 'hex'),
      Buffer.from('20010db8000000000000000000000002', 'hex'),
      Buffer.from('20010db8000000000000000000000001', 'hex'),
      Buffer.from(tcpSyn),
    ]),
  );

describe('clampMss', () => {
  it('lowers the IPv4 SYN MSS and keeps the TCP checksum valid', () => {
    const p = ipv4Syn();
    expect(tcpChecksumOk(p)).toBe(true);
    expect(clampMss(p, 1360)).toBe(true);
    expect(p.readUInt16BE(20 + 22)).toBe(1360);
    expect(tcpChecksumOk(p)).toBe(true);
  });

  it('uses 20 bytes less for IPv6', () => {
    const p = ipv6Syn();
    expect(clampMss(p, 1360)).toBe(true);
    expect(p.readUInt16BE(40 + 22)).toBe(1340);
    expect(tcpChecksumOk(p)).toBe(true);
  });

  it('leaves smaller MSS values, non-SYN, fragments and short packets alone', () => {
    const p = ipv4Syn();
    expect(clampMss(p, 1460)).toBe(false);
    const ack = ipv4Syn();
    ack[20 + 13] = 0x10;
    expect(clampMss(ack, 1000)).toBe(false);
    const frag = ipv4Syn();
    frag.writeUInt16BE(0x0001, 6);
    expect(clampMss(frag, 1000)).toBe(false);
    expect(clampMss(ipv4Syn().subarray(0, 50), 1000)).toBe(false);
    const udp = ipv4Syn();
    udp[9] = 17;
    expect(clampMss(udp, 1000)).toBe(false);
  });

  it('survives malformed option lengths without reading past the header', () => {
    const p = ipv4Syn();
    p[20 + 20 + 1] = 0; // MSS option length 0
    expect(clampMss(p, 1000)).toBe(false);
    const q = ipv4Syn();
    q[20 + 21] = 40; // option claims more than the header
    expect(clampMss(q, 1000)).toBe(false);
  });
});

describe('effectiveMss', () => {
  const gcm = lookupDataCipher('AES-256-GCM')!;
  const cbc = lookupDataCipher('AES-128-CBC')!;

  it('GCM over UDP/IPv4 with P_DATA_V2: 1492 - 28 - 24 - 40 = 1400', () => {
    expect(effectiveMss({ cipher: gcm, proto: 'udp', dataV2: true, compressionOverhead: 0 })).toBe(
      1400,
    );
  });

  it('AES-128-CBC/SHA1 rounds to whole blocks and counts the packet id and framing', () => {
    // 1492 - (4 + 16 + 20 + 28) = 1424 → 1423; minus 4 pid, 1 framing, 40 headers.
    expect(
      effectiveMss({
        cipher: cbc,
        digest: lookupDigest('SHA1'),
        proto: 'udp',
        dataV2: true,
        compressionOverhead: 1,
      }),
    ).toBe(1378);
  });

  it("explicit mssfix without 'mtu' excludes the outer headers (OpenVPN's own unit vector)", () => {
    for (const mssfix of [900, 1000, 1200]) {
      expect(
        effectiveMss({ mssfix, cipher: gcm, proto: 'udp', dataV2: true, compressionOverhead: 0 }),
      ).toBe(mssfix - 4 - 4 - 16 - 40);
    }
    expect(
      effectiveMss({
        mssfix: 1450,
        encap: true,
        cipher: gcm,
        proto: 'udp',
        dataV2: true,
        compressionOverhead: 0,
      }),
    ).toBe(1450 - 28 - 24 - 40);
  });

  it('accounts for TCP, IPv6 and the fixed mode', () => {
    expect(
      effectiveMss({ cipher: gcm, proto: 'tcp', family: 6, dataV2: false, compressionOverhead: 0 }),
    ).toBe(1492 - (1 + 2 + 20 + 60) - 40);
    expect(
      effectiveMss({
        mssfix: 1400,
        fixed: true,
        cipher: gcm,
        proto: 'udp',
        dataV2: true,
        compressionOverhead: 0,
      }),
    ).toBe(1360);
  });
});
