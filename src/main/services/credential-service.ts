import { randomUUID } from 'node:crypto';
import { GangwayError } from '../../core/errors';
import type { CredentialAnswer, CredentialPrompt } from '../../shared/ipc-schema';
import type { CredentialRequest } from '../../shared/tunnel-state';
import type { EventSink } from '../ipc/event-hub';
import type { SecretStore } from './secret-store';
import type { WorkerCredentials } from './worker-protocol';

export interface CredentialContext {
  sessionId: string;
  profile: string;
  /** Called with each secret the user typed, so the session log masks it. */
  onSecret: (secret: string) => void;
}

interface Pending {
  ctx: CredentialContext;
  request: CredentialRequest;
  prompt: CredentialPrompt;
  resolve: (credentials: WorkerCredentials | undefined) => void;
}

interface SavedLogin {
  username: string;
  password: string;
}

const keyFor = (profile: string) => `profile-password:${profile}`;

/**
 * Answers the engine's credential requests: a saved password (where the user chose to save
 * one) for the first plain login of a session, otherwise a prompt relayed to the UI. Challenge
 * answers and auth-tokens are never saved; auth-tokens stay inside the worker's memory.
 */
export class CredentialService {
  private readonly pending = new Map<string, Pending>();
  /** Sessions that already tried the saved password: a second request means it was refused. */
  private readonly usedSaved = new Set<string>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly events: EventSink,
  ) {}

  async passwordSaved(profile: string): Promise<boolean> {
    return this.secrets.has(keyFor(profile));
  }

  private async saved(profile: string): Promise<SavedLogin | undefined> {
    const text = await this.secrets.get(keyFor(profile));
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as SavedLogin;
      return typeof parsed.password === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async request(
    ctx: CredentialContext,
    request: CredentialRequest,
  ): Promise<WorkerCredentials | undefined> {
    const saved = request.kind === 'user-pass' ? await this.saved(ctx.profile) : undefined;
    if (
      saved &&
      request.kind === 'user-pass' &&
      !request.staticChallenge &&
      !this.usedSaved.has(ctx.sessionId)
    ) {
      this.usedSaved.add(ctx.sessionId);
      ctx.onSecret(saved.password);
      return { username: request.username ?? saved.username, password: saved.password };
    }
    const requestId = randomUUID();
    const prompt: CredentialPrompt = {
      requestId,
      sessionId: ctx.sessionId,
      profile: ctx.profile,
      request,
      canRemember: request.kind === 'user-pass' && this.secrets.available,
      passwordSaved: saved !== undefined,
    };
    return new Promise((resolve) => {
      this.pending.set(requestId, { ctx, request, prompt, resolve });
      this.events.emit('credentials.request', prompt);
    });
  }

  /** Prompts still waiting for an answer (a window opened late asks for them). */
  open(): CredentialPrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  async submit(answer: CredentialAnswer): Promise<void> {
    const p = this.peek(answer.requestId);
    const credentials = await this.credentialsFrom(p, answer);
    this.take(answer.requestId);
    for (const s of [credentials.password, credentials.response]) if (s) p.ctx.onSecret(s);
    if (answer.remember && p.request.kind === 'user-pass' && answer.password) {
      const login: SavedLogin = { username: credentials.username, password: answer.password };
      await this.secrets.set(keyFor(p.ctx.profile), JSON.stringify(login));
    }
    p.resolve(credentials);
  }

  /** The session a prompt belongs to; throws when the prompt is no longer open. */
  sessionOf(requestId: string): string {
    return this.peek(requestId).ctx.sessionId;
  }

  cancel(requestId: string): void {
    this.take(requestId).resolve(undefined);
  }

  forget(profile: string): Promise<void> {
    return this.secrets.delete(keyFor(profile));
  }

  async rename(from: string, to: string): Promise<void> {
    const text = await this.secrets.get(keyFor(from));
    if (text === undefined) return;
    await this.secrets.set(keyFor(to), text);
    await this.secrets.delete(keyFor(from));
  }

  /** The session ended: its open prompts go away. */
  closeSession(sessionId: string): void {
    this.usedSaved.delete(sessionId);
    for (const [id, p] of this.pending) {
      if (p.ctx.sessionId === sessionId) this.take(id).resolve(undefined);
    }
  }

  private take(requestId: string): Pending {
    const p = this.peek(requestId);
    this.pending.delete(requestId);
    this.events.emit('credentials.closed', { requestId });
    return p;
  }

  private peek(requestId: string): Pending {
    const p = this.pending.get(requestId);
    if (!p) {
      throw new GangwayError(
        'no-such-request',
        'this login prompt is no longer open',
        'the connection attempt ended; connect again',
      );
    }
    return p;
  }

  private async credentialsFrom(p: Pending, answer: CredentialAnswer): Promise<WorkerCredentials> {
    if (p.request.kind === 'challenge') {
      return { username: p.request.username, password: '', response: answer.response ?? '' };
    }
    if (p.request.kind === 'key-passphrase') {
      // Never the saved login password: that belongs to the server, not to the key.
      if (answer.password === undefined) {
        throw new GangwayError('bad-request', 'a passphrase is required', 'type the passphrase');
      }
      return { username: '', password: answer.password };
    }
    const saved = answer.password === undefined ? await this.saved(p.ctx.profile) : undefined;
    const password = answer.password ?? saved?.password;
    if (password === undefined) {
      throw new GangwayError('bad-request', 'a password is required', 'type the password');
    }
    return {
      username: answer.username ?? p.request.username ?? saved?.username ?? '',
      password,
      ...(answer.response !== undefined ? { response: answer.response } : {}),
    };
  }
}
