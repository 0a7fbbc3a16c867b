/** The argument parser every `gangway` command uses. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../usage-error';

/** node:util parseArgs, with its errors turned into the CLI's one-line usage errors. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  command: string,
  args: string[],
  options: T,
  positionals: { min: number; max: number; names: string },
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: options ?? {}, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${command}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) {
    throw new UsageError(`${command}: expected ${positionals.names}`);
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}
