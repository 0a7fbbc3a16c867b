/**
 * Data-path micro-benchmark (not a test): packets/s for 1400-byte payloads, each direction,
 * one core. Run: npx esbuild test/unit/openvpn/data/measure-throughput.ts --bundle
 * --platform=node --outfile=/tmp/gw-bench.cjs && node /tmp/gw-bench.cjs
 */
import { randomBytes } from 'node:crypto';
import { lookupDigest } from '../../../../src/core/openvpn/crypto/digest';
import { lookupDataCipher } from '../../../../src/core/openvpn/data/ciphers';
import { DataChannelKey } from '../../../../src/core/openvpn/data/data-channel';
import { splitKey2ForClient } from '../../../../src/core/openvpn/data/key-derivation';

const PACKETS = 100_000;
const ROUNDS = 3;
const payload = randomBytes(1400);
const key2 = randomBytes(256);

for (const [cipherName, digestName] of [
  ['AES-256-GCM', undefined],
  ['AES-128-GCM', undefined],
  ['CHACHA20-POLY1305', undefined],
  ['AES-128-CBC', 'SHA1'],
  ['AES-256-CBC', 'SHA256'],
] as const) {
  const cipher = lookupDataCipher(cipherName)!;
  const digest = digestName ? lookupDigest(digestName) : undefined;
  const keys = splitKey2ForClient(key2, cipher, digest);
  const tx = new DataChannelKey({ keyId: 0, cipher, digest, keys, peerId: 1 });
  const rx = new DataChannelKey({
    keyId: 0,
    cipher,
    digest,
    keys: { encrypt: keys.decrypt, decrypt: keys.encrypt },
    peerId: 1,
  });
  // Warm up the JIT and OpenSSL contexts first; report the best of ROUNDS.
  for (let i = 0; i < 20_000; i++) rx.decrypt(tx.encrypt(payload));
  let encNs = Infinity;
  let decNs = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const wires: Buffer[] = new Array(PACKETS);
    let t = process.hrtime.bigint();
    for (let i = 0; i < PACKETS; i++) wires[i] = tx.encrypt(payload);
    encNs = Math.min(encNs, Number(process.hrtime.bigint() - t));
    t = process.hrtime.bigint();
    for (let i = 0; i < PACKETS; i++) {
      const r = rx.decrypt(wires[i]!);
      if (!('ok' in r)) throw new Error('benchmark packet dropped');
    }
    decNs = Math.min(decNs, Number(process.hrtime.bigint() - t));
  }
  const pps = (ns: number) => Math.round((PACKETS * 1e9) / ns);
  const mbit = (ns: number) => ((PACKETS * payload.length * 8 * 1e9) / ns / 1e6).toFixed(0);
  console.log(
    `${(cipherName + (digestName ? '/' + digestName : '')).padEnd(20)} encrypt ${pps(encNs)} pkt/s (${mbit(encNs)} Mbit/s)  decrypt ${pps(decNs)} pkt/s (${mbit(decNs)} Mbit/s)`,
  );
}
