import { isUtf8 } from 'node:buffer';
import { ConfigError } from '../errors';
import { looksLikeZip } from './magic';

/**
 * Turns config bytes into directives and inline blocks the way OpenVPN 2.6 reads them
 * (options.c parse_line / read_inline_file): `#` and `;` start a comment only where a new
 * argument could start, double quotes allow backslash escapes, single quotes are literal,
 * a leading `--` on the directive is dropped, and `<tag>` … `</tag>` holds inline file text.
 */

export interface DirectiveItem {
  kind: 'directive';
  line: number;
  name: string;
  args: string[];
}

export interface BlockItem {
  kind: 'block';
  line: number;
  tag: string;
  content: string;
  /** Line number of the first content line, so nested blocks (`<connection>`) report true lines. */
  contentLine: number;
}

export type ConfigItem = DirectiveItem | BlockItem;

const UTF8_BOM = '\uFEFF';

/**
 * Decodes config bytes strictly: binary junk fails with the line where it was found. The one
 * exception is a comment line in another encoding (GBK comments in configs from Chinese
 * consoles): OpenVPN ignores comments byte-wise, so we blank the line and warn.
 */
export function decodeConfigBytes(
  bytes: Uint8Array,
  file: string,
  warnings: string[] = [],
): string {
  if (looksLikeZip(bytes)) {
    throw new ConfigError({ file }, 'this is a zip archive, not a config; import the .zip itself');
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  let line = 1;
  let start = 0;
  let foreignComments = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const atEnd = i === bytes.length;
    const byte = bytes[i];
    if (byte === 0) {
      throw new ConfigError({ file, line }, 'binary data (NUL byte): this is not a text config');
    }
    // Lines end where lexConfig ends them: LF, CRLF (the CR stays with the line) or a lone CR.
    const lineEnd = byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a);
    if (atEnd || lineEnd) {
      const raw = bytes.subarray(start, i);
      const ending = atEnd ? '' : String.fromCharCode(byte as number);
      // isUtf8 first: a failing fatal decode throws, and 300 000 throws take seconds.
      if (isUtf8(raw)) {
        parts.push(decoder.decode(raw) + ending);
      } else {
        if (!isCommentLine(raw)) {
          throw new ConfigError({ file, line }, 'invalid UTF-8: this is not a text config');
        }
        if (++foreignComments <= 10) {
          warnings.push(`${file}:${line}: comment is not UTF-8 (another encoding?); it is ignored`);
        }
        parts.push(`#${ending}`);
      }
      line++;
      start = i + 1;
    }
  }
  if (foreignComments > 10) {
    warnings.push(`${file}: ${foreignComments - 10} more comments are not UTF-8; they are ignored`);
  }
  const text = parts.join('');
  return text.startsWith(UTF8_BOM) ? text.slice(1) : text;
}

function isCommentLine(raw: Uint8Array): boolean {
  const first = raw.find((b) => b !== 0x20 && b !== 0x09);
  return first === 0x23 || first === 0x3b; // '#' or ';'
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\v' || c === '\f';

/**
 * Characters that mean nothing special in each state, taken as one slice instead of one at a
 * time, so a 1 MiB argument or run of blanks costs one regex step, not a million appends.
 */
const PLAIN_RUN = {
  initial: /[ \t\v\f]*/y,
  unquoted: /[^\\ \t\v\f]*/y,
  double: /[^\\"]*/y,
  single: /[^']*/y,
};

/** Splits one line into arguments; returns [] for blank or comment lines. */
export function tokenizeLine(text: string, file: string, line: number): string[] {
  const fail = (message: string): never => {
    throw new ConfigError({ file, line }, message);
  };
  const args: string[] = [];
  let state: 'initial' | 'unquoted' | 'double' | 'single' = 'initial';
  let current = '';
  let escaped = false;
  let at = 0;
  for (;;) {
    if (!escaped) {
      const run = PLAIN_RUN[state];
      run.lastIndex = at;
      const plain = run.exec(text)?.[0] ?? '';
      if (state !== 'initial') current += plain;
      at += plain.length;
    }
    // At the end, '' plays the part of C's terminating NUL: it ends an unquoted argument.
    const code = text.codePointAt(at);
    const c = code === undefined ? '' : String.fromCodePoint(code);
    at += c.length;
    if (!escaped && c === '\\' && state !== 'single') {
      escaped = true;
      continue;
    }
    let out: string | undefined;
    let done = false;
    const blank = c === '' || isSpace(c);
    if (state === 'initial') {
      if (!blank) {
        // As in OpenVPN, a backslash does not protect a comment character here.
        if (c === '#' || c === ';') break;
        if (!escaped && c === '"') state = 'double';
        else if (!escaped && c === "'") state = 'single';
        else {
          out = c;
          state = 'unquoted';
        }
      }
    } else if (state === 'unquoted') {
      if (!escaped && blank) done = true;
      else out = c;
    } else if (state === 'double') {
      if (!escaped && c === '"') done = true;
      else if (c !== '') out = c;
    } else if (c === "'") {
      done = true;
    } else if (c !== '') {
      out = c;
    }
    if (escaped && out !== undefined && !(out === '\\' || out === '"' || isSpace(out))) {
      fail(
        `bad backslash before "${out}": backslashes escape only \\, " and spaces (write \\\\ for one backslash)`,
      );
    }
    if (escaped && c === '') fail('a backslash ends the line');
    escaped = false;
    if (out !== undefined) current += out;
    if (done) {
      args.push(current);
      current = '';
      state = 'initial';
    }
    if (c === '') break;
  }
  if (state === 'double') fail('no closing double quote (")');
  if (state === 'single') fail("no closing single quote (')");
  return args;
}

/** Lexes a whole config. `firstLine` lets nested blocks keep their lines in the outer file. */
export function lexConfig(text: string, file: string, firstLine = 1): ConfigItem[] {
  const lines = text.split(/\r?\n|\r/);
  const items: ConfigItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = firstLine + i;
    const args = tokenizeLine(lines[i] ?? '', file, lineNo);
    const first = args[0];
    if (first === undefined) continue;
    const open = /^<([A-Za-z0-9_-]+)>$/.exec(first);
    if (open && args.length === 1) {
      const tag = open[1] ?? '';
      const close = `</${tag}>`;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !(lines[j] ?? '').trimStart().startsWith(close)) {
        body.push(lines[j] ?? '');
        j++;
      }
      if (j >= lines.length) {
        throw new ConfigError(
          { file, line: lineNo },
          `<${tag}> block is not closed: no "${close}" line follows`,
        );
      }
      const content = body.length ? `${body.join('\n')}\n` : '';
      items.push({ kind: 'block', line: lineNo, tag, content, contentLine: lineNo + 1 });
      i = j;
      continue;
    }
    const name = first.startsWith('--') ? first.slice(2) : first;
    items.push({ kind: 'directive', line: lineNo, name, args: args.slice(1) });
  }
  return items;
}
