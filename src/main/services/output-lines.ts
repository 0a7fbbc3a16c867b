import { createInterface } from 'node:readline';

export type OutputListener = (line: string, stream: 'stdout' | 'stderr') => void;

/** Splits a worker's stdout/stderr into lines for its session log; returns the subscribe function. */
export function outputLines(streams: {
  stdout?: NodeJS.ReadableStream | null;
  stderr?: NodeJS.ReadableStream | null;
}): (listener: OutputListener) => void {
  const listeners: OutputListener[] = [];
  for (const name of ['stdout', 'stderr'] as const) {
    const source = streams[name];
    if (!source) continue;
    createInterface({ input: source }).on('line', (line) => {
      for (const l of listeners) l(line, name);
    });
  }
  return (listener) => listeners.push(listener);
}
