import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ProfileStore,
  importProfileFromText,
  nameProblem,
  type Profile,
} from '../../../src/core/config';
import { makePki, tempDir, tencentOvpn } from '../../support/profiles';

/**
 * Issue 12, store robustness: what the disk or another process does to the store must not leave
 * files behind or break listing, and every accepted name must fit in a file name.
 */

const faults = vi.hoisted(() => ({
  /** The next temp-file write fails as if the disk were full. */
  failWrite: false,
  /** readdir also reports these names, as if another process removed them right after. */
  ghosts: [] as string[],
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (!faults.failWrite) return handle;
      faults.failWrite = false;
      return Object.assign(Object.create(handle) as typeof handle, {
        writeFile: async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
          });
        },
        chmod: (mode: number) => handle.chmod(mode),
        close: () => handle.close(),
      });
    },
    readdir: async (dir: string) => [...(await fs.readdir(dir)), ...faults.ghosts],
  };
});

let sample: Profile;
const roots: string[] = [];
beforeAll(async () => {
  sample = (await importProfileFromText(tencentOvpn(makePki('Robust')), { name: 'office' }))
    .profile;
});
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function freshStore(): ProfileStore {
  const root = tempDir('gw-store-');
  roots.push(root);
  return new ProfileStore(path.join(root, 'home'));
}

describe('ProfileStore under faults', () => {
  it('a failed write leaves no temporary file and no profile', async () => {
    const store = freshStore();
    await store.save({ ...sample, name: 'kept' });
    faults.failWrite = true;
    // The store names the full disk in words (data-dir-error.ts), not as a bare errno.
    await expect(store.save({ ...sample, name: 'office' })).rejects.toMatchObject({
      code: 'data-dir-unusable',
      message: expect.stringContaining('the disk is full'),
    });
    expect(readdirSync(store.dir)).toEqual(['kept.json']);
    expect((await store.list()).map((p) => p.name)).toEqual(['kept']);
  });

  it('list skips a profile another process removed after the directory was read', async () => {
    const store = freshStore();
    await store.save({ ...sample, name: 'a' });
    await store.save({ ...sample, name: 'b' });
    faults.ghosts = ['removed-meanwhile.json'];
    try {
      expect((await store.list()).map((p) => p.name)).toEqual(['a', 'b']);
    } finally {
      faults.ghosts = [];
    }
  });

  it('list still reports a damaged profile', async () => {
    const store = freshStore();
    await store.save({ ...sample, name: 'a' });
    writeFileSync(path.join(store.dir, 'broken.json'), '{');
    await expect(store.list()).rejects.toMatchObject({ code: 'profile-corrupt' });
  });
});

describe('profile names that do not fit in a file name', () => {
  const emoji = (count: number): string => '😀'.repeat(count);

  it('refuses 21 or 22 emoji: few characters, but 257 and 269 bytes as a file name', async () => {
    expect(nameProblem(emoji(20))).toBeUndefined();
    expect(nameProblem(emoji(21))).toMatch(/257 bytes/);
    expect(nameProblem(emoji(22))).toBe(
      'the name is too long to store (its file name would take 269 bytes, at most 255; symbols such as emoji take 12 bytes each)',
    );
    const store = freshStore();
    await expect(store.save({ ...sample, name: emoji(22) })).rejects.toMatchObject({
      code: 'bad-input',
    });
    await expect(
      importProfileFromText(tencentOvpn(makePki('N')), { name: emoji(22) }),
    ).rejects.toThrow(/too long to store/);
  });

  it('stores the longest accepted names of every kind', async () => {
    const store = freshStore();
    mkdirSync(store.dir, { recursive: true });
    for (const name of [
      emoji(20),
      '腾'.repeat(64),
      'x'.repeat(64),
      `${'é'.repeat(30)}${emoji(10)}`,
    ]) {
      expect(nameProblem(name)).toBeUndefined();
      await store.save({ ...sample, name });
      expect((await store.get(name)).name).toBe(name);
    }
  });
});
