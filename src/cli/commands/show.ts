import { ProfileStore } from '../../core/config';
import type { Command } from './command';
import { writeSummary } from './inspect';
import { parseCommandArgs } from './parse-command-args';

export const showCommand: Command = {
  synopsis: 'NAME [--json]',
  summary: 'Show a stored profile and its certificates (never its private key)',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      'show',
      args,
      { json: { type: 'boolean' } },
      { min: 1, max: 1, names: 'one profile NAME' },
    );
    const profile = await new ProfileStore().get(positionals[0] as string);
    writeSummary(profile, values.json === true);
    return 0;
  },
};
