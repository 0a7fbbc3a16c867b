/**
 * Remote list handling: order (`remote-random` shuffles once per connect), DNS resolution with
 * the profile's address family, and connect-retry backoff (OpenVPN doubles the delay after
 * each full pass, up to connect-retry-max).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Remote } from '../../config/profile';

export interface ResolvedRemote {
  remote: Remote;
  address: string;
  family: 4 | 6;
}

export function orderRemotes(
  remotes: readonly Remote[],
  random: boolean,
  rng = Math.random,
): Remote[] {
  const list = [...remotes];
  if (random) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j] as Remote, list[i] as Remote];
    }
  }
  return list;
}

export async function resolveRemote(remote: Remote): Promise<ResolvedRemote[]> {
  const literal = isIP(remote.host);
  if (literal) return [{ remote, address: remote.host, family: literal === 6 ? 6 : 4 }];
  const found = await lookup(remote.host, {
    all: true,
    ...(remote.family ? { family: remote.family } : {}),
  });
  return found.map((a) => ({ remote, address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Delay before pass `pass` (0-based) over the remote list, in ms. */
export function retryDelayMs(pass: number, initialSeconds: number, maxSeconds: number): number {
  if (pass <= 0) return 0;
  const seconds = Math.min(
    initialSeconds * 2 ** Math.min(pass - 1, 16),
    Math.max(initialSeconds, maxSeconds),
  );
  return seconds * 1000;
}
