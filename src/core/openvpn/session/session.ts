/**
 * The session: the ONE place where TunnelState transitions happen. It walks the remote list
 * (remote-random, resolv-retry, connect-retry backoff), runs one Attempt at a time, and
 * decides after each outcome: connected → wait; lost → reconnecting; fatal → failed. The
 * Electron app and the CLI use only createSession() and the Session interface.
 */
import type {
  CredentialRequest,
  LogLevel,
  SessionEvent,
  TunnelState,
} from '../../../shared/tunnel-state';
import type { Profile, Remote } from '../../config/profile';
import type { TunProvider } from '../../platform/network';
import { redact } from '../../redact';
import type { NetworkWatcher } from '../../platform/network-watch';
import { describePath } from '../transport/path-probe';
import { unlockProfile } from '../../config/unlock-key';
import { GangwayError } from '../../errors';
import { reasonOf } from './failure-reason';
import { lastGoodFirst, ServerPath } from './server-path';
import {
  orderRemotes,
  resolveRemote,
  retryDelayMs,
  type ResolvedRemote,
} from '../transport/resolve-remotes';
import { Attempt, type AttemptOutcome, type RecoveryCause } from './attempt';
import { LoginState, type CredentialProvider, type Credentials } from './credentials';
import { StatsCounter } from './stats';
import { TunKeeper } from './tun-keeper';
import { WakeDetector } from './wake-detector';

export interface SessionOptions {
  profile: Profile;
  tun: TunProvider;
  credentials: CredentialProvider;
  /** Network-change events (Linux: RouteMonitor); without it only ping-restart notices. */
  network?: NetworkWatcher;
  /** Extra log sink (the events carry logs too). */
  log?: (level: LogLevel, message: string) => void;
}

export interface Session {
  readonly state: TunnelState;
  /** Returns a function that removes the listener. */
  on(listener: (event: SessionEvent) => void): () => void;
  /** Starts connecting; resolves once connected, failed or disconnected. */
  connect(): Promise<void>;
  /** Disconnects (exit-notify, TUN restored); resolves when everything is torn down. */
  disconnect(): Promise<void>;
}

export function createSession(options: SessionOptions): Session {
  return new SessionMachine(options);
}

/** OpenVPN retries name resolution every 5 s while resolv-retry allows. */
const RESOLVE_RETRY_MS = 5000;

class SessionMachine implements Session {
  private current: TunnelState = { kind: 'disconnected' };
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private readonly login: LoginState;
  private readonly stats = new StatsCounter();
  private attempt: Attempt | undefined;
  private stopping = false;
  private running: Promise<void> | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private settleFirst: (() => void) | undefined;
  private wakeSleep: (() => void) | undefined;
  private cancelPrompt: (() => void) | undefined;
  private readonly tun: TunKeeper;
  /** The remote the session last connected to: tried first after a network change. */
  private lastGoodRemote: Remote | undefined;
  /** A network change or wake came while no attempt ran: skip the back-off. */
  private nudged: RecoveryCause | undefined;
  /** The server address of the current (or last) attempt, and how it is reached. */
  private readonly path = new ServerPath(
    () => this.stopping,
    (target, path) => {
      this.log('info', `network changed: ${target.address} is now ${describePath(path)}`);
      this.tun.notePathChange();
      if (path.reachable) this.recover('network-changed');
    },
  );
  private stopWatching: (() => void) | undefined;

  constructor(private readonly o: SessionOptions) {
    this.login = new LoginState(o.profile);
    this.tun = new TunKeeper(o.tun, (level, message) => this.log(level, message));
  }

  get state(): TunnelState {
    return this.current;
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: SessionEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's bug must not break the tunnel
      }
    }
  }

  private setState(state: TunnelState): void {
    this.current = state;
    this.emit({ type: 'state', state, at: Date.now() });
    if (state.kind === 'connected' || state.kind === 'failed' || state.kind === 'disconnected') {
      this.settleFirst?.();
      this.settleFirst = undefined;
    }
  }

  private log = (level: LogLevel, message: string): void => {
    const safe = redact(message);
    this.o.log?.(level, safe);
    this.emit({ type: 'log', level, message: safe, at: Date.now() });
  };

  connect(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.stopping = false;
    const settled = new Promise<void>((resolve) => (this.settleFirst = resolve));
    this.statsTimer = setInterval(() => {
      if (this.current.kind === 'connected')
        this.emit({ type: 'stats', stats: this.stats.sample(), at: Date.now() });
    }, 1000);
    this.statsTimer.unref?.();
    this.watchNetwork();
    this.running = this.loop()
      .catch((err: unknown) =>
        this.finish({
          kind: 'failed',
          reason: { code: 'internal', message: String((err as Error)?.message ?? err) },
        }),
      )
      .finally(() => {
        if (this.statsTimer) clearInterval(this.statsTimer);
        this.stopWatching?.();
        this.stopWatching = undefined;
        this.running = undefined;
      });
    return settled;
  }

  /** Network changes and wakes: the two events after which the session checks its path. */
  private watchNetwork(): void {
    const wake = new WakeDetector((sleptMs) => {
      this.log('info', `the engine did not run for ${Math.round(sleptMs / 1000)} s (sleep)`);
      this.recover('woke-from-sleep', sleptMs);
    });
    const unwatch = this.o.network?.watch(
      () => void this.path.check(),
      (why) => this.log('warn', `${why}; network changes are noticed only by ping-restart`),
    );
    this.stopWatching = () => {
      wake.stop();
      unwatch?.();
    };
  }

  private recover(cause: RecoveryCause, sleptMs = 0): void {
    if (this.stopping) return;
    if (this.attempt) return this.attempt.recover(cause, sleptMs);
    this.nudged = cause;
    this.wakeSleep?.();
  }

  /** The final state, once the kept device has restored routes and DNS. */
  private async finish(state: TunnelState): Promise<void> {
    await this.tun
      .close()
      .catch((err: Error) => this.log('error', `restoring the system failed: ${err.message}`));
    this.setState(state);
  }

  async disconnect(): Promise<void> {
    if (!this.running) {
      if (this.current.kind !== 'failed') this.setState({ kind: 'disconnected' });
      return;
    }
    this.stopping = true;
    this.setState({ kind: 'disconnecting' });
    this.wakeSleep?.();
    this.cancelPrompt?.();
    await this.attempt?.stop();
    await this.running;
  }

  private async loop(): Promise<void> {
    const profile = await this.unlockKey();
    if (!profile) return;
    if (profile.authUserPass && !this.login.hasCredentials) {
      if (!(await this.askCredentials())) return;
    }
    let pass = 0;
    let everConnected = false;
    let reconnects = 0;
    const startedAt = Date.now();
    while (!this.stopping) {
      let anyAnswer = false;
      let resolvedAny = false;
      let allRefused = true;
      this.nudged = undefined;
      for (const remote of lastGoodFirst(
        orderRemotes(profile.remotes, profile.remoteRandom),
        this.lastGoodRemote,
      )) {
        if (this.stopping || this.nudged) break;
        const endpoint = { host: remote.host, port: remote.port, proto: remote.proto };
        this.setState({ kind: 'resolving', remote: endpoint });
        let targets: ResolvedRemote[];
        try {
          targets = await resolveRemote(remote);
        } catch (err) {
          this.log('warn', `cannot resolve ${remote.host}: ${(err as Error).message}`);
          continue;
        }
        resolvedAny = true;
        for (let t = 0; t < targets.length && !this.nudged; t++) {
          const target = targets[t] as ResolvedRemote;
          let outcome: AttemptOutcome;
          for (;;) {
            if (this.stopping) return this.finishStopped();
            this.setState({
              kind: 'connecting',
              remote: { ...endpoint, address: target.address },
              attempt: pass + 1,
            });
            this.path.track(target);
            this.attempt = new Attempt({
              profile,
              target,
              login: this.login,
              tun: this.tun,
              stats: this.stats,
              progress: (step) => {
                if (this.stopping) return;
                if (step.kind === 'connected') this.lastGoodRemote = remote;
                const at = { ...endpoint, address: target.address };
                this.setState(
                  step.kind === 'connected'
                    ? { kind: 'connected', remote: at, tunnel: step.tunnel, since: Date.now() }
                    : { kind: step.kind, remote: at },
                );
              },
              log: this.log,
              askUser: (request) => {
                this.setState({
                  kind: 'awaiting-credentials',
                  remote: { ...endpoint, address: target.address },
                  request,
                });
                return this.ask(request);
              },
            });
            outcome = await this.attempt.run();
            this.attempt = undefined;
            if (outcome.kind === 'retry-auth') continue;
            if (outcome.kind === 'challenge') {
              const ok = await this.askChallenge(outcome.challenge, endpoint);
              if (!ok) return;
              continue;
            }
            break;
          }
          if (outcome.kind === 'stopped' || this.stopping) return this.finishStopped();
          if (outcome.kind === 'failed')
            return this.finish({ kind: 'failed', reason: outcome.reason });
          if (outcome.kind === 'no-answer') {
            allRefused &&= outcome.refused === true;
            this.log('info', outcome.message);
            continue;
          }
          // reconnect
          anyAnswer = true;
          everConnected ||= outcome.wasConnected;
          if (outcome.wasConnected || outcome.immediate) reconnects = 0;
          reconnects++;
          const delayMs = outcome.immediate
            ? 0
            : Math.min(
                1000 * 2 ** Math.min(reconnects - 1, 5),
                profile.connectRetry.max * 1000 || 5000,
              );
          this.setState({
            kind: 'reconnecting',
            reason: outcome.reason,
            attempt: reconnects,
            delayMs,
          });
          this.log('info', `reconnecting: ${outcome.reason.message}`);
          await this.sleep(delayMs);
          this.nudged = undefined; // this reconnect is to the same server anyway
          // After a connection that worked (or a network change), the same server comes
          // first again, as OpenVPN's no_advance does after "Initialization Sequence
          // Completed" (init.c, initialization_sequence_completed / next_connection_entry).
          if (!outcome.advance && (outcome.wasConnected || outcome.immediate)) t--;
        }
        if (this.stopping) break;
      }
      if (this.stopping) break;
      if (this.nudged) {
        // The network came back (or we woke): start over at once, last good server first.
        pass = 0;
        continue;
      }
      if (!resolvedAny && !everConnected) {
        const retry = profile.resolvRetry;
        if (retry !== 'infinite' && (Date.now() - startedAt) / 1000 >= retry) {
          const hosts = profile.remotes.map((r) => r.host).join(', ');
          return this.finish({
            kind: 'failed',
            reason: {
              code: 'dns-failed',
              message: `cannot resolve the server name (${hosts})`,
              hint: 'Check the network connection and DNS, or the remote names in the profile.',
            },
          });
        }
        await this.sleep(RESOLVE_RETRY_MS);
        continue;
      }
      if (!anyAnswer && !everConnected && allRefused) {
        return this.finish({
          kind: 'failed',
          reason: {
            code: 'connection-refused',
            message: 'the server refused the connection (nothing is listening on its VPN port)',
            hint: 'Check the port and protocol in the profile, and that the VPN server is running.',
          },
        });
      }
      if (!anyAnswer && !everConnected) {
        return this.finish({
          kind: 'failed',
          reason: {
            code: 'no-answer',
            message: `no answer from any remote within ${profile.serverPollTimeout} s`,
            hint: 'Check the network connection, firewalls, and that the server is running.',
          },
        });
      }
      pass++;
      await this.sleep(retryDelayMs(pass, profile.connectRetry.initial, profile.connectRetry.max));
      if (this.nudged) pass = 0;
    }
    return this.finishStopped();
  }

  /** Asks the provider; disconnect() cancels a pending question (resolves undefined). */
  private ask(request: CredentialRequest): Promise<Credentials | undefined> {
    return new Promise((resolve, reject) => {
      this.cancelPrompt = () => resolve(undefined);
      this.o.credentials.request(request).then(resolve, reject);
    }).finally(() => (this.cancelPrompt = undefined)) as Promise<Credentials | undefined>;
  }

  private finishStopped(): Promise<void> {
    return this.finish({ kind: 'disconnected' });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /**
   * The profile with its encrypted key opened in memory (unlock-key.ts), asking for the
   * passphrase first, as OpenVPN does at startup; undefined once the session has ended.
   */
  private async unlockKey(): Promise<Profile | undefined> {
    const { profile } = this.o;
    if (!profile.keyEncrypted) return profile;
    const request = {
      kind: 'key-passphrase',
      source: profile.pkcs12 !== undefined ? 'pkcs12' : 'key',
    } as const;
    const remote = profile.remotes[0];
    this.setState({
      kind: 'awaiting-credentials',
      remote: { host: remote?.host ?? '', port: remote?.port ?? 0, proto: remote?.proto ?? 'udp' },
      request,
    });
    const answer = await this.ask(request);
    if (this.stopping) {
      this.finishStopped();
      return undefined;
    }
    if (!answer) {
      this.setState({
        kind: 'failed',
        reason: {
          code: 'key-locked',
          message: 'no passphrase was given for the private key',
          hint: 'Enter the passphrase of the key or PKCS#12 file (gangway connect: --key-password-file).',
        },
      });
      return undefined;
    }
    try {
      return unlockProfile(profile, answer.password);
    } catch (err) {
      if (!(err instanceof GangwayError)) throw err;
      this.setState({ kind: 'failed', reason: reasonOf(err) });
      return undefined;
    }
  }

  private async askCredentials(): Promise<boolean> {
    const { profile } = this.o;
    const remote = profile.remotes[0];
    this.setState({
      kind: 'awaiting-credentials',
      remote: { host: remote?.host ?? '', port: remote?.port ?? 0, proto: remote?.proto ?? 'udp' },
      request: {
        kind: 'user-pass',
        ...(profile.username ? { username: profile.username } : {}),
        ...(profile.staticChallenge ? { staticChallenge: profile.staticChallenge } : {}),
      },
    });
    const c = await this.ask({
      kind: 'user-pass',
      ...(profile.username ? { username: profile.username } : {}),
      ...(profile.staticChallenge ? { staticChallenge: profile.staticChallenge } : {}),
    });
    if (!c && this.stopping) {
      await this.finishStopped();
      return false;
    }
    if (!c) {
      await this.finish({
        kind: 'failed',
        reason: {
          code: 'auth-failed',
          message: 'no credentials were given',
          hint: 'Enter the username and password to connect.',
        },
      });
      return false;
    }
    this.login.setCredentials(c);
    return true;
  }

  private async askChallenge(
    ch: { stateId: string; username: string; text: string; echo: boolean },
    remote: { host: string; port: number; proto: 'udp' | 'tcp' },
  ): Promise<boolean> {
    const request = {
      kind: 'challenge' as const,
      text: ch.text,
      echo: ch.echo,
      username: ch.username,
    };
    this.setState({ kind: 'awaiting-credentials', remote, request });
    const answer = await this.ask(request);
    if (this.stopping) {
      await this.finishStopped();
      return false;
    }
    if (!answer) {
      await this.finish({
        kind: 'failed',
        reason: { code: 'auth-failed', message: 'the server challenge was not answered' },
      });
      return false;
    }
    this.login.setChallengeAnswer(ch.stateId, ch.username, answer.response ?? answer.password);
    return true;
  }
}
