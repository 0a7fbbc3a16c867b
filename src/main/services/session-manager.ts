import { randomUUID } from 'node:crypto';
import type { Profile } from '../../core/config/profile';
import { GangwayError } from '../../core/errors';
import type { SessionView } from '../../shared/ipc-schema';
import {
  credentialRequest,
  logLevel,
  trafficStats,
  tunnelState,
} from '../../shared/tunnel-state-validators';
import type {
  CredentialRequest,
  LogLevel,
  TrafficStats,
  TunnelState,
} from '../../shared/tunnel-state';
import * as v from '../../shared/validate';
import type { EventSink } from '../ipc/event-hub';
import type { CredentialService } from './credential-service';
import type { LogBook } from './log-book';
import { engineRunsOn } from '../worker/platforms';
import type { WorkerHandle, WorkerLauncher } from './worker-protocol';

interface SessionRecord {
  sessionId: string;
  profile: string;
  state: TunnelState;
  stats?: TrafficStats;
  startedAt: number;
  ended: boolean;
  worker: WorkerHandle;
  killTimer?: NodeJS.Timeout;
  /** Resolves when the worker process has exited. */
  exited: Promise<void>;
}

export type StateHook = (profile: string, state: TunnelState, previous: TunnelState) => void;

const workerEvent = v.tagged('type', {
  state: { state: tunnelState, at: v.number({ min: 0 }) },
  stats: { stats: trafficStats, at: v.number({ min: 0 }) },
  log: { level: logLevel, message: v.string({ max: 65_536 }), at: v.number({ min: 0 }) },
});
const workerMessage = v.tagged('type', {
  event: { event: workerEvent },
  'credentials-needed': {
    requestId: v.string({ min: 1, max: 128 }),
    request: credentialRequest,
  },
});

const QUIET_STATES = new Set<TunnelState['kind']>(['disconnected', 'failed']);

/**
 * One worker process per connected profile: the engine runs there, off the UI thread, and a
 * crash there cannot take the app down. The manager relays worker events to the UI, credential
 * requests to the credential service, and keeps each session's redacted log.
 */
export class SessionManager {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly active = new Map<string, string>();
  private readonly stateHooks: StateHook[] = [];

  constructor(
    private readonly launch: WorkerLauncher,
    private readonly loadProfile: (name: string) => Promise<Profile>,
    private readonly credentials: CredentialService,
    private readonly logs: LogBook,
    private readonly events: EventSink,
    private readonly stopTimeoutMs = 15_000,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** For the tray and notifications. */
  onStateChange(hook: StateHook): void {
    this.stateHooks.push(hook);
  }

  async connect(profileName: string): Promise<{ sessionId: string }> {
    const running = this.active.get(profileName);
    if (running) return { sessionId: running };
    if (!engineRunsOn(this.platform)) {
      throw new GangwayError(
        'not-available',
        `connecting is not supported on ${this.platform} yet`,
        'Gangway connects from Linux so far.',
      );
    }
    const profile = await this.loadProfile(profileName);
    const sessionId = randomUUID();
    const worker = this.launch(sessionId);
    let markExited = (): void => undefined;
    const record: SessionRecord = {
      sessionId,
      profile: profileName,
      state: { kind: 'disconnected' },
      startedAt: Date.now(),
      ended: false,
      worker,
      exited: new Promise<void>((resolve) => (markExited = resolve)),
    };
    this.sessions.set(sessionId, record);
    this.active.set(profileName, sessionId);
    this.log(record, 'info', `starting session for profile "${profileName}"`);
    worker.onMessage((message) => this.onWorkerMessage(record, message));
    worker.onOutput((line, stream) =>
      this.log(record, stream === 'stderr' ? 'warn' : 'debug', line),
    );
    worker.onExit((code) => {
      this.onWorkerExit(record, code);
      markExited();
    });
    worker.send({ type: 'start', sessionId, profile });
    return { sessionId };
  }

  disconnect(profileName: string): Promise<void> {
    const sessionId = this.active.get(profileName);
    const record = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!record || record.ended) return Promise.resolve();
    this.setState(record, { kind: 'disconnecting' });
    this.credentials.closeSession(record.sessionId);
    record.worker.send({ type: 'disconnect' });
    // A worker that does not stop in time is killed; the helper restores routes when its
    // parent dies, so nothing is left behind.
    record.killTimer ??= setTimeout(() => {
      this.log(record, 'warn', 'the session did not stop in time; stopping its process');
      record.worker.kill();
    }, this.stopTimeoutMs);
    record.killTimer.unref();
    return Promise.resolve();
  }

  /**
   * The user canceled a sign-in prompt: that means "stop connecting", not a failed login, so
   * the session is disconnected (which closes its prompts) and ends quietly as disconnected.
   */
  async cancelCredentials(requestId: string): Promise<void> {
    const record = this.sessions.get(this.credentials.sessionOf(requestId));
    if (record && !record.ended) await this.disconnect(record.profile);
    else this.credentials.cancel(requestId);
  }

  /**
   * Stops every session and resolves once their processes are gone (each is killed after the
   * stop timeout), so a quitting app leaves no tunnel, route or DNS change behind.
   */
  async disconnectAll(): Promise<void> {
    const running = [...this.sessions.values()].filter((r) => !r.ended);
    await Promise.all(running.map((r) => this.disconnect(r.profile)));
    await Promise.all(running.map((r) => r.exited));
  }

  list(): SessionView[] {
    return [...this.sessions.values()]
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((r) => ({
        sessionId: r.sessionId,
        profile: r.profile,
        state: r.state,
        ...(r.stats ? { stats: r.stats } : {}),
        startedAt: r.startedAt,
        ended: r.ended,
      }));
  }

  /** Whether the profile has a session that has not ended yet (connecting, up or stopping). */
  isRunning(profileName: string): boolean {
    return this.active.has(profileName);
  }

  stateOf(profileName: string): TunnelState {
    const id = this.active.get(profileName);
    return (id && this.sessions.get(id)?.state) || { kind: 'disconnected' };
  }

  profileOf(sessionId: string): string {
    const record = this.sessions.get(sessionId);
    if (!record && !this.logs.has(sessionId)) {
      throw new GangwayError('bad-request', 'no such session', 'pick a session from the list');
    }
    return record?.profile ?? 'unknown';
  }

  private onWorkerMessage(record: SessionRecord, raw: unknown): void {
    let message: v.Infer<typeof workerMessage>;
    try {
      message = v.parse(workerMessage, raw, 'worker message', { allowExtra: true });
    } catch (err) {
      this.log(
        record,
        'warn',
        `ignored a malformed message from the session process: ${(err as Error).message}`,
      );
      return;
    }
    if (message.type === 'credentials-needed') {
      void this.relayCredentials(record, message.requestId, message.request);
      return;
    }
    const event = message.event;
    switch (event.type) {
      case 'state':
        this.setState(record, event.state);
        break;
      case 'stats':
        record.stats = event.stats;
        this.events.emit('session.stats', {
          sessionId: record.sessionId,
          profile: record.profile,
          stats: event.stats,
          at: event.at,
        });
        break;
      case 'log':
        this.log(record, event.level, event.message, event.at);
        break;
    }
  }

  private async relayCredentials(
    record: SessionRecord,
    requestId: string,
    request: CredentialRequest,
  ): Promise<void> {
    try {
      const answer = await this.credentials.request(
        {
          sessionId: record.sessionId,
          profile: record.profile,
          onSecret: (s) => this.logs.addSecret(record.sessionId, s),
        },
        request,
      );
      record.worker.send({ type: 'credentials', requestId, credentials: answer ?? null });
    } catch (err) {
      this.log(record, 'error', `could not get credentials: ${(err as Error).message}`);
      record.worker.send({ type: 'credentials', requestId, credentials: null });
    }
  }

  private onWorkerExit(record: SessionRecord, code: number | null): void {
    if (record.killTimer) clearTimeout(record.killTimer);
    record.ended = true;
    if (this.active.get(record.profile) === record.sessionId) this.active.delete(record.profile);
    this.credentials.closeSession(record.sessionId);
    if (!QUIET_STATES.has(record.state.kind) && record.state.kind !== 'disconnecting') {
      this.setState(record, {
        kind: 'failed',
        reason: {
          code: 'internal',
          message: `the session process stopped unexpectedly (exit code ${code ?? 'none'})`,
          hint: 'connect again; if it keeps happening, export the log and report it',
        },
      });
    } else if (record.state.kind === 'disconnecting') {
      this.setState(record, { kind: 'disconnected' });
    }
    this.log(record, 'info', `session process exited (code ${code ?? 'none'})`);
  }

  private setState(record: SessionRecord, state: TunnelState): void {
    const previous = record.state;
    // The manager announces 'disconnecting' at once; the engine's own copy adds nothing.
    if (state.kind === 'disconnecting' && previous.kind === 'disconnecting') return;
    record.state = state;
    this.events.emit('session.state', {
      sessionId: record.sessionId,
      profile: record.profile,
      state,
      at: Date.now(),
    });
    for (const hook of this.stateHooks) hook(record.profile, state, previous);
  }

  private log(record: SessionRecord, level: LogLevel, message: string, at = Date.now()): void {
    const entry = this.logs.append(record.sessionId, { at, level, message });
    this.events.emit('session.log', {
      sessionId: record.sessionId,
      profile: record.profile,
      entry,
    });
  }
}
