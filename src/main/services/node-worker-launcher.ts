import { fork } from 'node:child_process';
import { outputLines } from './output-lines';
import type { WorkerHandle, WorkerLauncher } from './worker-protocol';

/**
 * Starts session workers with child_process.fork (dev host, tests). The worker's stdio never
 * reaches our stdout: the dev host's stdout carries only its URL line.
 */
export function nodeWorkerLauncher(scriptPath: string, execArgv: string[] = []): WorkerLauncher {
  return () => {
    const child = fork(scriptPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv,
      serialization: 'json',
    });
    const onOutput = outputLines(child);
    const handle: WorkerHandle = {
      send(message) {
        if (child.connected) child.send(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onOutput,
      onExit(listener) {
        child.on('exit', (code) => listener(code));
      },
      kill() {
        child.kill('SIGTERM');
      },
    };
    return handle;
  };
}
