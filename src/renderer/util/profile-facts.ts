import type { Translate } from '../i18n/i18n';
import type { ProfileView } from '../../shared/ipc-schema';
import type { TunnelState } from '../../shared/tunnel-state';
import { certificateExpiry } from '../../shared/cert-expiry';

/** The profile as main shows it to the UI: no key material, only what is displayed. */
export type ProfileFacts = ProfileView;

export function serverText(p: ProfileFacts): string {
  const first = p.remotes[0];
  if (!first) return '—';
  const more = p.remotes.length > 1 ? ` +${p.remotes.length - 1}` : '';
  return `${first.host}:${first.port}${more}`;
}

export function protocolText(p: ProfileFacts): string {
  const protos = [...new Set(p.remotes.map((r) => r.proto.toUpperCase()))];
  return protos.join(' / ') || '—';
}

/** Every data cipher the profile offers the server, in order of preference. */
export function offeredCiphersText(p: ProfileFacts): string {
  const offered = [...p.dataCiphers];
  if (p.dataCiphersFallback && !offered.includes(p.dataCiphersFallback)) {
    offered.push(p.dataCiphersFallback);
  }
  return offered.join(', ') || '—';
}

/** The cipher the server chose, once connected (with its HMAC digest for CBC ciphers). */
export function cipherInUse(state: TunnelState): string | undefined {
  if (state.kind !== 'connected') return undefined;
  const { cipher, digest } = state.tunnel;
  return digest ? `${cipher} / ${digest}` : cipher;
}

export function authText(p: ProfileFacts, t: Translate): string {
  const hasCert = p.certificateAuth;
  let base: string;
  if (p.pkcs12) base = t('profiles.auth.pkcs12');
  else if (hasCert && p.authUserPass) base = t('profiles.auth.certificateAndPassword');
  else if (p.authUserPass) base = t('profiles.auth.password');
  else base = t('profiles.auth.certificate');
  return p.staticChallenge ? `${base}, ${t('profiles.auth.otp')}` : base;
}

export type ExpiryBadge = { tone: 'bad' | 'warn'; text: string } | undefined;

/**
 * A badge when the soonest-expiring certificate the profile uses is under 30 days away; the
 * same computation as the import note (certificateExpiry), so both say the same number.
 */
export function expiryBadge(p: ProfileFacts, t: Translate, now = Date.now()): ExpiryBadge {
  const ends = p.certificates.filter((c) => c.role !== 'extra').map((c) => Date.parse(c.notAfter));
  const soonest = ends.filter(Number.isFinite).reduce((a, b) => Math.min(a, b), Infinity);
  if (!Number.isFinite(soonest)) return undefined;
  const expiry = certificateExpiry(soonest, now);
  if (expiry.kind === 'expired') return { tone: 'bad', text: t('profiles.cert.expired') };
  if (expiry.kind === 'valid') return undefined;
  if (expiry.days === 0) return { tone: 'warn', text: t('profiles.cert.expiresToday') };
  return { tone: 'warn', text: t('profiles.cert.expiresIn', { days: expiry.days }) };
}
