import { ProfileExistsError, ProfileStore } from '../../core/config';
import { ConfigError } from '../../core/errors';
import type { Command } from './command';
import { importWithCliHints, parseCommandArgs, readPasswordFile, writeWarnings } from './inspect';

export const importCommand: Command = {
  synopsis: 'PATH [--name N] [--p12-password-file F]',
  summary: 'Import a .ovpn/.conf file, a zip bundle, or Tencent Cloud JSON as a stored profile',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      'import',
      args,
      { name: { type: 'string' }, 'p12-password-file': { type: 'string' } },
      { min: 1, max: 1, names: 'one PATH' },
    );
    const file = positionals[0] as string;
    const password = await readPasswordFile(values['p12-password-file'] as string | undefined);
    const { profile, warnings } = await importWithCliHints(file, {
      ...(typeof values.name === 'string' ? { name: values.name } : {}),
      ...(password !== undefined ? { p12Password: password } : {}),
    });
    try {
      await new ProfileStore().save(profile);
    } catch (err) {
      if (err instanceof ProfileExistsError) {
        throw new ConfigError(
          { file },
          `a profile named "${err.profileName}" already exists; choose another name with --name`,
        );
      }
      throw err;
    }
    writeWarnings(warnings);
    process.stdout.write(`${profile.name}\n`);
    return 0;
  },
};
