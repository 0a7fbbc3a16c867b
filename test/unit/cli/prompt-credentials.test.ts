import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cliCredentialProvider,
  readKeyPasswordFile,
} from '../../../src/cli/connect/prompt-credentials';

describe('gangway connect --key-password-file', () => {
  it('answers the key passphrase request with the first line of the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-keypw-'));
    try {
      const file = path.join(dir, 'pw.txt');
      await writeFile(file, 'bundle-pw\nignored\n', { mode: 0o600 });
      const passphrase = await readKeyPasswordFile(file);
      expect(passphrase).toBe('bundle-pw');
      const provider = cliCredentialProvider(undefined, passphrase);
      expect(await provider.request({ kind: 'key-passphrase', source: 'pkcs12' })).toEqual({
        username: '',
        password: 'bundle-pw',
      });
      await expect(readKeyPasswordFile(path.join(dir, 'missing.txt'))).rejects.toThrow(
        /cannot read --key-password-file .*missing\.txt: no such file/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
