import { spawn } from 'node:child_process';
import { FrameDecoder } from '../../src/core/platform/linux/helper-frames';

export interface HelperOutcome {
  code: number | null;
  /** The helper's control replies, in order. */
  replies: unknown[];
}

/**
 * Runs gangway-helper (argv: the helper, or a launcher and then the helper) with `input` on
 * stdin, which is then closed; resolves with its replies and exit code. Killed after 10 s.
 */
export function runHelperProcess(argv: string[], input: Buffer): Promise<HelperOutcome> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv as [string, ...string[]];
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const decoder = new FrameDecoder();
    const replies: unknown[] = [];
    child.stdout.on('data', (b: Buffer) => {
      for (const f of decoder.push(b)) if (f.type === 'control') replies.push(f.message);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, replies });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** A helper that keeps its stdin open until the test says otherwise. */
export interface LiveHelper {
  readonly pid: number;
  /** The control replies so far, in order. */
  readonly replies: Array<Record<string, unknown>>;
  send(frame: Buffer): void;
  /** Closes stdin, as an engine that goes away does. */
  endInput(): void;
  /** Resolves with the first reply that `match` accepts; fails after `timeoutMs`. */
  reply(match: (r: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<unknown>;
  /** The exit code (or signal name), and how long after this call it came. */
  exited(timeoutMs?: number): Promise<{ code: number | string | null; ms: number }>;
  /** SIGKILL if still running; for cleanup. */
  kill(): void;
}

export function startHelperProcess(argv: string[]): LiveHelper {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const decoder = new FrameDecoder();
  const replies: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  child.stdout.on('data', (b: Buffer) => {
    for (const f of decoder.push(b))
      if (f.type === 'control') replies.push(f.message as Record<string, unknown>);
    for (const w of waiters) w();
  });
  child.stdin.on('error', () => undefined);
  const exit = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  const bounded = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      p.then(
        (v) => (clearTimeout(t), resolve(v)),
        (e: unknown) => (clearTimeout(t), reject(e)),
      );
    });
  return {
    pid: child.pid ?? -1,
    replies,
    send: (frame) => void child.stdin.write(frame),
    endInput: () => child.stdin.end(),
    reply(match, timeoutMs = 10_000) {
      const found = new Promise<unknown>((resolve) => {
        const check = (): void => {
          const r = replies.find(match);
          if (r) {
            waiters.delete(check);
            resolve(r);
          }
        };
        waiters.add(check);
        check();
      });
      return bounded(found, timeoutMs, `a reply from the helper (got ${JSON.stringify(replies)})`);
    },
    async exited(timeoutMs = 10_000) {
      const started = Date.now();
      const code = await bounded(exit, timeoutMs, 'the helper to exit');
      return { code, ms: Date.now() - started };
    },
    kill: () =>
      void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')),
  };
}
