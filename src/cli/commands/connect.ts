import { existsSync } from 'node:fs';
import { importProfileFromPath, ProfileStore } from '../../core/config';
import type { Profile } from '../../core/config/profile';
import { createSession } from '../../core/openvpn/session/session';
import { LinuxHelperTunProvider } from '../../core/platform/linux/helper-tun';
import { RouteMonitor } from '../../core/platform/linux/route-monitor';
import { describeState } from '../connect/format-event';
import {
  cliCredentialProvider,
  readAuthFile,
  readKeyPasswordFile,
} from '../connect/prompt-credentials';
import { writeLine, writeText } from '../terminal';
import type { Command } from './command';
import { parseCommandArgs } from './parse-command-args';

/** A path if it names an existing file or looks like one; otherwise a stored profile name. */
async function loadProfile(nameOrPath: string): Promise<Profile> {
  if (existsSync(nameOrPath) || /[/\\]|\.(ovpn|conf|zip|json)$/i.test(nameOrPath)) {
    return (await importProfileFromPath(nameOrPath)).profile;
  }
  return new ProfileStore().get(nameOrPath);
}

export const connectCommand: Command = {
  synopsis: 'NAME|PATH [--auth-file FILE] [--key-password-file FILE] [--json] [--verbose]',
  summary: 'Connect in the foreground until Ctrl-C (a PATH is imported on the fly, not stored)',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      'connect',
      args,
      {
        'auth-file': { type: 'string' },
        'key-password-file': { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
      { min: 1, max: 1, names: 'one profile NAME or config PATH' },
    );
    const profile = await loadProfile(positionals[0] as string);
    const authFile =
      typeof values['auth-file'] === 'string' && profile.authUserPass
        ? await readAuthFile(values['auth-file'])
        : undefined;
    const keyPassphrase =
      typeof values['key-password-file'] === 'string' && profile.keyEncrypted
        ? await readKeyPasswordFile(values['key-password-file'])
        : undefined;
    const session = createSession({
      profile,
      tun: new LinuxHelperTunProvider(),
      network: new RouteMonitor(),
      credentials: cliCredentialProvider(authFile, keyPassphrase),
    });
    const json = values.json === true;
    const verbose = values.verbose === true;
    session.on((event) => {
      if (json) {
        if (event.type !== 'log' || verbose || event.level !== 'debug')
          writeText('stdout', `${JSON.stringify(event)}\n`);
      } else if (event.type === 'state') {
        for (const line of describeState(event.state)) writeLine('stdout', line);
      } else if (
        event.type === 'log' &&
        (verbose || event.level === 'warn' || event.level === 'error')
      ) {
        writeLine('stderr', `${event.level}: ${event.message}`);
      }
    });
    let stopping: Promise<void> | undefined;
    const stop = (): void => {
      stopping ??= session.disconnect();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      await session.connect();
      // Stay in the foreground until the session ends: disconnected (signal) or failed.
      await new Promise<void>((resolve) => {
        const check = (): void => {
          const k = session.state.kind;
          if (k === 'disconnected' || k === 'failed') resolve();
        };
        session.on(check);
        check();
      });
      await stopping;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return session.state.kind === 'failed' ? 1 : 0;
  },
};
