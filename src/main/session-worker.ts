/**
 * A session worker: one process per connected profile, running the OpenVPN engine off the UI
 * thread. Plain Node, so it runs as an Electron utilityProcess and under child_process.fork.
 */
import type { SessionEvent, TunnelState } from '../shared/tunnel-state';
import { loadEngine, type EngineSession } from './worker/engine';
import { parentChannel } from './worker/parent-channel';
import type { ToWorker, WorkerCredentials } from './services/worker-protocol';

const channel = parentChannel();
// A parentPort listener alone does not keep a utility process alive in packaged builds
// (electron/electron#42978); this timer does, until stop() exits.
const keepAlive = setInterval(() => undefined, 60_000);
const waiting = new Map<string, (c: WorkerCredentials | undefined) => void>();
let session: EngineSession | undefined;
let nextRequest = 1;
let stopping = false;
let lastState: TunnelState['kind'] = 'disconnected';

function emit(event: SessionEvent): void {
  if (event.type === 'state') lastState = event.state.kind;
  channel.send({ type: 'event', event });
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const resolve of waiting.values()) resolve(undefined);
  waiting.clear();
  try {
    await session?.close();
  } catch (err) {
    emit({
      type: 'log',
      level: 'error',
      message: `closing the session: ${(err as Error).message}`,
      at: Date.now(),
    });
  }
  // The engine reports its own end (session.ts); if this process ends without one, the session
  // manager reports it. The worker makes no state of its own.
  // Let the IPC channel flush before leaving.
  clearInterval(keepAlive);
  setTimeout(() => process.exit(code), 50);
}

function start(message: Extract<ToWorker, { type: 'start' }>): void {
  const engine = loadEngine();
  if (!engine) {
    // The session manager does not start a worker here (platforms.ts); say why if one was.
    emit({
      type: 'log',
      level: 'error',
      message: `connecting is not supported on ${process.platform} yet`,
      at: Date.now(),
    });
    setTimeout(() => process.exit(1), 50);
    return;
  }
  session = engine.start({
    profile: message.profile,
    onEvent: (event) => {
      // After a failure the teardown's own states (disconnecting, disconnected) would hide
      // the reason from the UI; the failure is the last state this session reports.
      if (event.type === 'state' && lastState === 'failed') return;
      emit(event);
      // failed and disconnected are final (ping-exit, fatal errors): the process ends with them.
      if (
        event.type === 'state' &&
        (event.state.kind === 'failed' || event.state.kind === 'disconnected')
      ) {
        void stop(0);
      }
    },
    credentials: {
      request: (request) =>
        new Promise((resolve) => {
          const requestId = String(nextRequest++);
          waiting.set(requestId, resolve);
          channel.send({ type: 'credentials-needed', requestId, request });
        }),
    },
  });
}

channel.onMessage((raw) => {
  const message = raw as ToWorker;
  switch (message?.type) {
    case 'start':
      if (!session) start(message);
      break;
    case 'credentials': {
      const resolve = waiting.get(message.requestId);
      waiting.delete(message.requestId);
      resolve?.(message.credentials ?? undefined);
      break;
    }
    case 'disconnect':
      void stop(0);
      break;
  }
});
channel.onDisconnect(() => void stop(0));
