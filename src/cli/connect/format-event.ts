/**
 * One line per state change for humans, and the hint of a failure on a second line (the
 * --json form prints the SessionEvent itself). Lines, not text: each is printed as one
 * terminal line, whatever the server put in its message.
 */
import type { TunnelState } from '../../shared/tunnel-state';

export function describeState(s: TunnelState): string[] {
  const hint = s.kind === 'failed' ? s.reason.hint : undefined;
  return hint ? [stateLine(s), `  ${hint}`] : [stateLine(s)];
}

function stateLine(s: TunnelState): string {
  switch (s.kind) {
    case 'disconnected':
    case 'disconnecting':
      return s.kind;
    case 'resolving':
      return `resolving ${s.remote.host}`;
    case 'connecting':
      return `connecting to ${s.remote.address ?? s.remote.host}:${s.remote.port}/${s.remote.proto} (attempt ${s.attempt})`;
    case 'tls-handshake':
    case 'authenticating':
    case 'getting-config':
    case 'configuring':
      return s.kind;
    case 'awaiting-credentials':
      return s.request.kind === 'challenge'
        ? `server challenge: ${s.request.text}`
        : 'waiting for credentials';
    case 'connected': {
      const t = s.tunnel;
      return `connected: ${t.interfaceName} ${[t.ipv4, t.ipv6].filter(Boolean).join(' ')} cipher ${t.cipher}${t.digest ? `/${t.digest}` : ''}`;
    }
    case 'reconnecting':
      return s.delayMs > 0
        ? `reconnecting in ${Math.round(s.delayMs / 1000)} s: ${s.reason.message}`
        : `reconnecting now: ${s.reason.message}`;
    case 'failed':
      return `failed (${s.reason.code}): ${s.reason.message}`;
  }
}
