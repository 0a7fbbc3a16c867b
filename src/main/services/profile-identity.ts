import type { Profile } from '../../core/config/profile';

/**
 * Whether two versions of a profile talk to the same server as the same user: the same CA, the
 * same remotes and the same stored username. A saved password follows a replaced profile only
 * then; sent to another server it would leak to whoever runs that server.
 */
export function sameIdentity(a: Profile, b: Profile): boolean {
  const remotes = (p: Profile) =>
    p.remotes
      .map((r) => `${r.host.toLowerCase()}:${r.port}/${r.proto}`)
      .sort()
      .join(' ');
  return (
    a.ca.trim() === b.ca.trim() &&
    remotes(a) === remotes(b) &&
    (a.username ?? '') === (b.username ?? '')
  );
}
