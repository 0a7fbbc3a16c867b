import { ProfileExistsError, ProfileStore } from '../../core/config';
import { ConfigError } from '../../core/errors';
import type { Command } from './command';
import { IMPORT_OPTIONS, importFromArgs, writeWarnings } from './inspect';
import { parseCommandArgs } from './parse-command-args';
import { writeLine } from '../terminal';

export const importCommand: Command = {
  synopsis: 'PATH [--name N] [--p12-password-file F]',
  summary: 'Import a .ovpn/.conf file, a zip bundle, or Tencent Cloud JSON as a stored profile',
  async run(args) {
    const { values, positionals } = parseCommandArgs('import', args, IMPORT_OPTIONS, {
      min: 1,
      max: 1,
      names: 'one PATH',
    });
    const file = positionals[0] as string;
    const { profile, warnings } = await importFromArgs(file, values);
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
    writeLine('stdout', profile.name);
    return 0;
  },
};
