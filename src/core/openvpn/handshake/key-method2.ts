/**
 * The key-method-2 exchange (ssl.c key_method_2_write/_read): the first TLS application data
 * in each direction.
 * Client → server: 0u32, 0x02, pre_master(48), random1(32), random2(32), options, username,
 * password, peer-info. Server → client: the same without pre_master, then its options string
 * and three (normally empty) strings.
 */
import { randomBytes } from 'node:crypto';
import { GangwayError } from '../../errors';
import { decodeString, encodeString } from './wire-strings';

export const KEY_METHOD_2 = 2;
export const PRE_MASTER_BYTES = 48;
export const RANDOM_BYTES = 32;
/** The server reads control messages into a 2048-byte buffer; one message must fit. */
export const MAX_CONTROL_MESSAGE_BYTES = 2048;

/** The client's key source, kept for the legacy PRF key derivation. */
export interface ClientKeySource {
  preMaster: Buffer;
  random1: Buffer;
  random2: Buffer;
}

export interface ServerKeySource {
  random1: Buffer;
  random2: Buffer;
}

export interface ClientKeyMethod2Input {
  /** OCC options string (see options-string.ts). */
  options: string;
  /** Omit both when the profile has no auth-user-pass and no auth-token is held. */
  username?: string;
  password?: string;
  /** Peer-info block (see peer-info.ts). */
  peerInfo: string;
  /** For tests: fixed key material instead of fresh randomness. */
  keySource?: ClientKeySource;
}

export function newClientKeySource(): ClientKeySource {
  return {
    preMaster: randomBytes(PRE_MASTER_BYTES),
    random1: randomBytes(RANDOM_BYTES),
    random2: randomBytes(RANDOM_BYTES),
  };
}

/** Builds the message; write it with ONE tlsSocket.write(). Returns the key source too. */
export function buildClientKeyMethod2(input: ClientKeyMethod2Input): {
  message: Buffer;
  keySource: ClientKeySource;
} {
  const keySource = input.keySource ?? newClientKeySource();
  const hasCredentials = input.username !== undefined || input.password !== undefined;
  const message = Buffer.concat([
    Buffer.from([0, 0, 0, 0, KEY_METHOD_2]),
    keySource.preMaster,
    keySource.random1,
    keySource.random2,
    encodeString(input.options),
    // With credentials, an empty password is still sent as a real (NUL-only) string.
    hasCredentials ? encodeCredential(input.username ?? '') : encodeString(undefined),
    hasCredentials ? encodeCredential(input.password ?? '') : encodeString(undefined),
    encodeString(input.peerInfo),
  ]);
  if (message.length >= MAX_CONTROL_MESSAGE_BYTES) {
    throw new GangwayError(
      'config-invalid',
      `The login message is ${message.length} bytes; the server accepts less than ${MAX_CONTROL_MESSAGE_BYTES}`,
      'Shorten the username, password or the extra peer-info (setenv) values.',
    );
  }
  return { message, keySource };
}

function encodeCredential(value: string): Buffer {
  if (value === '') return Buffer.from([0, 1, 0]);
  return encodeString(value);
}

export interface ServerKeyMethod2 {
  keySource: ServerKeySource;
  /** The server's OCC options string, for logging/comparison only. */
  options: string;
  /** Bytes of `buf` the message used; what follows is NUL-terminated control text. */
  consumed: number;
}

const SERVER_FIXED_BYTES = 4 + 1 + RANDOM_BYTES * 2; // 69
const SERVER_STRING_COUNT = 4; // options, username, password, peer-info

/**
 * Parses the server's message from the start of the decrypted TLS stream. Returns 'incomplete'
 * until enough bytes have arrived; throws a GangwayError when the bytes cannot be one. While
 * incomplete it reads only the length prefixes, so calling it again per received chunk stays
 * cheap; the prefixes also bound the message (69 bytes and four strings of at most 64 KiB).
 */
export function parseServerKeyMethod2(buf: Buffer): ServerKeyMethod2 | 'incomplete' {
  if (buf.length >= 5) {
    if (buf.readUInt32BE(0) !== 0 || ((buf[4] ?? 0) & 0x0f) !== KEY_METHOD_2) {
      throw new GangwayError(
        'tls-failed',
        'The server answered with something other than an OpenVPN key-method-2 message',
        'Check that the remote is an OpenVPN 2.4+ server and that the profile matches it.',
      );
    }
  }
  if (buf.length < SERVER_FIXED_BYTES) return 'incomplete';
  let offset = SERVER_FIXED_BYTES;
  for (let i = 0; i < SERVER_STRING_COUNT; i++) {
    if (buf.length < offset + 2) return 'incomplete';
    offset += 2 + buf.readUInt16BE(offset);
  }
  if (buf.length < offset) return 'incomplete';
  const decoded = decodeString(buf, SERVER_FIXED_BYTES);
  const options = decoded === 'incomplete' ? '' : decoded.value;
  return {
    keySource: {
      random1: Buffer.from(buf.subarray(5, 5 + RANDOM_BYTES)),
      random2: Buffer.from(buf.subarray(5 + RANDOM_BYTES, SERVER_FIXED_BYTES)),
    },
    options,
    consumed: offset,
  };
}
