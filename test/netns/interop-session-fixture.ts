/**
 * Runs a Session in-process (fake TUN) against a profile, answering a CRV1 challenge with
 * GANGWAY_CHALLENGE_ANSWER, and prints every SessionEvent as one JSON line. Bundled and run
 * inside the lab's client namespace by interop-challenge.test.ts.
 */
import { readFileSync } from 'node:fs';
import { importProfileFromText } from '../../src/core/config';
import { createSession } from '../../src/core/openvpn/session';
import { FakeTunProvider } from '../../src/core/platform/fake-tun';

async function main(): Promise<void> {
  const [profilePath = '', username = '', password = ''] = process.argv.slice(2);
  const { profile } = await importProfileFromText(readFileSync(profilePath, 'utf8'), {
    name: 'fixture',
  });
  const session = createSession({
    profile,
    tun: new FakeTunProvider(),
    credentials: {
      request: async (request) => {
        process.stdout.write(`${JSON.stringify({ type: 'credential-request', request })}\n`);
        if (request.kind === 'user-pass') return { username, password };
        if (request.kind === 'key-passphrase')
          return { username: '', password: process.env.GANGWAY_KEY_PASSPHRASE ?? '' };
        return {
          username: request.username,
          password: '',
          response: process.env.GANGWAY_CHALLENGE_ANSWER ?? '',
        };
      },
    },
  });
  session.on((e) => process.stdout.write(`${JSON.stringify(e)}\n`));
  await session.connect();
  const ok = session.state.kind === 'connected';
  await session.disconnect();
  process.exitCode = ok ? 0 : 1;
}

void main();
