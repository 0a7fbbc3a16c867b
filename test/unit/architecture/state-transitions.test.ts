import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

/**
 * docs/ARCHITECTURE.md: the engine's transitions are made in session.ts alone, and outside the
 * engine only the session manager makes a state (for what only it sees: the worker process).
 */
const ALLOWED = new Set([
  'src/core/openvpn/session/session.ts',
  'src/main/services/session-manager.ts',
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('tunnel-state transitions', () => {
  it('are made only in session.ts and the session manager', () => {
    // A call of a setState, or an event/record carrying a freshly built state.
    const making = [/\bsetState\s*\(/g, /\bstate:\s*\{\s*kind:/g];
    const offending: string[] = [];
    for (const dir of ['src/core', 'src/main', 'src/cli', 'src/devhost', 'src/shared']) {
      for (const file of files(join(ROOT, dir))) {
        const name = relative(ROOT, file);
        if (ALLOWED.has(name)) continue;
        const text = readFileSync(file, 'utf8');
        for (const pattern of making) {
          for (const m of text.matchAll(pattern)) {
            offending.push(`${name}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`);
          }
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
