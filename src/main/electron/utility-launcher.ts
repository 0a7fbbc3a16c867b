import { utilityProcess } from 'electron';
import { outputLines } from '../services/output-lines';
import type { WorkerHandle, WorkerLauncher } from '../services/worker-protocol';

/** Session workers as Electron utility processes (Node environment, off the UI thread). */
export function utilityWorkerLauncher(scriptPath: string): WorkerLauncher {
  return (sessionId) => {
    const child = utilityProcess.fork(scriptPath, [], {
      stdio: 'pipe',
      serviceName: `Gangway session ${sessionId.slice(0, 8)}`,
    });
    const onOutput = outputLines(child);
    const handle: WorkerHandle = {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onOutput,
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
    return handle;
  };
}
