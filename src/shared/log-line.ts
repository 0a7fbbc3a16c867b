import type { LogEntry } from './ipc-schema';

/** One log entry as a line of text: what Copy puts on the clipboard and Export writes. */
export function logLineText(entry: LogEntry): string {
  return `${new Date(entry.at).toISOString()} ${entry.level.toUpperCase().padEnd(5)} ${entry.message}`;
}
