/**
 * The effective data-channel cipher list and digest. OpenVPN 2.6 stopped adding a profile's
 * `cipher X` to the negotiable list, which breaks Tencent-style `cipher AES-128-CBC` profiles
 * against servers that allow only X; Gangway appends X again (as 2.6 still does for
 * pre-2.5 peers: options.c options_set_backwards_compatible_options).
 */
import { DATA_CIPHER_NAMES } from '../openvpn/data/ciphers';

export const DEFAULT_DATA_CIPHERS = ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'] as const;

/** Ciphers the engine implements, in OpenVPN's spelling. */
export const SUPPORTED_DATA_CIPHERS: ReadonlySet<string> = new Set(DATA_CIPHER_NAMES);

export const SUPPORTED_DIGESTS: ReadonlySet<string> = new Set([
  'SHA1',
  'SHA224',
  'SHA256',
  'SHA384',
  'SHA512',
]);

export const DEFAULT_DIGEST = 'SHA1';

/** OpenVPN matches cipher names case-insensitively; `id-aes128-GCM` style aliases are rare. */
export function canonicalCipher(name: string): string {
  return name.toUpperCase();
}

export interface CipherInput {
  /** `data-ciphers` / `ncp-ciphers`, if given. */
  dataCiphers?: string[];
  /** Legacy `cipher X`, if given. */
  cipher?: string;
  /** `data-ciphers-fallback X`, if given. */
  fallback?: string;
}

export interface CipherResult {
  dataCiphers: string[];
  fallback?: string;
  /** Human-readable findings (unsupported names dropped). */
  notes: string[];
  /** Set when nothing usable is left. */
  error?: string;
}

export function effectiveCiphers(input: CipherInput): CipherResult {
  const notes: string[] = [];
  const list: string[] = [];
  for (const raw of input.dataCiphers ?? DEFAULT_DATA_CIPHERS) {
    // A leading '?' marks a cipher as optional in OpenVPN 2.6: skip it quietly if unknown.
    const optional = raw.startsWith('?');
    const name = canonicalCipher(optional ? raw.slice(1) : raw);
    if (SUPPORTED_DATA_CIPHERS.has(name)) {
      if (!list.includes(name)) list.push(name);
    } else if (!optional) {
      notes.push(`data cipher ${name} is not supported by Gangway and is left out`);
    }
  }
  let fallback: string | undefined;
  if (input.cipher !== undefined) {
    const name = canonicalCipher(input.cipher);
    if (SUPPORTED_DATA_CIPHERS.has(name)) {
      if (!list.includes(name)) list.push(name);
      fallback = name;
    } else {
      notes.push(
        `cipher ${name} is not supported by Gangway and is ignored; the server must offer one of ${list.join(':') || 'the data ciphers'}`,
      );
    }
  }
  if (input.fallback !== undefined) {
    const name = canonicalCipher(input.fallback);
    if (SUPPORTED_DATA_CIPHERS.has(name)) fallback = name;
    else notes.push(`data-ciphers-fallback ${name} is not supported by Gangway and is ignored`);
  }
  const result: CipherResult = { dataCiphers: list, notes, ...(fallback ? { fallback } : {}) };
  if (list.length === 0) {
    result.error = `no supported data cipher: Gangway supports ${[...SUPPORTED_DATA_CIPHERS].join(', ')}`;
  }
  return result;
}

/** Canonical digest name, or undefined when Gangway cannot do it. */
export function canonicalDigest(name: string): string | undefined {
  const upper = name.toUpperCase().replace(/^SHA-/, 'SHA');
  return SUPPORTED_DIGESTS.has(upper) ? upper : undefined;
}
