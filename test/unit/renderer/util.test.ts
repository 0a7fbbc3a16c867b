import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../src/shared/ipc-schema';
import type { TunnelState } from '../../../src/shared/tunnel-state';
import { translate } from '../../../src/renderer/i18n/i18n';
import { formatBytes, formatDuration, formatRate } from '../../../src/renderer/util/format';
import { authText, expiryBadge, serverText } from '../../../src/renderer/util/profile-facts';
import { isBusy, isOn, stageStep, stageText } from '../../../src/renderer/util/stage';

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);
const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

function profile(over: Partial<ProfileView> = {}): ProfileView {
  return {
    name: 'p',
    remotes: [{ host: 'vpn.example.com', port: 1194, proto: 'udp' }],
    dataCiphers: ['AES-256-GCM'],
    digest: 'SHA1',
    tlsWrap: 'none',
    serverVerified: true,
    compression: 'none',
    certificateAuth: true,
    pkcs12: false,
    authUserPass: false,
    certificates: [],
    warnings: [],
    source: { path: 'p.ovpn', form: 'file', importedAt: '2026-01-01T00:00:00Z' },
    passwordSaved: false,
    ...over,
  };
}

function cert(role: 'ca' | 'client' | 'extra', notAfter: number) {
  return {
    role,
    subject: 'CN=x',
    issuer: 'CN=ca',
    notBefore: new Date(NOW - 100 * DAY).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    sha256: 'AA',
  };
}

describe('certificate expiry badge', () => {
  it('is absent at 30 days or more', () => {
    expect(expiryBadge(profile({ certificates: [cert('client', NOW + 31 * DAY)] }), t, NOW)).toBe(
      undefined,
    );
  });
  it('warns under 30 days, for the soonest of CA and client', () => {
    const p = profile({
      certificates: [cert('ca', NOW + 5.5 * DAY), cert('client', NOW + 20 * DAY)],
    });
    expect(expiryBadge(p, t, NOW)).toEqual({ tone: 'warn', text: 'Certificate expires in 5 days' });
  });
  it('says expired once passed, and ignores extra chain certificates', () => {
    expect(expiryBadge(profile({ certificates: [cert('client', NOW - DAY)] }), t, NOW)).toEqual({
      tone: 'bad',
      text: 'Certificate expired',
    });
    expect(expiryBadge(profile({ certificates: [cert('extra', NOW - DAY)] }), t, NOW)).toBe(
      undefined,
    );
  });
});

describe('profile facts', () => {
  it('names the sign-in method', () => {
    expect(authText(profile(), t)).toBe('Certificate');
    expect(authText(profile({ certificateAuth: false, authUserPass: true }), t)).toBe(
      'Username and password',
    );
    expect(
      authText(profile({ authUserPass: true, staticChallenge: { text: 'OTP', echo: true } }), t),
    ).toBe('Certificate and password, with one-time code');
  });
  it('shows the first remote and how many more there are', () => {
    const p = profile({
      remotes: [
        { host: 'a.example', port: 443, proto: 'tcp' },
        { host: 'b.example', port: 443, proto: 'tcp' },
      ],
    });
    expect(serverText(p)).toBe('a.example:443 +1');
  });
});

describe('stages', () => {
  const remote = { host: 'h', port: 1, proto: 'udp' as const };
  it('says each connecting stage in words, with its step', () => {
    const tls: TunnelState = { kind: 'tls-handshake', remote };
    expect(stageText(tls, t)).toBe('TLS handshake');
    expect(stageStep(tls)).toEqual({ step: 3, total: 6 });
    expect(stageText({ kind: 'getting-config', remote }, t)).toBe('Getting configuration');
    expect(stageText({ kind: 'connecting', remote, attempt: 3 }, t)).toBe(
      'Contacting the server (attempt 3)',
    );
  });
  it('names the laptop reconnect reasons in the UI language, without a 0 s countdown', () => {
    const reason = { code: 'network-changed' as const, message: 'the network changed' };
    expect(stageText({ kind: 'reconnecting', reason, attempt: 1, delayMs: 0 }, t)).toBe(
      'Reconnecting: network changed',
    );
    const woke = { code: 'woke-from-sleep' as const, message: 'woke from sleep (150 s)' };
    expect(stageText({ kind: 'reconnecting', reason: woke, attempt: 1, delayMs: 0 }, t)).toBe(
      'Reconnecting: woke from sleep',
    );
    const ping = { code: 'ping-timeout' as const, message: 'no packets from the server' };
    expect(stageText({ kind: 'reconnecting', reason: ping, attempt: 2, delayMs: 2000 }, t)).toBe(
      'Reconnecting in 2 s: no packets from the server',
    );
  });
  it('treats the switch as on while connecting or connected, off when failed', () => {
    expect(isOn({ kind: 'authenticating', remote })).toBe(true);
    expect(isOn({ kind: 'failed', reason: { code: 'auth-failed', message: 'x' } })).toBe(false);
    expect(isBusy({ kind: 'disconnecting' })).toBe(true);
    expect(isBusy({ kind: 'disconnected' })).toBe(false);
  });
});

describe('formatting', () => {
  it('formats counters, rates and uptime', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(48 * 1024 * 1024)).toBe('48.0 MiB');
    expect(formatRate(125_000)).toBe('1.0 Mbit/s');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(90_061_000)).toBe('1:01:01:01');
  });
});
