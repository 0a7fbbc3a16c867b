import type { Translate } from '../i18n/i18n';
import type { ProfileView } from '../../shared/ipc-schema';
import { daysUntil } from './format';

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

/** The cipher the server will most likely pick: the first offered one. */
export function cipherText(p: ProfileFacts): string {
  return p.dataCiphers[0] ?? p.dataCiphersFallback ?? '—';
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

/** A badge when the soonest-expiring certificate the profile uses is under 30 days away. */
export function expiryBadge(p: ProfileFacts, t: Translate, now = Date.now()): ExpiryBadge {
  const ends = p.certificates.filter((c) => c.role !== 'extra').map((c) => Date.parse(c.notAfter));
  const soonest = ends.filter(Number.isFinite).reduce((a, b) => Math.min(a, b), Infinity);
  if (!Number.isFinite(soonest)) return undefined;
  if (soonest <= now) return { tone: 'bad', text: t('profiles.cert.expired') };
  const days = daysUntil(new Date(soonest).toISOString(), now);
  if (days >= 30) return undefined;
  if (days === 0) return { tone: 'warn', text: t('profiles.cert.expiresToday') };
  return { tone: 'warn', text: t('profiles.cert.expiresIn', { days }) };
}
