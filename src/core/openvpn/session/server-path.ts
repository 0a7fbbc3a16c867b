// Apart from session.ts: probing how the server is reached is not part of the state machine.
import type { Remote } from '../../config/profile';
import type { ResolvedRemote } from '../transport/resolve-remotes';
import { probePath, type PathToServer } from '../transport/path-probe';

function pathKeyOf(path: PathToServer): string {
  return path.reachable ? `via ${path.source}` : 'unreachable';
}

/** The remote that last worked goes first; the others keep their order. */
export function lastGoodFirst(remotes: Remote[], lastGood: Remote | undefined): Remote[] {
  const at = lastGood ? remotes.indexOf(lastGood) : -1;
  return at <= 0 ? remotes : [remotes[at] as Remote, ...remotes.filter((_, i) => i !== at)];
}

/** The server address of the current (or last) attempt, and how it is reached. */
export class ServerPath {
  private target: ResolvedRemote | undefined;
  private key: string | undefined;

  /**
   * `stopped` tells when the session is stopping (changes are then ignored); `changed` is
   * called when a change of links, addresses or routes changes how `target` is reached.
   */
  constructor(
    private readonly stopped: () => boolean,
    private readonly changed: (target: ResolvedRemote, path: PathToServer) => void,
  ) {}

  /** Records how the server of `target` is reached, as the baseline for check(). */
  track(target: ResolvedRemote): void {
    if (this.target === target) return;
    this.target = target;
    this.key = undefined;
    void probePath(target.address, target.remote.port, target.family).then((path) => {
      if (this.target === target) this.key ??= pathKeyOf(path);
    });
  }

  /**
   * Something in links, addresses or routes changed: does it change how we reach the server?
   * Only a new source address, or a route where there was none, is worth acting on.
   */
  async check(): Promise<void> {
    const target = this.target;
    if (!target || this.stopped()) return;
    const path = await probePath(target.address, target.remote.port, target.family);
    if (this.target !== target || this.stopped()) return;
    const key = pathKeyOf(path);
    if (key === this.key) return;
    this.key = key;
    this.changed(target, path);
  }
}
