import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { type Cleanup, run, waitFor } from './netns';

/**
 * polkit + pkexec for real, without touching the host's own D-Bus or polkit: a holder
 * process in network namespace `ns` and a private mount namespace, where tmpfs covers
 * /run/dbus, the test's own copies cover polkit's actions and rules, and an overlay puts the
 * helper at /usr/lib/gangway/gangway-helper (the path the shipped action names). dbus-daemon
 * and polkitd run there; a system user of the test's own, allowed by a rule that stands in for
 * an active session, runs commands there. The host's /run/dbus, /usr/lib and polkit files are
 * never written.
 */
export const POLKIT_PROGRAMS = {
  '/usr/bin/pkexec': 'pkexec',
  '/usr/lib/polkit-1/polkitd': 'polkitd',
  '/usr/bin/dbus-daemon': 'dbus-daemon',
  '/usr/bin/dbus-send': 'dbus-bin',
  '/usr/bin/setpriv': 'util-linux',
  '/usr/sbin/useradd': 'passwd',
};

export interface PolkitLab {
  /** A directory the test user can read, for the files it runs. */
  dir: string;
  user: string;
  /** Runs argv as the test user inside the lab, without a controlling terminal. */
  runAsUser(argv: string[]): ChildProcess;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function spawnTracked(argv: string[], cleanup: Cleanup, label: string): ChildProcess {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { stdio: 'ignore' });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  cleanup.add(label, stop, stop);
  return child;
}

export async function startPolkitLab(opts: {
  ns: string;
  helperBinary: string;
  policy: string;
  cleanup: Cleanup;
}): Promise<PolkitLab> {
  const { ns, cleanup } = opts;
  const dir = mkdtempSync('/tmp/gwp-lab-');
  cleanup.add('remove the polkit lab files', () => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);

  // Users of earlier runs that were killed before their cleanup: their pid is in the name.
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const stale = /^gwpk(\d+):/.exec(line);
    if (stale && !isAlive(Number(stale[1]))) await run(['/usr/sbin/userdel', `gwpk${stale[1]}`]);
  }
  const user = `gwpk${process.pid}`;
  await run([
    '/usr/sbin/useradd',
    '--system',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    user,
  ]);
  cleanup.add(`delete user ${user}`, () => run(['/usr/sbin/userdel', user]).then(() => undefined));

  const actions = path.join(dir, 'actions');
  mkdirSync(actions);
  for (const f of readdirSync('/usr/share/polkit-1/actions'))
    copyFileSync(path.join('/usr/share/polkit-1/actions', f), path.join(actions, f));
  copyFileSync(opts.policy, path.join(actions, 'com.gangway.helper.policy'));
  const rules = path.join(dir, 'rules');
  mkdirSync(rules, { mode: 0o700 });
  // Stands in for "an active local session" (there is no logind here); the shipped policy stays.
  writeFileSync(
    path.join(rules, '50-gangway-test.rules'),
    `polkit.addRule(function (action, subject) {
  if (action.id == "com.gangway.helper" && subject.user == "${user}") return polkit.Result.YES;
});
`,
  );
  const polkitd = (await run(['/usr/bin/id', '-u', 'polkitd'])).stdout.trim();
  chownSync(rules, Number(polkitd), 0);
  const lib = path.join(dir, 'lib');
  mkdirSync(path.join(lib, 'gangway'), { recursive: true });
  copyFileSync(opts.helperBinary, path.join(lib, 'gangway', 'gangway-helper'));
  chmodSync(path.join(lib, 'gangway', 'gangway-helper'), 0o755);

  // `ip netns exec` and unshare exec in turn, so the holder's pid is the one spawned.
  const holder = spawnTracked(
    [
      '/usr/sbin/ip',
      'netns',
      'exec',
      ns,
      '/usr/bin/unshare',
      '-m',
      '--propagation',
      'private',
      '/usr/bin/sleep',
      'infinity',
    ],
    cleanup,
    'stop the lab holder',
  );
  const inLab = (argv: string[]) => [
    '/usr/bin/nsenter',
    '-t',
    String(holder.pid),
    '-m',
    '-n',
    ...argv,
  ];
  await waitFor(
    async () =>
      (await run(inLab(['/usr/bin/true']), { check: false })).code === 0 &&
      (await run(['/usr/bin/readlink', `/proc/${holder.pid}/ns/mnt`])).stdout !==
        (await run(['/usr/bin/readlink', '/proc/self/ns/mnt'])).stdout,
    { timeoutMs: 5_000, what: 'the lab holder' },
  );
  await run(
    inLab([
      '/bin/sh',
      '-c',
      `mount -t tmpfs tmpfs /run/dbus && mount --bind ${actions} /usr/share/polkit-1/actions && ` +
        `mount --bind ${rules} /etc/polkit-1/rules.d && ` +
        `mount -t overlay overlay -o lowerdir=${lib}:/usr/lib /usr/lib`,
    ]),
  );
  spawnTracked(
    inLab(['/usr/bin/dbus-daemon', '--system', '--nofork', '--nopidfile']),
    cleanup,
    'stop dbus-daemon',
  );
  await waitFor(
    async () =>
      (await run(inLab(['/usr/bin/test', '-S', '/run/dbus/system_bus_socket']), { check: false }))
        .code === 0,
    { timeoutMs: 5_000, what: 'the lab system bus' },
  );
  spawnTracked(inLab(['/usr/lib/polkit-1/polkitd', '--no-debug']), cleanup, 'stop polkitd');
  await waitFor(
    async () =>
      (
        await run(
          inLab([
            '/usr/bin/dbus-send',
            '--system',
            '--print-reply',
            '--dest=org.freedesktop.DBus',
            '/',
            'org.freedesktop.DBus.NameHasOwner',
            'string:org.freedesktop.PolicyKit1',
          ]),
          { check: false },
        )
      ).stdout.includes('boolean true'),
    { timeoutMs: 10_000, what: 'polkitd on the lab bus' },
  );

  return {
    dir,
    user,
    runAsUser(argv) {
      // setsid: no controlling terminal, or pkexec would start its own text agent. SHELL must
      // be one of /etc/shells for pkexec; the system user's nologin is not.
      const child = spawn(
        '/usr/bin/setsid',
        [
          '-w',
          ...inLab([
            '/usr/bin/setpriv',
            `--reuid=${user}`,
            `--regid=${user}`,
            '--init-groups',
            '--reset-env',
            '/usr/bin/env',
            'SHELL=/bin/sh',
            ...argv,
          ]),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      const stop = (): void => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      };
      cleanup.add('stop a process of the test user', stop, stop);
      return child;
    },
  };
}
