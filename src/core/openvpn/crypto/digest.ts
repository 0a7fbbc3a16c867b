/**
 * OpenVPN digest names (`auth SHA256`) mapped to node:crypto names and output sizes. The size
 * matters on the wire: tls-auth and CBC data packets carry a full-length HMAC.
 */
import { GangwayError } from '../../errors';

export interface DigestInfo {
  /** OpenVPN's spelling, upper case, e.g. "SHA256". */
  name: string;
  /** node:crypto algorithm name. */
  nodeName: string;
  /** Output (and HMAC key) length in bytes. */
  size: number;
}

const DIGESTS: ReadonlyMap<string, DigestInfo> = new Map(
  [
    { name: 'SHA1', nodeName: 'sha1', size: 20 },
    { name: 'SHA224', nodeName: 'sha224', size: 28 },
    { name: 'SHA256', nodeName: 'sha256', size: 32 },
    { name: 'SHA384', nodeName: 'sha384', size: 48 },
    { name: 'SHA512', nodeName: 'sha512', size: 64 },
  ].map((d) => [d.name, d]),
);

/** Accepts "SHA256", "sha256", "SHA-256" (OpenSSL long names appear in some profiles). */
export function lookupDigest(name: string): DigestInfo {
  const key = name.toUpperCase().replace(/-/g, '');
  const info = DIGESTS.get(key);
  if (!info) {
    throw new GangwayError(
      'config-invalid',
      `Unsupported HMAC digest "${name}"`,
      `Use one of ${[...DIGESTS.keys()].join(', ')} in the profile's "auth" line.`,
    );
  }
  return info;
}
