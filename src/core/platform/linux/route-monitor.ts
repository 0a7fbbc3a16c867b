/**
 * Linux network-change events without privilege: `ip -o monitor link address route` prints one
 * line per rtnetlink notification, and subscribing to those multicast groups needs no
 * capability. It is started by absolute path with argv (no shell, no PATH lookup). Lines about
 * Gangway's own devices (gangway%d, which the session itself brings up and down) are ignored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { NetworkWatcher } from '../network-watch';

const IP_CANDIDATES = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'];
/** A link change comes as a burst (link, addresses, routes): wait for it to end... */
const QUIET_MS = 150;
/** ...but not longer than this after its first line. */
const MAX_DELAY_MS = 500;

const OWN_DEVICE = /^\d+: gangway\d+[:\s]|\bdev gangway\d+\b/;

/** True for a monitor line about something other than Gangway's own devices. */
export function isForeignChange(line: string): boolean {
  return line.trim() !== '' && !OWN_DEVICE.test(line);
}

export class RouteMonitor implements NetworkWatcher {
  constructor(private readonly ipPath = IP_CANDIDATES.find((p) => existsSync(p))) {}

  watch(onChange: () => void, onUnavailable?: (why: string) => void): () => void {
    if (!this.ipPath) {
      onUnavailable?.(`no ip program (looked in ${IP_CANDIDATES.join(', ')}; install iproute2)`);
      return () => undefined;
    }
    let stopped = false;
    let quiet: NodeJS.Timeout | undefined;
    let firstAt = 0;
    const fire = (): void => {
      quiet = undefined;
      firstAt = 0;
      if (!stopped) onChange();
    };
    const child: ChildProcess = spawn(this.ipPath, ['-o', 'monitor', 'link', 'address', 'route'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {},
    });
    child.on('error', (err) => {
      if (!stopped) onUnavailable?.(`cannot watch the network: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      if (!stopped)
        onUnavailable?.(`the network monitor stopped (${signal ?? `exit ${String(code)}`})`);
    });
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (stopped || !isForeignChange(line)) return;
        const now = Date.now();
        if (firstAt === 0) firstAt = now;
        if (quiet) clearTimeout(quiet);
        quiet = setTimeout(fire, Math.max(0, Math.min(QUIET_MS, firstAt + MAX_DELAY_MS - now)));
        quiet.unref?.();
      });
    }
    // The monitor must not keep the engine alive on its own.
    child.unref();
    (child.stdout as { unref?: () => void } | null)?.unref?.();
    return () => {
      stopped = true;
      if (quiet) clearTimeout(quiet);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
  }
}
