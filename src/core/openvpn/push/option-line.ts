const UNQUOTED = /[^\s"'\\]+/y;
const IN_DOUBLE = /[^"\\]+/y;
const IN_SINGLE = /[^']+/y;
const BLANKS = /\s+/y;

/**
 * Splits one pushed option ("route 10.0.0.0 255.0.0.0") into words the way OpenVPN's
 * parse_line does: whitespace separates, double and single quotes group, a backslash escapes
 * the next character outside single quotes.
 */

export function splitOptionLine(line: string): string[] {
  // Nearly every pushed option has no quote and no backslash: then words are whitespace-split.
  if (!/["'\\]/.test(line)) return line.split(/\s+/).filter((word) => word !== '');
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    // Ordinary characters are taken as one slice: appending a 1 MiB word character by
    // character costs seconds.
    const run = quote === '"' ? IN_DOUBLE : quote === "'" ? IN_SINGLE : UNQUOTED;
    run.lastIndex = i;
    const plain = run.exec(line)?.[0] ?? '';
    if (plain) {
      current += plain;
      inWord = true;
      i += plain.length - 1;
      continue;
    }
    const c = line[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      BLANKS.lastIndex = i;
      i += (BLANKS.exec(line)?.[0].length ?? 1) - 1;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
