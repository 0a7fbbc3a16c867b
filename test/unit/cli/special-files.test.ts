import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFromArgs } from '../../../src/cli/commands/inspect';
import { readAuthFile } from '../../../src/cli/connect/prompt-credentials';
import { importProfileFromPath } from '../../../src/core/config';
import { GangwayError } from '../../../src/core/errors';
import { loadSnapshot } from '../../../src/core/ipsec/snapshot';
import {
  MAX_PASSWORD_FILE_BYTES,
  readRegularFile,
  RegularFileError,
} from '../../../src/core/regular-file';

/**
 * Every file a user names on the command line (a profile, a snapshot, a password file) is
 * checked before it is read: /dev/zero must not be read until memory runs out, and a FIFO
 * must not block forever waiting for a writer.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'gw-special-'));
const fifo = path.join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
const big = path.join(dir, 'big.txt');
writeFileSync(big, Buffer.alloc(MAX_PASSWORD_FILE_BYTES + 1, 0x61));

afterAll(() => {
  // An old-code read blocked on the FIFO holds a libuv thread until a writer comes and goes.
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // No reader is waiting: nothing to release.
  }
  rmSync(dir, { recursive: true, force: true });
});

const LIMIT_MS = 2_000;

/** The error `run` fails with, or a marker when it neither fails nor finishes in time. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise((resolve) => {
    timer = setTimeout(() => resolve(new Error(`still running after ${LIMIT_MS} ms`)), LIMIT_MS);
  });
  try {
    return await Promise.race([
      run().then(
        () => new Error('succeeded'),
        (err: unknown) => err,
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('readRegularFile', () => {
  it('reads a regular file within the bound', async () => {
    const ok = path.join(dir, 'ok.txt');
    writeFileSync(ok, 'hello\n');
    expect((await readRegularFile(ok, 100)).toString()).toBe('hello\n');
  });

  it.each([
    ['/dev/zero', 'not a regular file'],
    [fifo, 'not a regular file'],
    [dir, 'it is a directory'],
    [path.join(dir, 'missing'), 'no such file'],
    [big, 'larger than 64 KiB'],
  ])('refuses %s: %s', async (file, reason) => {
    const err = await failureOf(() => readRegularFile(file, MAX_PASSWORD_FILE_BYTES));
    expect(err).toBeInstanceOf(RegularFileError);
    expect((err as Error).message).toBe(reason);
  });
});

describe('files named on the command line', () => {
  it.each(['/dev/zero', fifo])('a snapshot at %s fails fast as snapshot-unreadable', async (f) => {
    const err = await failureOf(() => loadSnapshot(f));
    expect(err).toBeInstanceOf(GangwayError);
    expect(err).toMatchObject({
      code: 'snapshot-unreadable',
      message: `cannot read ${f}: not a regular file`,
    });
  });

  it.each(['/dev/zero', fifo, big])('--auth-file %s fails fast with a usage error', async (f) => {
    const err = await failureOf(() => readAuthFile(f));
    expect(err).toBeInstanceOf(GangwayError);
    expect((err as GangwayError).code).toBe('usage');
    expect((err as Error).message).toMatch(
      new RegExp(`^cannot read --auth-file ${f}: (not a regular file|larger than 64 KiB)$`),
    );
  });

  it.each(['/dev/zero', fifo, big])(
    '--p12-password-file %s fails fast with a config error',
    async (f) => {
      const err = await failureOf(() =>
        importFromArgs(path.join(dir, 'never-read.ovpn'), { 'p12-password-file': f }),
      );
      expect(err).toBeInstanceOf(GangwayError);
      expect((err as GangwayError).code).toBe('config-invalid');
      expect((err as Error).message).toMatch(
        /^cannot read the password file: (not a regular file|larger than 64 KiB)$/,
      );
    },
  );

  it.each(['/dev/zero', fifo])('importing a profile from %s fails fast', async (f) => {
    const err = await failureOf(() => importProfileFromPath(f));
    expect(err).toBeInstanceOf(GangwayError);
    expect((err as Error).message).toBe('not a regular file');
  });
});
