import { ProfileStore } from '../../core/config';
import type { Command } from './command';
import { parseCommandArgs } from './parse-command-args';
import { writeLine } from '../terminal';

export const removeCommand: Command = {
  synopsis: 'NAME',
  summary: 'Delete a stored profile',
  async run(args) {
    const { positionals } = parseCommandArgs(
      'remove',
      args,
      {},
      { min: 1, max: 1, names: 'one profile NAME' },
    );
    const name = positionals[0] as string;
    await new ProfileStore().remove(name);
    writeLine('stdout', `removed ${name}`);
    return 0;
  },
};
