import { runCli } from './run';
import { writeLine } from './terminal';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Only reached on a programming error: every expected failure is a GangwayError.
    writeLine(
      'stderr',
      `gangway: internal error: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exitCode = 70;
  },
);
