import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/**
 * Guards a suite that needs root, namespaces or Debian packages. Outside CI a missing
 * prerequisite skips the suite and says what to install; in CI it fails, because CI must
 * run every suite.
 */
export interface Prerequisites {
  root?: boolean;
  /** Absolute paths of programs, with the Debian package that provides each. */
  programs?: Record<string, string>;
}

export function missingPrerequisites(p: Prerequisites): string[] {
  const missing: string[] = [];
  if (p.root && process.getuid?.() !== 0)
    missing.push('root (run the tests as root: they create network namespaces)');
  for (const [program, pkg] of Object.entries(p.programs ?? {})) {
    if (!existsSync(program)) missing.push(`${program} (apt-get install ${pkg})`);
  }
  return missing;
}

export function describeWith(p: Prerequisites, name: string, body: () => void): void {
  const missing = missingPrerequisites(p);
  if (missing.length === 0) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its prerequisites', () => {
        throw new Error(`missing prerequisites: ${missing.join('; ')}`);
      });
    });
  } else {
    console.warn(`skipping "${name}": missing ${missing.join('; ')}`);
    describe.skip(name, body);
  }
}

export const OPENVPN = { '/usr/sbin/openvpn': 'openvpn', '/usr/sbin/ip': 'iproute2' };
export const STRONGSWAN = {
  '/usr/sbin/swanctl': 'strongswan-swanctl',
  '/usr/sbin/charon-systemd': 'charon-systemd',
  '/usr/sbin/ip': 'iproute2',
};
export const CHROMIUM = { '/usr/bin/chromium': 'chromium' };
