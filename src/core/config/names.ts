import { GangwayError } from '../errors';

/** Profile names double as file names in the store, so they are kept boring and safe. */

export const MAX_NAME_LENGTH = 64;

/** Linux's NAME_MAX: the longest file name, in bytes, most file systems take. */
const MAX_FILE_NAME_BYTES = 255;

/** File names keep letters, digits and a few safe marks; anything else is %-encoded. */
export function fileNameFor(name: string): string {
  const safe = [...name]
    .map((ch) =>
      /^[\p{L}\p{N} _.()-]$/u.test(ch)
        ? ch
        : [...Buffer.from(ch)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    )
    .join('');
  return `${safe}.json`;
}

/** Why `name` cannot be a profile name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if ([...name].length > MAX_NAME_LENGTH)
    return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  if (/[/\\]/.test(name)) return 'the name must not contain "/" or "\\"';
  if (name.includes('..')) return 'the name must not contain ".."';
  if (name.startsWith('.')) return 'the name must not start with "."';
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return 'the name must not contain control characters';
  if (name !== name.trim()) return 'the name must not start or end with spaces';
  // Counted in bytes of the stored file's name: 22 emoji are 22 characters but, %-encoded at
  // 12 bytes each, longer than a file name may be.
  const bytes = Buffer.byteLength(fileNameFor(name));
  if (bytes > MAX_FILE_NAME_BYTES) {
    return `the name is too long to store (its file name would take ${bytes} bytes, at most ${MAX_FILE_NAME_BYTES}; symbols such as emoji take 12 bytes each)`;
  }
  return undefined;
}

export function assertValidName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new GangwayError('bad-input', `invalid profile name "${name}": ${problem}`);
}

/** A valid name suggested from a file name: `Tencent VPN (1).ovpn` → `Tencent VPN (1)`. */
export function nameFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[/\\]/, '').replace(/\.(ovpn|conf|zip|json|txt)$/i, '');
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}/\\]/gu, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+/, '')
    .trim();
  const clipped = [...cleaned].slice(0, MAX_NAME_LENGTH).join('').trim();
  return clipped || 'profile';
}
