import { GangwayError } from '../errors';

/** Profile names double as file names in the store, so they are kept boring and safe. */

export const MAX_NAME_LENGTH = 64;

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
