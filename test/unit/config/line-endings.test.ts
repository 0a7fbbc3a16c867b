import { beforeAll, describe, expect, it } from 'vitest';
import { importProfileFromBytes } from '../../../src/core/config';
import { decodeConfigBytes } from '../../../src/core/config/lexer';
import { ConfigError } from '../../../src/core/errors';
import { configErrorLine, makePki, tencentOvpn, type TestPki } from '../../support/profiles';

// Old Mac configs end lines with a lone CR. The lexer reads them as lines; every error must
// name the same line the lexer counts, whichever step finds the problem.

const GBK_COMMENT = [0x23, 0x20, 0xcc, 0xda, 0xd1, 0xb6]; // "# 腾讯" in GBK: not UTF-8

function bytesOf(...pieces: Array<string | number[]>): Uint8Array {
  return new Uint8Array(
    pieces.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)),
  );
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err.toString();
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('line numbers in CR-only and mixed files', () => {
  for (const [name, eol] of [
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`a NUL byte or bad UTF-8 is reported at its line (${name})`, () => {
      const nul = bytesOf(`client${eol}dev tun${eol}remote a`, [0x00]);
      expect(errorOf(() => decodeConfigBytes(nul, 'c.ovpn'))).toBe(
        'c.ovpn:3: binary data (NUL byte): this is not a text config',
      );
      const bad = bytesOf(`client${eol}${eol}${eol}remote `, [0xff, 0xfe]);
      expect(errorOf(() => decodeConfigBytes(bad, 'c.ovpn'))).toBe(
        'c.ovpn:4: invalid UTF-8: this is not a text config',
      );
    });

    it(`a comment in another encoding blanks only its own line (${name})`, () => {
      const warnings: string[] = [];
      const text = decodeConfigBytes(
        bytesOf(`client${eol}`, GBK_COMMENT, `${eol}remote a 1${eol}`),
        'c.ovpn',
        warnings,
      );
      // The blanked line keeps its LF; a CR before it went with the comment.
      expect(text).toBe(`client${eol}#${eol === '\r\n' ? '\n' : eol}remote a 1${eol}`);
      expect(warnings).toEqual([
        'c.ovpn:2: comment is not UTF-8 (another encoding?); it is ignored',
      ]);
    });
  }

  it('text without a bad byte comes out exactly as it went in', () => {
    const text = 'a\rb\r\nc\nd\r\re\n\r';
    expect(decodeConfigBytes(bytesOf(text), 'c.ovpn')).toBe(text);
  });

  describe('a whole CR-only profile', () => {
    let pki: TestPki;
    beforeAll(() => {
      pki = makePki('CR');
    });
    const crOnly = (extra: string[]) => tencentOvpn(pki, extra).replace(/\n/g, '\r');
    const load = (bytes: Uint8Array) => importProfileFromBytes(bytes, 'cr.ovpn', { name: 'cr' });

    it('imports, and an error names the line the lexer counts', async () => {
      expect((await load(bytesOf(crOnly([])))).profile.remotes).toHaveLength(1);
      expect(await configErrorLine(load(bytesOf(crOnly(['bogus-directive']))))).toMatch(
        /^cr\.ovpn:13: unknown directive "bogus-directive"/,
      );
      const [head = '', tail = ''] = crOnly([]).split('verb 3\r');
      const gbk = bytesOf(`${head}verb 3\r`, GBK_COMMENT, `\r${tail}`);
      const result = await load(gbk);
      expect(result.profile.remotes).toHaveLength(1);
      expect(result.warnings).toContain(
        'cr.ovpn:13: comment is not UTF-8 (another encoding?); it is ignored',
      );
    });
  });
});
