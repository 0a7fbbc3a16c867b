/**
 * The codecs against a stock OpenVPN 2.6 peer on loopback (no root): control-channel wrap,
 * key-method 2, key derivation (PRF and EKM), data-channel encryption in both directions
 * (our OCC_REQUEST must be decrypted by openvpn for its OCC_REPLY to come back) and framing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Compression, TlsWrap } from '../../../../src/core/config/profile';
import {
  createControlWrap,
  createDynamicTlsCryptWrap,
  DYNAMIC_TLS_CRYPT_LABEL,
} from '../../../../src/core/openvpn/crypto/create-control-wrap';
import { lookupDigest } from '../../../../src/core/openvpn/crypto/digest';
import { lookupDataCipher } from '../../../../src/core/openvpn/data/ciphers';
import { createCompressionFraming } from '../../../../src/core/openvpn/data/compression';
import { DataChannelKey } from '../../../../src/core/openvpn/data/data-channel';
import { OCC_MAGIC, PING_MAGIC } from '../../../../src/core/openvpn/data/in-band';
import { effectiveMss } from '../../../../src/core/openvpn/data/mss';
import {
  deriveKey2WithEkm,
  deriveKey2WithPrf,
  exporterOf,
  splitKey2ForClient,
} from '../../../../src/core/openvpn/data/key-derivation';
import {
  buildClientKeyMethod2,
  parseServerKeyMethod2,
  type ServerKeyMethod2,
} from '../../../../src/core/openvpn/handshake/key-method2';
import { buildOptionsString } from '../../../../src/core/openvpn/handshake/options-string';
import { buildPeerInfo, IV_PROTO, ivProto } from '../../../../src/core/openvpn/handshake/peer-info';
import { describeWith } from '../../../support/prereqs';
import { genkeys, NEEDS_OPENVPN } from '../crypto/openvpn-genkey';
import { MiniControlClient } from './mini-control-client';
import { startP2pServer, waitFor, type P2pServer } from './p2p-server';

/** 'ping', 'occ:<opcode>' or 'ip' for an unframed data-channel payload (ping.c, occ.c). */
function inBandKind(plain: Buffer): string {
  if (plain.equals(PING_MAGIC)) return 'ping';
  if (plain.length > OCC_MAGIC.length && plain.subarray(0, OCC_MAGIC.length).equals(OCC_MAGIC))
    return `occ:${plain[OCC_MAGIC.length]}`;
  return 'ip';
}

interface Case {
  name: string;
  wrap: 'tls-crypt' | 'tls-crypt-v2' | 'tls-auth' | 'none';
  cipher: string;
  digest?: string;
  compression: Compression;
  serverExtra: string[];
  /** tls-auth used bidirectionally (no direction on either side). */
  noKeyDirection?: boolean;
  /** Announce dynamic tls-crypt and check a soft reset wrapped with the derived key. */
  dynamicTlsCrypt?: boolean;
  /** Peer-info to send; EKM is used exactly when it announces IV_PROTO bit 3. */
  peerInfo: 'prf' | 'ekm';
}

const CASES: Case[] = [
  {
    name: 'tls-crypt, AES-256-GCM, PRF keys',
    wrap: 'tls-crypt',
    cipher: 'AES-256-GCM',
    compression: 'none',
    serverExtra: [],
    peerInfo: 'prf',
  },
  {
    name: 'tls-crypt-v2 (V3 reset + WKc, early-negotiation pid), AES-256-GCM, stub-v2, EKM keys',
    wrap: 'tls-crypt-v2',
    cipher: 'AES-256-GCM',
    compression: 'stub-v2',
    serverExtra: ['--compress', 'stub-v2'],
    peerInfo: 'ekm',
  },
  {
    name: 'tls-auth SHA256, CHACHA20-POLY1305, EKM keys, dynamic tls-crypt soft reset',
    dynamicTlsCrypt: true,
    wrap: 'tls-auth',
    digest: 'SHA256',
    cipher: 'CHACHA20-POLY1305',
    compression: 'none',
    serverExtra: ['--auth', 'SHA256'],
    peerInfo: 'ekm',
  },
  {
    name: 'tls-auth SHA1, AES-128-CBC/SHA1 (Tencent default), comp-lzo',
    wrap: 'tls-auth',
    digest: 'SHA1',
    cipher: 'AES-128-CBC',
    compression: 'lzo',
    serverExtra: ['--comp-lzo', 'yes', '--allow-compression', 'yes'],
    peerInfo: 'prf',
  },
  {
    name: 'no wrap, AES-128-GCM, compress lz4-v2',
    wrap: 'none',
    cipher: 'AES-128-GCM',
    compression: 'lz4-v2',
    serverExtra: ['--compress', 'lz4-v2', '--allow-compression', 'yes'],
    peerInfo: 'ekm',
  },
  {
    name: 'tls-auth without key direction, AES-256-CBC/SHA512 over P_DATA_V2, compress (swap stub)',
    wrap: 'tls-auth',
    noKeyDirection: true,
    digest: 'SHA512',
    cipher: 'AES-256-CBC',
    compression: 'stub',
    serverExtra: ['--auth', 'SHA512', '--compress'],
    peerInfo: 'ekm',
  },
];

let server: P2pServer | undefined;
let client: MiniControlClient | undefined;
afterEach(() => {
  client?.close();
  server?.stop();
  client = server = undefined;
});

describeWith(NEEDS_OPENVPN, 'codecs against stock openvpn (p2p TLS, dev null)', () => {
  CASES.forEach((c, index) => {
    it(c.name, async () => {
      const keys = genkeys();
      const keyText = keys.staticKey;
      const port = 21950 + index + (process.pid % 200) * 5;
      const wrapArgs = (dir: string): string[] => {
        if (c.wrap === 'none') return [];
        if (c.wrap === 'tls-crypt-v2') {
          writeFileSync(join(dir, 'v2.key'), keys.v2Server, { mode: 0o600 });
          return ['--tls-crypt-v2', join(dir, 'v2.key')];
        }
        writeFileSync(join(dir, 'ta.key'), keyText, { mode: 0o600 });
        return c.wrap === 'tls-crypt'
          ? ['--tls-crypt', join(dir, 'ta.key')]
          : ['--tls-auth', join(dir, 'ta.key'), ...(c.noKeyDirection ? [] : ['0'])];
      };
      server = await startP2pServer(port, wrapArgs, [
        '--data-ciphers',
        c.cipher,
        '--data-ciphers-fallback',
        c.cipher,
        ...c.serverExtra,
      ]);
      const log = server.log;
      const wrap: TlsWrap =
        c.wrap === 'none'
          ? { mode: 'none' }
          : c.wrap === 'tls-crypt'
            ? { mode: 'tls-crypt', key: keyText }
            : c.wrap === 'tls-crypt-v2'
              ? { mode: 'tls-crypt-v2', key: keys.v2Client }
              : { mode: 'tls-auth', key: keyText, keyDirection: c.noKeyDirection ? null : 1 };
      const mini = (client = new MiniControlClient(
        createControlWrap(wrap, c.digest ?? 'SHA1'),
        port,
      ));
      mini.hardReset(c.wrap === 'tls-crypt-v2');
      await waitFor('server hard reset', 5000, () => mini.remoteSessionId, log);
      // A p2p peer answers the V3 reset (so it unwrapped our WKc and Kc-wrapped packet) but,
      // unlike a --mode server, sends no EARLY_NEG_FLAGS; resendWkc stays false here.

      const pki = server.pki;
      const tls = mini.startTls({
        ca: pki.ca.certPem,
        cert: pki.client.certPem,
        key: pki.client.keyPem,
      });
      let received = Buffer.alloc(0);
      tls.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
      await new Promise<void>((resolve, reject) => {
        tls.once('secureConnect', () => resolve());
        tls.once('error', reject);
      });
      // A p2p peer exports keys only when NCP_P2P is announced too (never set by pull clients).
      const peerInfo =
        c.peerInfo === 'ekm'
          ? buildPeerInfo({ ciphers: [c.cipher], tunMtu: 1500 }).replace(
              /IV_PROTO=\d+/,
              `IV_PROTO=${ivProto(c.dynamicTlsCrypt) | IV_PROTO.NCP_P2P}`,
            )
          : `IV_VER=2.6.14\nIV_PROTO=2\nIV_CIPHERS=${c.cipher}\n`;
      const { message, keySource } = buildClientKeyMethod2({
        options: buildOptionsString({
          proto: 'udp',
          tunMtu: 1500,
          cipher: c.cipher,
          dataCiphers: [c.cipher],
          digest: c.digest ?? 'SHA1',
          compression: c.compression !== 'none',
          tlsAuth: c.wrap === 'tls-auth',
          keyDirection: c.wrap === 'tls-auth' && !c.noKeyDirection ? 1 : null,
        }),
        peerInfo,
      });
      tls.write(message);
      const km2 = await waitFor<ServerKeyMethod2>(
        'server key-method 2',
        5000,
        () => {
          const r = parseServerKeyMethod2(received);
          return r === 'incomplete' ? undefined : r;
        },
        log,
      );
      expect(km2.options).toMatch(/tls-server$/);
      const negotiation = await waitFor(
        'P2P NCP result',
        5000,
        () => /TLS_export=(\d)/.exec(log())?.[1],
        log,
      );
      expect(negotiation).toBe(c.peerInfo === 'ekm' ? '1' : '0');

      const key2 =
        c.peerInfo === 'ekm'
          ? deriveKey2WithEkm(exporterOf(tls))
          : deriveKey2WithPrf({
              client: keySource,
              server: km2.keySource,
              clientSessionId: mini.sessionId,
              serverSessionId: mini.remoteSessionId!,
            });
      const cipher = lookupDataCipher(c.cipher)!;
      const digest = cipher.kind === 'cbc' ? lookupDigest(c.digest ?? 'SHA1') : undefined;
      // With DATA_V2 negotiated we send P_DATA_V2 with the peer-id openvpn chose (its own V2
      // packets then exercise the 8-byte AAD on receive too).
      const v2 = /DATA_v2=1, peer-id (\d+)/.exec(log());
      expect(Boolean(v2)).toBe(c.peerInfo === 'ekm');
      const peerId = v2 ? Number(v2[1]) : undefined;
      const data = new DataChannelKey({
        keyId: 0,
        cipher,
        digest,
        keys: splitKey2ForClient(key2, cipher, digest),
        peerId,
      });
      const framing = createCompressionFraming(c.compression);
      const inBand: string[] = [];
      const drops: string[] = [];
      mini.onData = (wire) => {
        const r = data.decrypt(wire);
        if (!('ok' in r)) return void drops.push(r.dropped);
        const u = framing.unframe(r.ok);
        if (!('ok' in u)) return void drops.push(u.dropped);
        inBand.push(inBandKind(u.ok));
      };
      await waitFor(
        'a data-channel ping from openvpn',
        5000,
        () => (inBand.includes('ping') ? true : undefined),
        log,
      );
      // OCC_REQUEST: openvpn can only answer if it decrypted and unframed our packet.
      mini.send(data.encrypt(framing.frame(Buffer.concat([OCC_MAGIC, Buffer.from([0])]))));
      await waitFor('OCC_REPLY', 5000, () => (inBand.includes('occ:1') ? true : undefined), log);
      // openvpn's own mssfix for this frame must equal ours (mss.c frame_calculate_mssfix).
      const mssLines = [...log().matchAll(/Data Channel MTU parms \[ mss_fix:(\d+)/g)];
      expect(Number(mssLines.at(-1)?.[1])).toBe(
        effectiveMss({
          cipher,
          digest,
          proto: 'udp',
          dataV2: peerId !== undefined,
          compressionOverhead: framing.overhead,
        }),
      );
      expect(drops).toEqual([]);
      expect(mini.dropped).toEqual([]);
      expect(log()).not.toMatch(
        /Authenticate\/Decrypt packet error|bad compression|Bad LZO|TLS Error/i,
      );
      if (c.dynamicTlsCrypt) {
        // Key id 1's control packets use EKM("...dynamic-tls-crypt") XOR the tls-auth key. The
        // server only answers our SOFT_RESET if it unwrapped it with the same key, and we only
        // see its answer if we unwrap with it too.
        const ekm = exporterOf(tls)(256, DYNAMIC_TLS_CRYPT_LABEL);
        const dynamic = createDynamicTlsCryptWrap(ekm, wrap);
        mini.keyWraps.set(1, dynamic);
        const softReset = Buffer.concat([
          Buffer.from([(3 << 3) | 1]),
          mini.sessionId,
          Buffer.from([0, 0, 0, 0, 0]),
        ]);
        mini.send(dynamic.wrap(softReset));
        const answer = await waitFor(
          'server SOFT_RESET on key 1',
          5000,
          () => mini.renegotiationPackets[0],
          log,
        );
        expect(answer.opcode).toBe(3);
        expect(answer.acks).toEqual([0]);
        expect(answer.ackSessionId).toEqual(mini.sessionId);
        expect(mini.dropped).toEqual([]);
      }
      tls.destroy();
    });
  });
});
