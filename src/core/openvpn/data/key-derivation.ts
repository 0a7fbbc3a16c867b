/**
 * Data-channel key material (ssl.c generate_key_expansion): 256 bytes of "key2" = c2s cipher(64) |
 * c2s hmac(64) | s2c cipher(64) | s2c hmac(64), from either the TLS exporter or OpenVPN's legacy
 * TLS 1.0 PRF.
 */
import { createHmac } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ClientKeySource, ServerKeySource } from '../handshake/key-method2';
import { AEAD_IMPLICIT_IV_BYTES, type DataCipherInfo } from './ciphers';
import type { DigestInfo } from '../crypto/digest';

export const KEY2_BYTES = 256;
export const EKM_LABEL = 'EXPORTER-OpenVPN-datakeys';
const MASTER_SECRET_BYTES = 48;
const SESSION_ID_BYTES = 8;

/** P_hash of RFC 2246 5: HMAC(S, A(i) || seed) for A(1) = HMAC(S, seed), ... */
function pHash(algorithm: 'md5' | 'sha1', secret: Buffer, seed: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  let a = seed;
  for (let written = 0; written < length;) {
    a = createHmac(algorithm, secret).update(a).digest();
    const block = createHmac(algorithm, secret).update(a).update(seed).digest();
    written += block.copy(out, written);
  }
  return out;
}

/** TLS 1.0 PRF: P_MD5(first half) XOR P_SHA1(second half); halves share a byte if odd. */
export function tls1Prf(secret: Buffer, seed: Buffer, length: number): Buffer {
  const half = Math.ceil(secret.length / 2);
  const md5 = pHash('md5', secret.subarray(0, half), seed, length);
  const sha1 = pHash('sha1', secret.subarray(secret.length - half), seed, length);
  for (let i = 0; i < length; i++) md5[i] = (md5[i] ?? 0) ^ (sha1[i] ?? 0);
  return md5;
}

export interface PrfInputs {
  client: ClientKeySource;
  server: ServerKeySource;
  clientSessionId: Buffer;
  serverSessionId: Buffer;
}

/** Legacy derivation (ssl.c generate_key_expansion_openvpn_prf), used without tls-ekm. */
export function deriveKey2WithPrf(inputs: PrfInputs): Buffer {
  if (
    inputs.clientSessionId.length !== SESSION_ID_BYTES ||
    inputs.serverSessionId.length !== SESSION_ID_BYTES
  ) {
    throw new RangeError('session ids must be 8 bytes');
  }
  const master = tls1Prf(
    inputs.client.preMaster,
    Buffer.concat([
      Buffer.from('OpenVPN master secret'),
      inputs.client.random1,
      inputs.server.random1,
    ]),
    MASTER_SECRET_BYTES,
  );
  return tls1Prf(
    master,
    Buffer.concat([
      Buffer.from('OpenVPN key expansion'),
      inputs.client.random2,
      inputs.server.random2,
      inputs.clientSessionId,
      inputs.serverSessionId,
    ]),
    KEY2_BYTES,
  );
}

/**
 * The RFC 5705 exporter of a TLSSocket, called WITHOUT a context argument, as ssl_openssl.c
 * key_state_export_keying_material does.
 */
export type KeyingMaterialExporter = (length: number, label: string) => Buffer;

/**
 * Adapts a TLSSocket. @types/node declares `context` as required, but OpenVPN uses the exporter
 * WITHOUT a context (which differs from an empty one for TLS <= 1.2), and node only passes
 * use_context = 0 when the argument is omitted — so it must be left out here.
 */
export function exporterOf(socket: TLSSocket): KeyingMaterialExporter {
  const exportWithoutContext = socket.exportKeyingMaterial as unknown as (
    length: number,
    label: string,
  ) => Buffer;
  return (length, label) => exportWithoutContext.call(socket, length, label);
}

export function deriveKey2WithEkm(exportKeyingMaterial: KeyingMaterialExporter): Buffer {
  const key2 = exportKeyingMaterial(KEY2_BYTES, EKM_LABEL);
  if (key2.length !== KEY2_BYTES) throw new RangeError('exporter returned the wrong length');
  return key2;
}

/** Keys for one direction: the cipher key and either the HMAC key (CBC) or implicit IV (AEAD). */
export interface DirectionKeys {
  cipherKey: Buffer;
  /** CBC: HMAC key (digest size). AEAD: the 8-byte implicit IV. */
  hmacKeyOrIv: Buffer;
}

export interface ClientDataKeys {
  encrypt: DirectionKeys;
  decrypt: DirectionKeys;
}

/**
 * The client (TLS client) encrypts with the c2s half and decrypts with the s2c half. Copies
 * are returned so key2 can be wiped by the caller.
 */
export function splitKey2ForClient(
  key2: Buffer,
  cipher: DataCipherInfo,
  digest?: DigestInfo,
): ClientDataKeys {
  if (key2.length !== KEY2_BYTES) throw new RangeError('key2 must be 256 bytes');
  if (cipher.kind === 'cbc' && !digest) throw new RangeError('CBC ciphers need an HMAC digest');
  const hmacBytes = cipher.kind === 'aead' ? AEAD_IMPLICIT_IV_BYTES : (digest?.size ?? 0);
  const half = (offset: number): DirectionKeys => ({
    cipherKey: Buffer.from(key2.subarray(offset, offset + cipher.keyBytes)),
    hmacKeyOrIv: Buffer.from(key2.subarray(offset + 64, offset + 64 + hmacBytes)),
  });
  return { encrypt: half(0), decrypt: half(128) };
}
