import { ProfileStore } from '../../core/config';
import type { Command } from './command';
import { parseCommandArgs } from './parse-command-args';
import { writeLine } from '../terminal';

export const listCommand: Command = {
  synopsis: '',
  summary: 'List stored profiles: name, first remote, protocol, cipher',
  async run(args) {
    parseCommandArgs('list', args, {}, { min: 0, max: 0, names: 'no arguments' });
    const profiles = await new ProfileStore().list();
    if (profiles.length === 0) {
      writeLine('stderr', 'no profiles yet; add one with `gangway import PATH`');
      return 0;
    }
    const rows = profiles.map((p) => {
      const first = p.remotes[0];
      return [
        p.name,
        first ? `${first.host}:${first.port}` : '-',
        first?.proto ?? '-',
        p.dataCiphersFallback ?? p.dataCiphers[0] ?? '-',
      ];
    });
    const table = [['NAME', 'REMOTE', 'PROTO', 'CIPHER'], ...rows];
    const widths = [0, 1, 2].map((i) =>
      table.reduce((w, r) => Math.max(w, (r[i] ?? '').length), 0),
    );
    for (const row of table) {
      const cells = row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell));
      writeLine('stdout', cells.join('  '));
    }
    return 0;
  },
};
