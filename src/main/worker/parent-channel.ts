/**
 * The worker's line to the session manager: Electron's `process.parentPort` when started as a
 * utilityProcess, Node's IPC channel (`process.send`) when forked by the dev host or tests.
 */

export interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away: stop the session (the helper restores the network itself). */
  onDisconnect(listener: () => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (m) => port.postMessage(m),
      onMessage: (l) => port.on('message', (e) => l(e.data)),
      // utilityProcess children are killed with their parent.
      onDisconnect: () => undefined,
    };
  }
  if (typeof process.send === 'function') {
    return {
      send: (m) => {
        if (process.connected) process.send?.(m);
      },
      onMessage: (l) => process.on('message', l),
      onDisconnect: (l) => process.on('disconnect', l),
    };
  }
  throw new Error('the session worker must be started by Gangway (no parent channel)');
}
