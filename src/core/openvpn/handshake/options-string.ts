/**
 * The OCC options string the client sends in key-method 2 (options.c options_string).
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

/**
 * The cipher OpenVPN describes in the OCC string: the profile's `cipher`, or BF-CBC (2.6's
 * internal default) when there is none. Sizes feed `keysize` and the legacy `link-mtu`.
 */
interface OccCipher {
  keyBits: number;
  ivBytes: number;
  blockBytes: number;
  aead: boolean;
}

const BF_CBC: OccCipher = { keyBits: 128, ivBytes: 8, blockBytes: 8, aead: false };

function occCipher(cipher: string | undefined): OccCipher {
  const name = cipher?.toUpperCase() ?? '';
  const aes = /^AES-(128|192|256)-(CBC|GCM)$/.exec(name);
  if (aes) {
    const aead = aes[2] === 'GCM';
    return { keyBits: Number(aes[1]), ivBytes: aead ? 12 : 16, blockBytes: 16, aead };
  }
  if (name === 'CHACHA20-POLY1305') return { keyBits: 256, ivBytes: 12, blockBytes: 1, aead: true };
  return BF_CBC;
}

const DIGEST_BYTES: ReadonlyMap<string, number> = new Map([
  ['SHA1', 20],
  ['SHA224', 28],
  ['SHA256', 32],
  ['SHA384', 48],
  ['SHA512', 64],
]);

/**
 * options.c calc_options_string_link_mtu: tun-mtu plus the worst-case overhead old peers
 * assumed (opcode, packet id, IV and a full block; the HMAC unless AEAD). Only compared, never
 * enforced, by 2.6 servers.
 */
function linkMtu(input: OptionsStringInput, c: OccCipher): number {
  let overhead = 1 + 4 + c.ivBytes + c.blockBytes;
  if (c.aead) overhead += 16;
  else overhead += DIGEST_BYTES.get(input.digest.toUpperCase()) ?? 20;
  if (input.proto === 'tcp') overhead += 2;
  if (input.compression) overhead += 1;
  return input.tunMtu + overhead;
}

export function buildOptionsString(input: OptionsStringInput): string {
  const proto = `${input.proto === 'udp' ? 'UDP' : 'TCP'}v${input.family === 6 ? 6 : 4}${
    input.proto === 'tcp' ? '_CLIENT' : ''
  }`;
  const cipher = occCipher(input.cipher);
  const parts = [
    'V4',
    'dev-type tun',
    `link-mtu ${linkMtu(input, cipher)}`,
    `tun-mtu ${input.tunMtu}`,
    `proto ${proto}`,
  ];
  if (input.compression) parts.push('comp-lzo');
  if (input.keyDirection === 0 || input.keyDirection === 1)
    parts.push(`keydir ${input.keyDirection}`);
  const announced =
    input.cipher && input.dataCiphers.some((c) => c.toUpperCase() === input.cipher?.toUpperCase());
  if (announced && input.cipher) parts.push(`cipher ${input.cipher.toUpperCase()}`);
  // AEAD ciphers have no separate HMAC: OpenVPN prints its "none" digest name.
  parts.push(`auth ${cipher.aead ? '[null-digest]' : input.digest.toUpperCase()}`);
  parts.push(`keysize ${cipher.keyBits}`);
  if (input.tlsAuth) parts.push('tls-auth');
  parts.push('key-method 2', 'tls-client');
  return parts.join(',');
}
