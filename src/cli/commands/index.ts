import type { Command } from './command';
import { connectCommand } from './connect';
import { importCommand } from './import';
import { inspectCommand } from './inspect';
import { ipsecCommand } from './ipsec';
import { listCommand } from './list';
import { removeCommand } from './remove';
import { showCommand } from './show';

// Each command lives in its own file; this table is the only place that lists them.
export const commands: Record<string, Command> = {
  import: importCommand,
  inspect: inspectCommand,
  list: listCommand,
  show: showCommand,
  remove: removeCommand,
  connect: connectCommand,
  ipsec: ipsecCommand,
};
