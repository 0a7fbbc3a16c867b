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
