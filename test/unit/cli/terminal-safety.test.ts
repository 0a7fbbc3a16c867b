import { spawnSync } from 'node:child_process';
import forge from 'node-forge';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { describeState } from '../../../src/cli/connect/format-event';
import { terminalSafe, writeLine } from '../../../src/cli/terminal';
import {
  makePki,
  tempDir,
  tencentOvpn,
  writeTree,
  zipOf,
  type TestPki,
} from '../../support/profiles';

// Every character a terminal would act on, rather than show.
const ESC = '\u001b';
const HOSTILE = [
  `${ESC}[31m`, // SGR colour
  `${ESC}]0;owned\u0007`, // OSC window title, BEL
  '\r', // return to column 0, overwriting the line
  '\u0008', // backspace
  '\u007f', // DEL
  '\u009b2J', // C1 CSI: clear screen
  '\u202e', // right-to-left override
  '\u2066', // left-to-right isolate
];
// No raw C0 (but TAB/LF), DEL, C1 or bidi control may reach the terminal.
const RAW_CONTROL = // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminalSafe', () => {
  it('shows every control character as a \\uXXXX escape', () => {
    for (const bad of HOSTILE) {
      const shown = terminalSafe(`a${bad}b`);
      expect(shown, JSON.stringify(bad)).not.toMatch(RAW_CONTROL);
      expect(shown).toMatch(/^a(\\u[0-9a-f]{4}|[^\\])+b$/);
    }
    expect(terminalSafe(`${ESC}[31mred`)).toBe('\\u001b[31mred');
    expect(terminalSafe('tab\tand\nlines, 中文, ü')).toBe('tab\tand\nlines, 中文, ü');
    expect(terminalSafe('one\nline', 'one')).toBe('one\\u000aline');
  });

  it('keeps JSON valid and its values unchanged', () => {
    const value = { name: HOSTILE.join(''), list: ['x\u009by', 'z\u202e'] };
    const printed = terminalSafe(JSON.stringify(value, null, 2));
    expect(printed).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(printed)).toEqual(value);
  });

  it('prints a server message with a line break as one line', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const lines = describeState({
        kind: 'failed',
        reason: {
          code: 'auth-failed',
          message: `authentication failed (server said: no\nconnected: tun0 10.8.0.2${ESC}[2K)`,
          hint: `ask${ESC}]0;x\u0007 your admin`,
        },
      });
      for (const line of lines) writeLine('stdout', line);
      const out = write.mock.calls.map((c) => String(c[0])).join('');
      expect(out).toBe(
        'failed (auth-failed): authentication failed (server said: no\\u000aconnected: tun0 10.8.0.2\\u001b[2K)\n' +
          '  ask\\u001b]0;x\\u0007 your admin\n',
      );
    } finally {
      write.mockRestore();
    }
  });
});

describe('the gangway CLI escapes what configs and zips carry', () => {
  const repo = path.resolve(__dirname, '../../..');
  let cli: string;
  let pki: TestPki;
  let work: string;

  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    const dir = tempDir('gw-term-cli-');
    cli = path.join(dir, 'gangway.cjs');
    copyFileSync(path.join(repo, 'dist/cli/gangway.cjs'), cli);
    pki = makePki('Terminal');
    work = tempDir('gw-term-work-');
  }, 60_000);

  const gangway = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: { ...process.env, GANGWAY_HOME: path.join(work, 'home') },
      timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('a directive name with escape sequences is an error shown escaped, on one line', () => {
    writeTree(work, { 'evil.ovpn': tencentOvpn(pki, [`${ESC}]0;pwned\u0007${ESC}[2J`]) });
    const r = gangway('inspect', path.join(work, 'evil.ovpn'));
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toBe(
      `${path.join(work, 'evil.ovpn')}:13: unknown directive "\\u001b]0;pwned\\u0007\\u001b[2J"\n`,
    );
  });

  it('a warning naming a hostile setenv variable is escaped', () => {
    writeTree(work, { 'warn.ovpn': tencentOvpn(pki, [`setenv X${ESC}[8m 1`]) });
    const r = gangway('import', path.join(work, 'warn.ovpn'));
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('setenv X\\u001b[8m is ignored');
  });

  it('a zip entry name with control characters is escaped in the error', () => {
    const entry = `vpn/cl${ESC}[1Aient\r.ovpn`;
    writeTree(work, {
      'bundle.zip': zipOf({ [entry]: tencentOvpn(pki, ['bogus-directive']) }),
    });
    const r = gangway('inspect', path.join(work, 'bundle.zip'));
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toBe(
      `${path.join(work, 'bundle.zip')}!vpn/cl\\u001b[1Aient\\u000d.ovpn:13: unknown directive "bogus-directive"\n`,
    );
  });

  it('a certificate subject with C1 controls: escaped as text and as JSON', () => {
    // JSON.stringify leaves C1 and bidi characters raw; the terminal would still act on them.
    // forge writes UTF-8 strings as its own binary strings; what matters here is that the
    // subject node reads back holds C1 controls (U+0080, U+009B).
    const evil = makePki(forge.util.encodeUtf8('Evil\u202eAC\u009b2J'));
    writeTree(work, { 'subject.ovpn': tencentOvpn(evil) });
    const text = gangway('inspect', path.join(work, 'subject.ovpn'));
    expect(text.status).toBe(0);
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain('\\u009b2J CA');
    const json = gangway('inspect', path.join(work, 'subject.ovpn'), '--json');
    expect(json.status).toBe(0);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('\u009b2J CA');
  });
});
