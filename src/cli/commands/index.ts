import type { Command } from './command';

// Each command lives in its own file; this table is the only place that lists them.
export const commands: Record<string, Command> = {};
