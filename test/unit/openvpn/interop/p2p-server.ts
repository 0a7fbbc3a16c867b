/** Starts stock `openvpn --tls-server --dev null` (p2p TLS mode, no root) on a loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki, type TestPki } from '../../../support/pki';

export interface P2pServer {
  port: number;
  pki: TestPki;
  log: () => string;
  stop: () => void;
}

export async function startP2pServer(
  port: number,
  wrapArgs: (dir: string) => string[],
  extra: string[],
): Promise<P2pServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gangway-p2p-'));
  const pki = makePki('Gangway Interop');
  writeFileSync(join(dir, 'ca.crt'), pki.ca.certPem);
  writeFileSync(join(dir, 'server.crt'), pki.server.certPem);
  writeFileSync(join(dir, 'server.key'), pki.server.keyPem, { mode: 0o600 });
  const args = [
    '--tls-server',
    '--dev',
    'null',
    '--proto',
    'udp4',
    '--local',
    '127.0.0.1',
    '--lport',
    String(port),
    '--ca',
    join(dir, 'ca.crt'),
    '--cert',
    join(dir, 'server.crt'),
    '--key',
    join(dir, 'server.key'),
    '--dh',
    'none',
    '--verb',
    '4',
    '--ping',
    '1',
    ...wrapArgs(dir),
    ...extra,
  ];
  const child: ChildProcess = spawn('/usr/sbin/openvpn', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 5000;
  while (!output.includes('link local (bound)')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`openvpn did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    pki,
    log: () => output,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function waitFor<T>(
  what: string,
  ms: number,
  poll: () => T | undefined,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = poll();
      if (value !== undefined) return resolve(value);
      if (Date.now() > deadline)
        return reject(new Error(`timed out waiting for ${what}\n${log().slice(-3000)}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}
