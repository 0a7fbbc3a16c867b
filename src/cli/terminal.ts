/**
 * The CLI's only way to the terminal. What it prints carries text from configs, zip entry
 * names, certificates, IPsec sources and server messages; a control character in any of them
 * would reach the terminal as a command (ESC sequences recolour, retitle or rewrite the screen,
 * CR overwrites a line, bidirectional overrides reorder what the user reads). Every such
 * character is shown as a `\uXXXX` escape instead, which is also a valid JSON string escape,
 * so `--json` output stays JSON with the same values.
 */

// C0 controls but TAB and LF, DEL, C1 controls, and the Unicode bidirectional marks,
// embeddings, overrides and isolates. Matching control characters is the point here.
/* eslint-disable no-control-regex */
const UNSAFE_IN_TEXT =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, and TAB and LF too: for text that must stay on one line.
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control character escaped; `lines: 'one'` escapes line breaks too. */
export function terminalSafe(text: string, lines: 'many' | 'one' = 'many'): string {
  return text.replace(lines === 'one' ? UNSAFE_IN_LINE : UNSAFE_IN_TEXT, escape);
}

type Stream = 'stdout' | 'stderr';

/** Writes text whose line breaks are the CLI's own (tables, summaries, JSON, usage). */
export function writeText(stream: Stream, text: string): void {
  process[stream].write(terminalSafe(text));
}

/** Writes one line (an error, a warning, a state, a log message): a line break inside is shown escaped. */
export function writeLine(stream: Stream, line: string): void {
  process[stream].write(`${terminalSafe(line, 'one')}\n`);
}
