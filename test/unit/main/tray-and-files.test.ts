import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFilesInArgv } from '../../../src/main/file-args';
import { autostartEntry, setLinuxAutostart } from '../../../src/main/services/linux-autostart';
import { stringsFor } from '../../../src/main/strings';
import { notificationFor, trayStateOf } from '../../../src/main/tray-state';
import type { TunnelState } from '../../../src/shared/tunnel-state';

const remote = { host: 'vpn.example', port: 1194, proto: 'udp' as const };
const connected: TunnelState = {
  kind: 'connected',
  remote,
  since: 1,
  tunnel: {
    interfaceName: 'tun0',
    ipv4: '10.8.0.2/24',
    routes: [],
    dns: [],
    cipher: 'AES-256-GCM',
    compression: 'none',
    mtu: 1500,
  },
};
const failed: TunnelState = {
  kind: 'failed',
  reason: {
    code: 'auth-failed',
    message: 'the server refused the login',
    hint: 'check the password',
  },
};
const idle: TunnelState = { kind: 'disconnected' };

describe('tray state', () => {
  // Named by the states' kinds: whole states in a name make long, unreadable log lines.
  it.each<[string, TunnelState[], string]>([
    ['none', [], 'disconnected'],
    ['disconnected', [idle], 'disconnected'],
    ['failed, disconnected', [failed, idle], 'error'],
    ['resolving, failed', [{ kind: 'resolving', remote }, failed], 'connecting'],
    ['disconnecting', [{ kind: 'disconnecting' }], 'connecting'],
    [
      'connected, failed, connecting',
      [connected, failed, { kind: 'connecting', remote, attempt: 1 }],
      'connected',
    ],
  ])('%s → %s', (_kinds, states, expected) => {
    expect(trayStateOf(states)).toBe(expected);
  });
});

describe('notifications', () => {
  const t = stringsFor('en');
  it('tells about a new connection, a failure with its reason and hint, and a user disconnect', () => {
    expect(notificationFor('office', connected, { kind: 'configuring', remote }, t)).toEqual({
      title: 'Connected to office',
      body: '10.8.0.2/24',
    });
    expect(notificationFor('office', failed, { kind: 'authenticating', remote }, t)).toEqual({
      title: 'Could not connect to office',
      body: 'the server refused the login. check the password',
    });
    expect(notificationFor('office', idle, { kind: 'disconnecting' }, t)?.title).toBe(
      'Disconnected from office',
    );
  });

  it('stays quiet when a connect is stopped before it connected (sign-in canceled)', () => {
    expect(notificationFor('office', idle, { kind: 'disconnecting' }, t, false)).toBeUndefined();
  });

  it('stays quiet for intermediate steps', () => {
    expect(
      notificationFor(
        'office',
        { kind: 'tls-handshake', remote },
        { kind: 'connecting', remote, attempt: 1 },
        t,
      ),
    ).toBeUndefined();
    expect(notificationFor('office', idle, idle, t)).toBeUndefined();
  });

  it('speaks Chinese when the user chose it', () => {
    expect(notificationFor('办公室', connected, idle, stringsFor('zh-CN'))?.title).toBe(
      '已连接到 办公室',
    );
  });
});

describe('profile files on the command line', () => {
  it('picks profile files, resolves them, ignores switches and the app path', () => {
    expect(
      profileFilesInArgv(
        [
          '.',
          '--hidden',
          '--enable-features=x',
          'a.ovpn',
          '/abs/B.OVPN',
          'c.conf',
          'x.txt',
          'bundle.zip',
        ],
        '/home/u',
      ),
    ).toEqual(['/home/u/a.ovpn', '/abs/B.OVPN', '/home/u/c.conf', '/home/u/bundle.zip']);
  });
});

describe('launch at login on Linux', () => {
  it('writes and removes an XDG autostart entry that starts hidden', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-autostart-'));
    try {
      const file = path.join(dir, 'autostart', 'com.gangway.client.desktop');
      await setLinuxAutostart(true, '/opt/Gangway/gangway-app', file);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('Exec="/opt/Gangway/gangway-app" --hidden');
      expect((await stat(file)).mode & 0o777).toBe(0o644);
      await setLinuxAutostart(false, '/opt/Gangway/gangway-app', file);
      await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('quotes an executable path so it cannot inject arguments', () => {
    expect(autostartEntry('/tmp/a b"$(x)`y`.AppImage')).toContain(
      'Exec="/tmp/a b\\"\\$(x)\\`y\\`.AppImage" --hidden',
    );
  });
});
