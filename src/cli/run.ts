import { ConfigError, GangwayError, describeError } from '../core/errors';
import { ownValue } from '../shared/own-property';
import { commands } from './commands';
import { writeLine, writeText } from './terminal';
import { UsageError } from './usage-error';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Bad input: a bad config, a bad argument. */
export const EXIT_BAD_INPUT = 2;

function usage(): string {
  const lines = Object.entries(commands).map(
    ([name, c]) => `  gangway ${name} ${c.synopsis}\n      ${c.summary}`,
  );
  return `Usage:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    writeText('stdout', usage());
    return name ? EXIT_OK : EXIT_BAD_INPUT;
  }
  const command = ownValue(commands, name);
  if (!command) {
    writeLine('stderr', `gangway: unknown command "${name}"`);
    writeText('stderr', usage());
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      writeLine('stderr', describeError(err));
      return EXIT_BAD_INPUT;
    }
    if (err instanceof GangwayError) {
      writeLine('stderr', `gangway: ${err.message}${err.hint ? ` (${err.hint})` : ''}`);
      return err.code === 'bad-input' ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }
    throw err;
  }
}
