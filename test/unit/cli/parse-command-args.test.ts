import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../../src/cli/commands/parse-command-args';
import { UsageError } from '../../../src/cli/usage-error';

describe('parseCommandArgs (shared by every command)', () => {
  const options = { json: { type: 'boolean' }, name: { type: 'string' } } as const;

  it('returns values and positionals', () => {
    expect(
      parseCommandArgs('show', ['office', '--json'], options, { min: 1, max: 1, names: 'NAME' }),
    ).toEqual({
      values: { json: true },
      positionals: ['office'],
    });
  });

  it('turns an unknown option into a usage error naming the command', () => {
    expect(() =>
      parseCommandArgs('show', ['office', '--jsn'], options, { min: 1, max: 1, names: 'NAME' }),
    ).toThrow(UsageError);
    expect(() =>
      parseCommandArgs('show', ['office', '--jsn'], options, { min: 1, max: 1, names: 'NAME' }),
    ).toThrow(/^show: .*--jsn/);
  });

  it('says how many positionals it expected', () => {
    expect(() =>
      parseCommandArgs('remove', [], options, { min: 1, max: 1, names: 'one NAME' }),
    ).toThrow('remove: expected one NAME');
  });
});
