import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import type { SessionEvent } from '../../src/shared/tunnel-state';
import { execIn, spawnIn } from '../support/netns';
import { LAB_PROGRAMS, startLab } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';

// CRV1 dynamic challenge/response: the stock server defers authentication to its management
// interface; our management script denies the first login with a CRV1 challenge and accepts
// `CRV1::state::4242`. The session must ask for the answer (awaiting-credentials with the
// challenge text) and connect with it.

const MANAGEMENT_PORT = 7505;
const STATE_ID = 'Om01u7Fh4LrGBS7uh0SWmz';

const AUTHORIZER = `
const net = require('node:net');
const mode = process.argv[1];
let buf = '', env = {}, current = null;
const sock = net.connect(${MANAGEMENT_PORT}, '127.0.0.1');
sock.on('data', (d) => {
  buf += d.toString();
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, nl).replace(/\\r$/, ''); buf = buf.slice(nl + 1);
    let m;
    if ((m = /^>CLIENT:CONNECT,(\\d+),(\\d+)/.exec(line))) { current = [m[1], m[2]]; env = {}; }
    else if ((m = /^>CLIENT:ENV,([^=]+)=(.*)$/.exec(line))) env[m[1]] = m[2];
    else if ((m = /^>CLIENT:CR_RESPONSE,(\\d+),(\\d+),(.*)$/.exec(line))) {
      const ok = Buffer.from(m[3], 'base64').toString() === '4242';
      console.log(ok ? 'accepted' : 'wrong answer');
      sock.write((ok ? 'client-auth-nt ' : 'client-deny ') + m[1] + ' ' + m[2] + (ok ? '' : ' "wrong"') + '\\n');
    }
    else if (line === '>CLIENT:ENV,END' && current && mode === 'crtext') {
      console.log('challenged');
      sock.write('client-pending-auth ' + current[0] + ' ' + current[1] + ' "CR_TEXT:R,E:Enter the PIN" 60\\n');
      current = null;
    }
    else if (line === '>CLIENT:ENV,END' && current) {
      const [cid, kid] = current;
      const user = Buffer.from(env.username || '').toString('base64');
      if (env.password === 'CRV1::${STATE_ID}::4242') {
        console.log('accepted'); sock.write('client-auth-nt ' + cid + ' ' + kid + '\\n');
      } else {
        console.log('challenged'); sock.write('client-deny ' + cid + ' ' + kid + ' "challenge" "CRV1:R,E:${STATE_ID}:' + user + ':Enter the code from your token"\\n');
      }
      current = null;
    }
  }
});
sock.on('connect', () => console.log('connected'));`;

async function runChallenge(mode: 'crv1' | 'crtext', expectedText: string): Promise<void> {
  const lab = await startLab({
    prefix: 'gws',
    extraServerConfig: [`management 127.0.0.1 ${MANAGEMENT_PORT}`, 'management-client-auth'],
    extraProfile: ['auth-user-pass'],
  });
  try {
    const authLog = path.join(lab.dir, 'authorizer.log');
    writeFileSync(authLog, '');
    spawnIn(lab.serverNs, [process.execPath, '-e', AUTHORIZER, mode], lab.cleanup, {
      logFile: authLog,
    });
    const fixture = path.join(lab.dir, 'session-fixture.cjs');
    await build({
      entryPoints: [path.join(__dirname, 'interop-session-fixture.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: fixture,
      logLevel: 'warning',
      define: { 'import.meta.url': 'importMetaUrl' },
      banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
    await new Promise((r) => setTimeout(r, 300));
    const r = await execIn(
      lab.clientNs,
      [
        '/usr/bin/env',
        'GANGWAY_CHALLENGE_ANSWER=4242',
        process.execPath,
        fixture,
        lab.clientProfilePath,
        'alice',
        'first-factor',
      ],
      { check: false, timeoutMs: 60_000 },
    );
    const lines = r.stdout
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as SessionEvent | { type: 'credential-request'; request: { kind: string } },
      );
    const requests = lines.flatMap((l) => (l.type === 'credential-request' ? [l.request] : []));
    expect(requests).toEqual([
      expect.objectContaining({ kind: 'user-pass' }),
      expect.objectContaining({
        kind: 'challenge',
        text: expectedText,
        echo: true,
        username: 'alice',
      }),
    ]);
    const kinds = lines.flatMap((l) => (l.type === 'state' ? [l.state.kind] : []));
    expect(kinds).toContain('awaiting-credentials');
    expect(kinds).toContain('connected');
    expect(r.code).toBe(0);
    expect(readFileSync(authLog, 'utf8')).toMatch(/challenged\s+accepted/);
  } finally {
    await lab.stop();
  }
}

describeWith({ root: true, programs: LAB_PROGRAMS }, 'interop: challenge/response', () => {
  it('CRV1 dynamic challenge: asks for the answer and reconnects with CRV1::state::answer', () =>
    runChallenge('crv1', 'Enter the code from your token'));
  it('CR_TEXT pending auth: asks for the answer and sends CR_RESPONSE in the same session', () =>
    runChallenge('crtext', 'Enter the PIN'));
});
