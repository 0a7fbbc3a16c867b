/**
 * OpenVPN "Static key V1" files (tls-auth, tls-crypt, the Kc of tls-crypt-v2) and the way
 * OpenVPN hands the four 64-byte slots to each direction (crypto.c key_direction_state_init).
 */
import { GangwayError } from '../../errors';

export const STATIC_KEY_BYTES = 256;
const SLOT = 64;
const BEGIN = '-----BEGIN OpenVPN Static key V1-----';
const END = '-----END OpenVPN Static key V1-----';

/** `null` = no direction (bidirectional), 0 = server side, 1 = usual client side. */
export type KeyDirection = 0 | 1 | null;

/** Full 64-byte slots; callers take the leading bytes they need (key or digest length). */
export interface DirectionalKeys {
  encryptCipher: Buffer;
  encryptHmac: Buffer;
  decryptCipher: Buffer;
  decryptHmac: Buffer;
}

function keyFileError(message: string): GangwayError {
  return new GangwayError(
    'config-invalid',
    `Invalid OpenVPN static key: ${message}`,
    'Re-import the profile, or regenerate the key with "openvpn --genkey secret FILE".',
  );
}

/** Parses the text form (header, 512 hex digits in any line layout, footer). */
export function parseStaticKey(text: string): Buffer {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0) throw keyFileError(`missing "${BEGIN}" line`);
  if (end < start) throw keyFileError(`missing "${END}" line`);
  const body = text.slice(start + BEGIN.length, end).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(body)) throw keyFileError('the key body is not hexadecimal');
  if (body.length !== STATIC_KEY_BYTES * 2) {
    throw keyFileError(
      `expected ${STATIC_KEY_BYTES} bytes (2048 bits), found ${Math.floor(body.length / 2)}`,
    );
  }
  return Buffer.from(body, 'hex');
}

/** Slot layout: key[0] = cipher 0..63, hmac 64..127; key[1] = cipher 128..191, hmac 192..255. */
function slot(key: Buffer, keyIndex: 0 | 1, part: 'cipher' | 'hmac'): Buffer {
  const offset = keyIndex * 2 * SLOT + (part === 'hmac' ? SLOT : 0);
  return key.subarray(offset, offset + SLOT);
}

/**
 * Direction 0 ("normal") sends with key[0] and receives with key[1]; direction 1 ("inverse")
 * is the mirror image; no direction uses key[0] both ways.
 */
export function sliceKeyDirection(key: Buffer, direction: KeyDirection): DirectionalKeys {
  if (key.length !== STATIC_KEY_BYTES) throw keyFileError(`key must be ${STATIC_KEY_BYTES} bytes`);
  const out: 0 | 1 = direction === 1 ? 1 : 0;
  const inKey: 0 | 1 = direction === 0 ? 1 : 0;
  return {
    encryptCipher: slot(key, out, 'cipher'),
    encryptHmac: slot(key, out, 'hmac'),
    decryptCipher: slot(key, inKey, 'cipher'),
    decryptHmac: slot(key, inKey, 'hmac'),
  };
}
