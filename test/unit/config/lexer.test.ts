import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors';
import { decodeConfigBytes, lexConfig, tokenizeLine } from '../../../src/core/config/lexer';

const tok = (line: string): string[] => tokenizeLine(line, 'c.ovpn', 1);
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.toString();
    throw err;
  }
  throw new Error('no error');
};

describe('tokenizeLine (OpenVPN parse_line semantics)', () => {
  it('splits on whitespace and drops comments that start an argument', () => {
    expect(tok('remote vpn.example.test 1194 udp')).toEqual([
      'remote',
      'vpn.example.test',
      '1194',
      'udp',
    ]);
    expect(tok('  remote\thost  # trailing comment')).toEqual(['remote', 'host']);
    expect(tok('remote host ; comment')).toEqual(['remote', 'host']);
    expect(tok('# whole line')).toEqual([]);
    expect(tok('\\# still a comment, as in OpenVPN')).toEqual([]);
    expect(tok('; whole line')).toEqual([]);
    // '#' inside an argument is not a comment, just as in OpenVPN.
    expect(tok('verify-x509-name a#b')).toEqual(['verify-x509-name', 'a#b']);
  });

  it('reads double quotes with escapes and single quotes literally', () => {
    expect(tok('static-challenge "Enter \\"OTP\\" code" 1')).toEqual([
      'static-challenge',
      'Enter "OTP" code',
      '1',
    ]);
    expect(tok("verify-x509-name 'C=CN, CN=vpn \\x' subject")).toEqual([
      'verify-x509-name',
      'C=CN, CN=vpn \\x',
      'subject',
    ]);
    expect(tok('ca "my # dir/ca.crt"')).toEqual(['ca', 'my # dir/ca.crt']);
    expect(tok('ca my\\ dir\\\\ca.crt')).toEqual(['ca', 'my dir\\ca.crt']);
    expect(tok('setenv X ""')).toEqual(['setenv', 'X', '']);
  });

  it('rejects unclosed quotes and bad backslashes with the line', () => {
    expect(errorOf(() => tokenizeLine('ca "ca.crt', 'c.ovpn', 4))).toBe(
      'c.ovpn:4: no closing double quote (")',
    );
    expect(errorOf(() => tokenizeLine("ca 'ca.crt", 'c.ovpn', 5))).toBe(
      "c.ovpn:5: no closing single quote (')",
    );
    expect(errorOf(() => tokenizeLine('ca C:\\dir\\ca.crt', 'c.ovpn', 6))).toMatch(
      /^c\.ovpn:6: bad backslash before "d"/,
    );
  });
});

describe('lexConfig', () => {
  it('handles CRLF, a leading --, and inline blocks with their lines', () => {
    const items = lexConfig(
      '--client\r\nremote a 1\r\n<ca>\r\nPEM1\r\nPEM2\r\n  </ca>\r\nverb 3\r\n',
      'c.ovpn',
    );
    expect(items).toEqual([
      { kind: 'directive', line: 1, name: 'client', args: [] },
      { kind: 'directive', line: 2, name: 'remote', args: ['a', '1'] },
      { kind: 'block', line: 3, tag: 'ca', content: 'PEM1\nPEM2\n', contentLine: 4 },
      { kind: 'directive', line: 7, name: 'verb', args: ['3'] },
    ]);
  });

  it('fails on a block that is never closed, at the opening line', () => {
    expect(errorOf(() => lexConfig('client\n<key>\nabc\n', 'c.ovpn'))).toBe(
      'c.ovpn:2: <key> block is not closed: no "</key>" line follows',
    );
  });
});

describe('decodeConfigBytes', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('strips a UTF-8 BOM and keeps UTF-8 text', () => {
    expect(decodeConfigBytes(enc('\uFEFFclient\n# 腾讯云\n'), 'c.ovpn')).toBe('client\n# 腾讯云\n');
  });

  it('rejects NUL bytes and invalid UTF-8 with the line', () => {
    expect(
      errorOf(() => decodeConfigBytes(new Uint8Array([0x61, 0x0a, 0x62, 0x00]), 'c.ovpn')),
    ).toBe('c.ovpn:2: binary data (NUL byte): this is not a text config');
    expect(
      errorOf(() => decodeConfigBytes(new Uint8Array([0x61, 0x0a, 0x0a, 0xff, 0xfe]), 'c.ovpn')),
    ).toBe('c.ovpn:3: invalid UTF-8: this is not a text config');
  });

  it('blanks a comment in another encoding (GBK) with a warning, but not a directive', () => {
    const gbk = [0xcc, 0xda, 0xd1, 0xb6]; // "腾讯" in GBK: not UTF-8
    const warnings: string[] = [];
    const text = decodeConfigBytes(
      new Uint8Array([...enc('client\n  # '), ...gbk, ...enc('\nverb 3\n')]),
      'c.ovpn',
      warnings,
    );
    expect(text).toBe('client\n#\nverb 3\n');
    expect(warnings).toEqual(['c.ovpn:2: comment is not UTF-8 (another encoding?); it is ignored']);
    expect(
      errorOf(() =>
        decodeConfigBytes(new Uint8Array([...enc('client\nremote '), ...gbk]), 'c.ovpn'),
      ),
    ).toBe('c.ovpn:2: invalid UTF-8: this is not a text config');
  });

  it('recognizes a zip by its magic whatever the name', () => {
    expect(errorOf(() => decodeConfigBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0]), 'c.ovpn'))).toBe(
      'c.ovpn: this is a zip archive, not a config; import the .zip itself',
    );
  });
});
