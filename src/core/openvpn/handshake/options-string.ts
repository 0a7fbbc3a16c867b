/**
 * The OCC options string the client sends in key-method 2 (options.c options_string, doc 4.4).
 * A 2.6 server only warns on a mismatch, reads `cipher X` as a legacy fallback, and looks for
 * `,comp-lzo` under `compress migrate`, so fidelity matters only for those fields.
 */
export interface OptionsStringInput {
  proto: 'udp' | 'tcp';
  /** Address family of the remote; IPv6 changes the proto token. */
  family?: 4 | 6;
  tunMtu: number;
  /** `--cipher` from the profile, announced only if also in the data-ciphers list. */
  cipher?: string;
  dataCiphers: string[];
  digest: string;
  /** Any comp-lzo/compress option configured (stub or real). */
  compression: boolean;
  tlsAuth: boolean;
  keyDirection?: 0 | 1 | null;
}

/** What OpenVPN uses for a cipher-less 2.6 default client (BF-CBC placeholder: 128-bit key). */
const DEFAULT_KEYSIZE_BITS = 128;
/** The value stock 2.6 reports for its default frame; only very old peers look at it. */
const LINK_MTU = 1541;

function keysizeBits(cipher: string | undefined): number {
  const match = cipher && /^AES-(128|192|256)-/i.exec(cipher);
  if (match) return Number(match[1]);
  if (cipher && /^CHACHA20-POLY1305$/i.test(cipher)) return 256;
  return DEFAULT_KEYSIZE_BITS;
}

export function buildOptionsString(input: OptionsStringInput): string {
  const proto = `${input.proto === 'udp' ? 'UDP' : 'TCP'}v${input.family === 6 ? 6 : 4}${
    input.proto === 'tcp' ? '_CLIENT' : ''
  }`;
  const parts = [
    'V4',
    'dev-type tun',
    `link-mtu ${LINK_MTU}`,
    `tun-mtu ${input.tunMtu}`,
    `proto ${proto}`,
  ];
  if (input.compression) parts.push('comp-lzo');
  if (input.keyDirection === 0 || input.keyDirection === 1)
    parts.push(`keydir ${input.keyDirection}`);
  const announced =
    input.cipher && input.dataCiphers.some((c) => c.toUpperCase() === input.cipher?.toUpperCase());
  if (announced && input.cipher) parts.push(`cipher ${input.cipher.toUpperCase()}`);
  parts.push(
    `auth ${input.digest.toUpperCase()}`,
    `keysize ${keysizeBits(announced ? input.cipher : undefined)}`,
  );
  if (input.tlsAuth) parts.push('tls-auth');
  parts.push('key-method 2', 'tls-client');
  return parts.join(',');
}
