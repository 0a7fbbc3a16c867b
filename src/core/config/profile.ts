/**
 * A normalized, self-contained profile: everything the engine needs, with all key material
 * inline, whatever form the user imported (single file, sibling files, zip, PKCS#12, Tencent
 * API JSON). This is what the profile store keeps on disk (mode 0600) and what the engine reads.
 */

export type TransportProto = 'udp' | 'tcp';

export interface Remote {
  host: string;
  port: number;
  proto: TransportProto;
  /** `udp4`/`tcp6-client` etc. pin the address family. */
  family?: 4 | 6;
}

export type TlsWrap =
  | { mode: 'none' }
  /** `key` is the OpenVPN static key file text (2048-bit, "-----BEGIN OpenVPN Static key V1-----"). */
  | { mode: 'tls-auth'; key: string; keyDirection: 0 | 1 | null }
  | { mode: 'tls-crypt'; key: string }
  /** `key` is the client's tls-crypt-v2 key file text (client key + wrapped key). */
  | { mode: 'tls-crypt-v2'; key: string };

export type Compression =
  | 'none'
  /** `comp-lzo` / `compress lzo`: framing byte, server may send LZO. */
  | 'lzo'
  /** `compress lz4` */
  | 'lz4'
  /** `compress lz4-v2` */
  | 'lz4-v2'
  /** `compress` / `compress stub` */
  | 'stub'
  /** `compress stub-v2` */
  | 'stub-v2';

export interface VerifyX509Name {
  name: string;
  type: 'subject' | 'name' | 'name-prefix';
}

export interface CertificateInfo {
  role: 'ca' | 'client' | 'extra';
  subject: string;
  issuer: string;
  notBefore: string; // ISO-8601
  notAfter: string; // ISO-8601
  sha256: string; // hex, colon-separated upper case like openssl
  keyType: string; // "RSA", "EC"
  keyBits: number;
  signatureAlgorithm: string;
}

export interface Profile {
  /** Store key and display name. */
  name: string;
  remotes: Remote[];
  remoteRandom: boolean;
  /** Seconds: `connect-retry N [MAX]`. */
  connectRetry: { initial: number; max: number };
  /** `connect-retry-max N`: give up after N tries of the whole remote list; unset = forever. */
  connectRetryMax?: number;
  /** Seconds to wait for a server answer per remote (`server-poll-timeout`, default 120). */
  serverPollTimeout: number;
  /** Seconds to keep retrying DNS (`resolv-retry`), or 'infinite'. */
  resolvRetry: number | 'infinite';
  /** `nobind`, `float` etc. need nothing from us; `lport`/`bind` do. */
  localPort?: number;

  /** PEM text; empty only when the CAs come from a locked `pkcs12` bundle at connect. */
  ca: string;
  /** PEM client certificate chain, when certificate auth is used (unknown for a locked bundle). */
  cert?: string;
  /** PEM private key (PKCS#8 or traditional); encrypted, as imported, when `keyEncrypted`. */
  key?: string;
  /**
   * Base64 of a password-protected PKCS#12 bundle, stored as imported so that its key never
   * sits in the clear on disk. A bundle without a password is unpacked into `cert` and `key`.
   */
  pkcs12?: string;
  /** `key` or `pkcs12` needs a passphrase at connect (config/unlock-key.ts). */
  keyEncrypted?: boolean;
  /** Extra certificates to send with the client chain. */
  extraCerts?: string;

  tlsWrap: TlsWrap;
  /** Effective list offered to the server (IV_CIPHERS), in order; includes a named `cipher`. */
  dataCiphers: string[];
  /** `data-ciphers-fallback`, or the `cipher` for servers without negotiation. */
  dataCiphersFallback?: string;
  /** HMAC digest for CBC ciphers and tls-auth (`auth`), default SHA1. */
  digest: string;
  compression: Compression;
  /** `comp-lzo` was given (as opposed to `compress`): affects framing and OCC strings. */
  compLzo: boolean;
  /** `allow-compression`; unset means OpenVPN 2.6's default (`no`: stub framings only). */
  allowCompression?: 'no' | 'asym' | 'yes';

  /** `auth-user-pass`: the user is asked for username and password. */
  authUserPass: boolean;
  /** Username stored inline (`auth-user-pass` file with only a username, or `<auth-user-pass>` block). */
  username?: string;
  staticChallenge?: { text: string; echo: boolean };
  authNoCache: boolean;

  remoteCertTls?: 'server';
  /** `remote-cert-ku` hex values, when given. */
  remoteCertKu?: string[];
  remoteCertEku?: string;
  verifyX509Name?: VerifyX509Name;
  tlsVersionMin?: string;
  tlsVersionMax?: string;
  tlsCipher?: string;
  tlsCiphersuites?: string;
  tlsGroups?: string;

  /** Seconds; default 3600. */
  renegSec: number;
  renegBytes?: number;
  renegPackets?: number;
  /** `tran-window`: seconds the previous data key lives after a renegotiation starts (3600). */
  tranWindow?: number;
  /** `replay-window n [t]`: window in packets and its time backtrack in seconds (64, 15). */
  replayWindow?: { packets: number; seconds: number };
  /** Seconds. `keepalive a b` sets ping a and ping-restart b. */
  ping?: number;
  pingRestart?: number;
  pingExit?: number;
  /** Count of exit-notify messages to send (UDP). */
  explicitExitNotify: number;
  /** Bytes, or undefined for OpenVPN's default (1492 UDP framing). */
  mssfix?: number;
  tunMtu: number;
  /** `pull` / `client`: ask the server for configuration. Always true from the importer (pull-only client). */
  pull: boolean;
  /** `route-nopull`: ignore pushed routes. */
  routeNoPull: boolean;
  /** `pull-filter` rules, in order. */
  pullFilters: Array<{ action: 'accept' | 'ignore' | 'reject'; text: string }>;
  /** Routes from the profile itself (`route`, `route-ipv6`). */
  routes: Array<{ destination: string; gateway?: string; metric?: number }>;
  redirectGateway?: { flags: string[] };
  /** `setenv IV_GUI_VER` / `setenv UV_*` etc. that go into peer-info. */
  peerInfoExtras: Record<string, string>;
  /** `dhcp-option TYPE [VALUE]` lines from the profile itself (DNS, DOMAIN, …), TYPE upper-cased. */
  dhcpOptions?: Array<{ type: string; value?: string }>;
  /** `dns …` lines (OpenVPN 2.6 syntax) from the profile itself, arguments as written. */
  dnsOptions?: string[][];

  /** The `dev` type: only tun is supported. */
  dev: 'tun';
  /** Certificates found in the profile, for display and expiry badges. */
  certificates: CertificateInfo[];
  /** Non-fatal findings from import: ignored directives, weak or expiring certificates. */
  warnings: string[];
  /** Where the profile came from. */
  source: { path: string; form: 'file' | 'zip' | 'tencent-json' | 'text'; importedAt: string };
}
