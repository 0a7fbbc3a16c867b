/**
 * Certificate expiry in whole days, the one computation behind both the import note (core)
 * and the card's badge (renderer), so the two never disagree about the same moment.
 */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export type Expiry =
  | { kind: 'expired' }
  /** Under EXPIRY_WARNING_DAYS left; `days` is whole days remaining (0: expires today). */
  | { kind: 'soon'; days: number }
  | { kind: 'valid' };

export function certificateExpiry(notAfter: string | number, now: number): Expiry {
  const end = typeof notAfter === 'number' ? notAfter : Date.parse(notAfter);
  if (end <= now) return { kind: 'expired' };
  const days = Math.floor((end - now) / DAY_MS);
  return days < EXPIRY_WARNING_DAYS ? { kind: 'soon', days } : { kind: 'valid' };
}
