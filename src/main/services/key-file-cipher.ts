/**
 * The dev host's secret cipher: AES-256-GCM under a random key kept in its own 0600 file.
 *
 * The dev host has no OS keystore (it runs without Electron), yet it runs the same flows as the
 * app, "remember password" and the admin API keys included, which the e2e suite drives. So it
 * encrypts at rest rather than refusing to persist. The key lives apart from the secrets: the
 * secrets file alone (copied, attached to a report, synced) reveals nothing. It is no keystore:
 * a process of the same user can read both files, as it can read the user's private keys.
 */
import { constants, fstatSync, mkdirSync, openSync, readSync, closeSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { GangwayError } from '../../core/errors';
import type { SecretCipher } from './secret-store';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds each value to this use of the key. */
const AAD = Buffer.from('gangway devhost secret v1');

/** Reads the key, or creates it (0600, exclusive); a reason string when it cannot be trusted. */
function loadOrCreateKey(file: string): Buffer | string {
  for (let tries = 0; tries < 2; tries++) {
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        return `cannot open the key file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        const out = openSync(
          file,
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
          0o600,
        );
        try {
          writeSync(out, randomBytes(KEY_BYTES));
        } finally {
          closeSync(out);
        }
      } catch (createErr) {
        // Another dev host created it first: read theirs.
        if ((createErr as NodeJS.ErrnoException).code !== 'EEXIST') {
          return `cannot create the key file ${file}: ${(createErr as NodeJS.ErrnoException).code ?? String(createErr)}`;
        }
      }
      continue;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size !== KEY_BYTES)
        return `${file} is not a ${KEY_BYTES}-byte key file`;
      if ((st.mode & 0o077) !== 0) return `${file} is readable by other users (mode must be 0600)`;
      if (process.getuid && st.uid !== process.getuid()) return `${file} belongs to another user`;
      const key = Buffer.alloc(KEY_BYTES);
      if (readSync(fd, key, 0, KEY_BYTES, 0) !== KEY_BYTES) return `${file} could not be read`;
      return key;
    } finally {
      closeSync(fd);
    }
  }
  return `cannot create the key file ${file}`;
}

export function keyFileCipher(keyFile: string): SecretCipher {
  const key = loadOrCreateKey(keyFile);
  if (typeof key === 'string') {
    return {
      scheme: 'aes-256-gcm-keyfile',
      available: false,
      unavailableReason: {
        message: `secrets cannot be saved: ${key}`,
        hint: 'fix or remove the key file',
      },
      encrypt: () => {
        throw new GangwayError('keystore-unavailable', `secrets cannot be saved: ${key}`);
      },
      decrypt: () => {
        throw new GangwayError('keystore-unavailable', `saved secrets cannot be read: ${key}`);
      },
    };
  }
  return {
    scheme: 'aes-256-gcm-keyfile',
    available: true,
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(stored) {
      const raw = Buffer.from(stored, 'base64');
      try {
        if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('short');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
          .setAAD(AAD)
          .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new GangwayError(
          'state-corrupt',
          `a saved secret cannot be decrypted with ${keyFile}`,
          'the key file was replaced; save the password again',
        );
      }
    },
  };
}
