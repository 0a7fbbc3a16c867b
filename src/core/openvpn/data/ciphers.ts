/**
 * Data-channel ciphers the engine implements, by OpenVPN name. AEAD ciphers use the 2.6
 * "tag first" layout; CBC ciphers need an HMAC digest (`auth`).
 */
export interface DataCipherInfo {
  /** OpenVPN's canonical upper-case name, e.g. "AES-256-GCM". */
  name: string;
  nodeName: string;
  keyBytes: number;
  kind: 'aead' | 'cbc';
}

const CIPHERS: readonly DataCipherInfo[] = [
  { name: 'AES-128-GCM', nodeName: 'aes-128-gcm', keyBytes: 16, kind: 'aead' },
  { name: 'AES-192-GCM', nodeName: 'aes-192-gcm', keyBytes: 24, kind: 'aead' },
  { name: 'AES-256-GCM', nodeName: 'aes-256-gcm', keyBytes: 32, kind: 'aead' },
  { name: 'CHACHA20-POLY1305', nodeName: 'chacha20-poly1305', keyBytes: 32, kind: 'aead' },
  { name: 'AES-128-CBC', nodeName: 'aes-128-cbc', keyBytes: 16, kind: 'cbc' },
  { name: 'AES-192-CBC', nodeName: 'aes-192-cbc', keyBytes: 24, kind: 'cbc' },
  { name: 'AES-256-CBC', nodeName: 'aes-256-cbc', keyBytes: 32, kind: 'cbc' },
];

/** OpenSSL long names that appear in old profiles, mapped to OpenVPN's names. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ID-AES128-GCM', 'AES-128-GCM'],
  ['ID-AES192-GCM', 'AES-192-GCM'],
  ['ID-AES256-GCM', 'AES-256-GCM'],
]);

export function canonicalCipherName(name: string): string {
  const upper = name.trim().toUpperCase();
  return ALIASES.get(upper) ?? upper;
}

/** undefined when the engine cannot run this cipher (e.g. BF-CBC, "none"). */
export function lookupDataCipher(name: string): DataCipherInfo | undefined {
  const canonical = canonicalCipherName(name);
  return CIPHERS.find((c) => c.name === canonical);
}

/** The one list of cipher names the engine runs; config/ciphers.ts checks profiles against it. */
export const DATA_CIPHER_NAMES: readonly string[] = CIPHERS.map((c) => c.name);

/** AEAD: 16-byte tag; nonce = packet_id(4) || implicit IV(8). */
export const AEAD_TAG_BYTES = 16;
export const AEAD_IMPLICIT_IV_BYTES = 8;
export const CBC_IV_BYTES = 16;
