/**
 * The tunnel state: one discriminated union used by the engine, the CLI, Electron main, the
 * IPC schema and the renderer. The engine's transitions happen in the session state machine
 * (src/core/openvpn/session/session.ts); the session manager adds only what the worker process
 * cannot report (docs/ARCHITECTURE.md). Everything else only reads these values.
 */

export interface RemoteEndpoint {
  host: string;
  port: number;
  proto: 'udp' | 'tcp';
  /** The resolved address, once known. */
  address?: string;
}

/** What the user must type before the session can go on. */
export type CredentialRequest =
  | { kind: 'user-pass'; username?: string; staticChallenge?: { text: string; echo: boolean } }
  /** A dynamic challenge (CRV1) from the server. */
  | { kind: 'challenge'; text: string; echo: boolean; username: string }
  /** The passphrase of the profile's encrypted key or PKCS#12 bundle, asked before connecting. */
  | { kind: 'key-passphrase'; source: 'key' | 'pkcs12' };

/** Every failure code; the `FailureCode` type, the IPC validator and the engine all use this list. */
export const FAILURE_CODES = [
  'config-invalid',
  'dns-failed',
  'no-answer',
  'connection-refused',
  'tls-failed',
  'server-cert-untrusted',
  'server-cert-usage',
  'server-cert-name',
  'server-cert-expired',
  'client-cert-rejected',
  'client-cert-expired',
  'auth-failed',
  'no-common-cipher',
  'push-failed',
  'helper-failed',
  'server-exited',
  'internal',
  'key-locked',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

/** A reason a user can act on: `message` says what happened, `hint` what to try. */
export interface FailureReason {
  code: FailureCode;
  message: string;
  hint?: string;
}

export type ReconnectReason =
  | { code: 'ping-timeout'; message: string }
  | { code: 'server-restart'; message: string }
  | { code: 'transport-error'; message: string }
  | { code: 'remote-failed'; message: string }
  /** The path to the server changed (address, default route, link) and the session did not survive it. */
  | { code: 'network-changed'; message: string }
  /** The computer slept (or the engine was stopped) for longer than the session could last. */
  | { code: 'woke-from-sleep'; message: string };

export interface TunnelInfo {
  interfaceName: string;
  ipv4?: string; // CIDR
  ipv6?: string; // CIDR
  routes: string[];
  dns: string[];
  cipher: string;
  /** HMAC digest for CBC ciphers, absent for AEAD. */
  digest?: string;
  compression: string;
  peerId?: number;
  mtu: number;
}

export type TunnelState =
  | { kind: 'disconnected' }
  | { kind: 'resolving'; remote: RemoteEndpoint }
  | { kind: 'connecting'; remote: RemoteEndpoint; attempt: number }
  | { kind: 'tls-handshake'; remote: RemoteEndpoint }
  | { kind: 'authenticating'; remote: RemoteEndpoint }
  | { kind: 'awaiting-credentials'; remote: RemoteEndpoint; request: CredentialRequest }
  | { kind: 'getting-config'; remote: RemoteEndpoint }
  | { kind: 'configuring'; remote: RemoteEndpoint }
  | { kind: 'connected'; remote: RemoteEndpoint; tunnel: TunnelInfo; since: number }
  | { kind: 'reconnecting'; reason: ReconnectReason; attempt: number; delayMs: number }
  | { kind: 'disconnecting' }
  | { kind: 'failed'; reason: FailureReason };

export type TunnelStateKind = TunnelState['kind'];

export interface TrafficStats {
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  /** Bytes per second, averaged over the last second or so. */
  rateIn: number;
  rateOut: number;
  /** Data packets dropped because their authentication tag failed. */
  droppedAuth: number;
  /** Data packets dropped as replays or too old for the replay window. */
  droppedReplay: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type SessionEvent =
  | { type: 'state'; state: TunnelState; at: number }
  | { type: 'stats'; stats: TrafficStats; at: number }
  | { type: 'log'; level: LogLevel; message: string; at: number };

/** Stages shown while connecting, in the order they happen. */
export const CONNECTING_KINDS: readonly TunnelStateKind[] = [
  'resolving',
  'connecting',
  'tls-handshake',
  'authenticating',
  'awaiting-credentials',
  'getting-config',
  'configuring',
  'reconnecting',
];
