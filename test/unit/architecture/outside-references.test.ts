import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const SCANNED = ['src', 'helper/src', 'test', 'docs/ARCHITECTURE.md', 'docs/helper-protocol.md'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

/**
 * Comments cite OpenVPN's sources (file, function) or this repository's docs. Section numbers of
 * notes that live outside the repository ("doc 7.4", "pitfall 15") mean nothing to a reader here.
 */
describe('references', () => {
  it('no comment points at notes outside the repository', () => {
    const outside = /\bdoc \d|\bpitfall \d|openvpn-protocol\.md|\/work\/shared/i;
    const offending = SCANNED.flatMap((entry) => files(join(ROOT, entry)))
      .filter(
        (file) => /\.(ts|tsx|c|h|md)$/.test(file) && !file.endsWith('outside-references.test.ts'),
      )
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            outside.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(offending).toEqual([]);
  });
});
