/**
 * Messages between the session manager and a session worker process (Electron utilityProcess or
 * child_process.fork). JSON only, so both transports carry them unchanged.
 */
import type { Profile } from '../../core/config/profile';

/** Same fields as the engine's Credentials; declared here so main does not depend on its path. */
export interface WorkerCredentials {
  username: string;
  password: string;
  response?: string;
}

export type ToWorker =
  | { type: 'start'; sessionId: string; profile: Profile }
  | { type: 'credentials'; requestId: string; credentials: WorkerCredentials | null }
  | { type: 'disconnect' };

/** One running worker process, whatever started it. */
export interface WorkerHandle {
  send(message: ToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Lines the worker wrote to stdout/stderr (the engine should use events; this catches crashes). */
  onOutput(listener: (line: string, stream: 'stdout' | 'stderr') => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type WorkerLauncher = (sessionId: string) => WorkerHandle;
