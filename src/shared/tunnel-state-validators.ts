/**
 * Runtime validators for the types in tunnel-state.ts. Each is annotated with the declared type,
 * so a change to the union that these do not follow is a compile error here.
 */
import {
  FAILURE_CODES,
  type CredentialRequest,
  type FailureReason,
  type LogLevel,
  type ReconnectReason,
  type RemoteEndpoint,
  type TrafficStats,
  type TunnelInfo,
  type TunnelState,
} from './tunnel-state';
import * as v from './validate';

const text = v.string({ max: 4096 });
const count = v.number({ min: 0 });

export const remoteEndpoint: v.Validator<RemoteEndpoint> = v.object({
  host: v.string({ max: 255 }),
  port: v.number({ integer: true, min: 0, max: 65535 }),
  proto: v.literal('udp', 'tcp'),
  address: v.optional(v.string({ max: 64 })),
});

const challengeText = v.object({ text, echo: v.boolean });

export const credentialRequest: v.Validator<CredentialRequest> = v.tagged('kind', {
  'user-pass': { username: v.optional(text), staticChallenge: v.optional(challengeText) },
  challenge: { text, echo: v.boolean, username: text },
  'key-passphrase': { source: v.literal('key', 'pkcs12') },
});

export const failureReason: v.Validator<FailureReason> = v.object({
  code: v.literal(...FAILURE_CODES),
  message: text,
  hint: v.optional(text),
});

export const reconnectReason: v.Validator<ReconnectReason> = v.object({
  code: v.literal(
    'ping-timeout',
    'server-restart',
    'transport-error',
    'remote-failed',
    'network-changed',
    'woke-from-sleep',
  ),
  message: text,
});

const strings = v.array(text, { max: 1000 });

export const tunnelInfo: v.Validator<TunnelInfo> = v.object({
  interfaceName: v.string({ max: 64 }),
  ipv4: v.optional(v.string({ max: 64 })),
  ipv6: v.optional(v.string({ max: 64 })),
  routes: strings,
  dns: strings,
  cipher: v.string({ max: 64 }),
  digest: v.optional(v.string({ max: 64 })),
  compression: v.string({ max: 64 }),
  peerId: v.optional(v.number({ integer: true, min: 0 })),
  mtu: v.number({ integer: true, min: 0, max: 65535 }),
});

const attempt = v.number({ integer: true, min: 0 });

export const tunnelState: v.Validator<TunnelState> = v.tagged('kind', {
  disconnected: {},
  resolving: { remote: remoteEndpoint },
  connecting: { remote: remoteEndpoint, attempt },
  'tls-handshake': { remote: remoteEndpoint },
  authenticating: { remote: remoteEndpoint },
  'awaiting-credentials': { remote: remoteEndpoint, request: credentialRequest },
  'getting-config': { remote: remoteEndpoint },
  configuring: { remote: remoteEndpoint },
  connected: { remote: remoteEndpoint, tunnel: tunnelInfo, since: count },
  reconnecting: { reason: reconnectReason, attempt, delayMs: count },
  disconnecting: {},
  failed: { reason: failureReason },
});

export const trafficStats: v.Validator<TrafficStats> = v.object({
  bytesIn: count,
  bytesOut: count,
  packetsIn: count,
  packetsOut: count,
  rateIn: count,
  rateOut: count,
  droppedAuth: count,
  droppedReplay: count,
});

export const logLevel: v.Validator<LogLevel> = v.literal('debug', 'info', 'warn', 'error');
