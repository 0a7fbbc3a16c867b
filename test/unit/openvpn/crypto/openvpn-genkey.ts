/** Keys made by the stock openvpn binary, so the parsers are tested against the real format. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENVPN_BINARY = '/usr/sbin/openvpn';
/** For describeWith: in CI a missing openvpn fails these suites instead of skipping them. */
export const NEEDS_OPENVPN = { programs: { [OPENVPN_BINARY]: 'openvpn' } };

export interface GeneratedKeys {
  staticKey: string;
  v2Server: string;
  v2Client: string;
}

export function genkeys(): GeneratedKeys {
  const dir = mkdtempSync(join(tmpdir(), 'gangway-genkey-'));
  try {
    const run = (...args: string[]) => execFileSync(OPENVPN_BINARY, args, { stdio: 'pipe' });
    run('--genkey', 'secret', join(dir, 'ta.key'));
    run('--genkey', 'tls-crypt-v2-server', join(dir, 'srv.key'));
    run(
      '--genkey',
      'tls-crypt-v2-client',
      join(dir, 'cli.key'),
      '--tls-crypt-v2',
      join(dir, 'srv.key'),
    );
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return { staticKey: read('ta.key'), v2Server: read('srv.key'), v2Client: read('cli.key') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Decodes the base64 body between PEM-style BEGIN/END lines. */
export function pemBody(text: string): Buffer {
  const lines = text.split('\n').filter((l) => l && !l.startsWith('-----'));
  return Buffer.from(lines.join(''), 'base64');
}
