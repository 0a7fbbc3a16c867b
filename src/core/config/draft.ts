import type { Compression, Profile, TransportProto } from './profile';

/** Key material as found in the config: text plus where it came from, for messages. */
export interface Material {
  text: string;
  /** Bytes, for binary material (PKCS#12). */
  bytes?: Uint8Array;
  /** `ca.crt`, `<ca> block`, … */
  origin: string;
  line: number;
}

/** A directive naming `[inline]` waits for its block; a block alone also counts. */
export type MaterialSlot =
  | 'ca'
  | 'cert'
  | 'key'
  | 'pkcs12'
  | 'extra-certs'
  | 'tls-auth'
  | 'tls-crypt'
  | 'tls-crypt-v2'
  | 'auth-user-pass';

export interface DraftRemote {
  host: string;
  port?: number;
  proto?: TransportProto;
  family?: 4 | 6;
  line: number;
}

/**
 * What the directives said, before defaults and cross-checks. Handlers only record; building
 * the Profile (build-profile.ts) applies OpenVPN's order-independent defaults.
 */
export interface Draft {
  remotes: DraftRemote[];
  defaultPort?: number;
  defaultProto?: TransportProto;
  defaultFamily?: 4 | 6;
  material: Partial<Record<MaterialSlot, Material>>;
  /** Slots a directive said are `[inline]`, with the line that said so. */
  inlinePending: Partial<Record<MaterialSlot, number>>;
  /** `auth-user-pass` appeared (with or without a file). */
  authUserPass: boolean;
  tlsAuthDirection?: 0 | 1 | null;
  keyDirection?: 0 | 1 | null;
  cipher?: { name: string; line: number };
  dataCiphers?: { names: string[]; line: number };
  dataCiphersFallback?: string;
  digest?: string;
  compression?: Compression;
  compLzo: boolean;
  allowCompression?: 'no' | 'asym' | 'yes';
  /** Profile fields a directive sets directly (timers, routes, TLS checks, …). */
  fields: Partial<Profile>;
  /** Unknown directives that `ignore-unknown-option` or `setenv opt` made optional. */
  optionalUnknown: Set<string>;
  forwardCompatible: boolean;
}

export function emptyDraft(): Draft {
  return {
    remotes: [],
    material: {},
    inlinePending: {},
    authUserPass: false,
    compLzo: false,
    fields: {},
    optionalUnknown: new Set(),
    forwardCompatible: false,
  };
}
