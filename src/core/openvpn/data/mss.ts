/**
 * TCP MSS clamping on SYN packets (mss.c) and the MSS that `mssfix` implies for the cipher in
 * use (mss.c frame_calculate_mssfix). The 2.6 server clamps both directions too, so this is a
 * belt-and-braces measure for the client's own SYNs.
 */
import type { DataCipherInfo } from './ciphers';
import type { DigestInfo } from '../crypto/digest';

const TCP = 6;
const TCP_HEADER_MIN = 20;
const SYN = 0x02;
const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;

/**
 * Lowers the MSS option of an IPv4 or IPv6 TCP SYN (or SYN-ACK) in place when it exceeds
 * `maxMss` (the IPv4 value; IPv6 uses 20 less, like OpenVPN). Fixes the TCP checksum
 * incrementally (RFC 1624). Returns true when the packet was changed.
 */
export function clampMss(packet: Buffer, maxMss: number): boolean {
  const version = (packet[0] ?? 0) >> 4;
  if (version === 4) {
    if (packet.length < 20) return false;
    const ihl = ((packet[0] ?? 0) & 0x0f) * 4;
    const totalLength = packet.readUInt16BE(2);
    const fragmentOffset = packet.readUInt16BE(6) & 0x1fff;
    if (packet[9] !== TCP || totalLength !== packet.length || fragmentOffset !== 0 || ihl < 20)
      return false;
    return clampTcp(packet, ihl, maxMss);
  }
  if (version === 6) {
    if (packet.length < 40 || packet.readUInt16BE(4) + 40 !== packet.length) return false;
    if (packet[6] !== TCP) return false; // extension headers are not walked, as in OpenVPN
    return clampTcp(packet, 40, maxMss - 20);
  }
  return false;
}

function clampTcp(packet: Buffer, tcpAt: number, maxMss: number): boolean {
  if (packet.length - tcpAt < TCP_HEADER_MIN) return false;
  if (((packet[tcpAt + 13] ?? 0) & SYN) === 0) return false;
  const headerLength = ((packet[tcpAt + 12] ?? 0) >> 4) * 4;
  if (headerLength <= TCP_HEADER_MIN || tcpAt + headerLength > packet.length) return false;
  const end = tcpAt + headerLength;
  let changed = false;
  for (let at = tcpAt + TCP_HEADER_MIN; at < end - 1;) {
    const kind = packet[at] ?? 0;
    if (kind === OPT_EOL) break;
    if (kind === OPT_NOP) {
      at++;
      continue;
    }
    const length = packet[at + 1] ?? 0;
    if (length < 2 || at + length > end) break;
    if (kind === OPT_MSS && length === 4) {
      const old = packet.readUInt16BE(at + 2);
      if (old > maxMss) {
        packet.writeUInt16BE(maxMss, at + 2);
        const checksumAt = tcpAt + 16;
        packet.writeUInt16BE(
          adjustChecksum(packet.readUInt16BE(checksumAt), old, maxMss),
          checksumAt,
        );
        changed = true;
      }
    }
    at += length;
  }
  return changed;
}

/** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
function adjustChecksum(checksum: number, oldWord: number, newWord: number): number {
  let sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + newWord;
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface MssfixInput {
  /** `mssfix` value; absent = OpenVPN's default `mssfix 1492 mtu`. */
  mssfix?: number;
  /**
   * `mssfix N mtu`: N includes the outer IP/UDP(TCP) headers. Defaults to true for the default
   * value and false for an explicit N, as in OpenVPN 2.6.
   */
  encap?: boolean;
  /** The profile said `mssfix N fixed`: N is the IPv4 packet size; only 40 are subtracted. */
  fixed?: boolean;
  cipher: DataCipherInfo;
  digest?: DigestInfo;
  proto: 'udp' | 'tcp';
  /** Family of the outer (underlay) connection. */
  family?: 4 | 6;
  /** P_DATA_V2 (pushed peer-id) adds 3 header bytes. */
  dataV2: boolean;
  /** Bytes the compression framing adds (CompressionFraming.overhead). */
  compressionOverhead: number;
}

/** The IPv4 MSS to clamp to (mss.c frame_calculate_mssfix). */
export function effectiveMss(input: MssfixInput): number {
  const mssfix = input.mssfix ?? 1492;
  if (input.fixed) return mssfix - 40;
  const isCbc = input.cipher.kind === 'cbc';
  let overhead = input.dataV2 ? 4 : 1;
  if (input.proto === 'tcp') overhead += 2;
  overhead += isCbc ? 16 + (input.digest?.size ?? 20) : 16 + 4; // IV+HMAC, or tag+packet-id
  if (input.encap ?? input.mssfix === undefined) {
    overhead += (input.family === 6 ? 40 : 20) + (input.proto === 'tcp' ? 20 : 8);
  }
  let target = mssfix - overhead;
  // CBC: the ciphertext is whole blocks and always carries at least one padding byte.
  if (isCbc) target = Math.floor(target / 16) * 16 - 1;
  const payloadOverhead = input.compressionOverhead + (isCbc ? 4 : 0) + 40;
  return target - payloadOverhead;
}
