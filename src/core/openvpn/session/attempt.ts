/**
 * One connection attempt to one resolved remote, from the first packet to its end: handshake,
 * authentication, configuration, and the connected tunnel. It reports state changes and
 * finishes with an outcome; the session (session.ts) decides what comes next.
 */
import type { CredentialRequest, ReconnectReason, TunnelInfo } from '../../../shared/tunnel-state';
import type { Profile } from '../../config/profile';
import type { TunDevice } from '../../platform/network';
import { GangwayError } from '../../errors';
import { createControlWrap } from '../crypto/create-control-wrap';
import { negotiateDataCipher } from '../data/cipher-negotiation';
import type { ResolvedRemote } from '../transport/resolve-remotes';
import { openTransport } from '../transport/open-transport';
import type { SendFailure, Transport, TransportEvents } from '../transport/transport';
import { crResponseMessage } from '../push/control-message';
import { parsePushedOptions } from '../push/parse-pushed-options';
import { applyPullFilters } from '../push/pull-filter';
import type { PushedConfig } from '../push/pushed-config';
import { buildTunConfig } from '../push/tun-config';
import type { Credentials, LoginState } from './credentials';
import { handleServerMessage, type CrTextChallenge } from './server-messages';
import { clientCertOutOfDate, diagnoseSilentRejection } from './client-cert-diagnosis';
import { DataPath } from './data-path';
import { dataPathSettings } from './data-path-settings';
import { reasonOf } from './failure-reason';
import { keyMethod2Builder } from './km2-builder';
import { floatToFreshSocket } from './float';
import { Link } from './link';
import type { StatsCounter } from './stats';
import type { TunKeeper } from './tun-keeper';
import { tunnelInfo } from './tunnel-info';
import type { AttemptOutcome, AttemptProgress } from './attempt-outcome';

export type { AttemptOutcome } from './attempt-outcome';

const HAND_WINDOW_MS = 60_000;
/** The server answers key-method 2 at once when it accepts us (auth itself may be deferred). */
const SILENT_REJECTION_MS = 8_000;
/** TLS 1.2: a server that refuses our certificate goes silent mid-handshake. */
const STALLED_HANDSHAKE_MS = 15_000;
const EXIT_FLUSH_MS = 150;

/** What made the session look at its path to the server again. */
export type RecoveryCause = 'network-changed' | 'woke-from-sleep';

export interface AttemptContext {
  profile: Profile;
  target: ResolvedRemote;
  login: LoginState;
  /** The session's device, kept across attempts (persist-tun). */
  tun: TunKeeper;
  stats: StatsCounter;
  /** Where the attempt is; the session shows it as a TunnelState. */
  progress(step: AttemptProgress): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** Asks the user mid-handshake (CR_TEXT); the session shows awaiting-credentials. */
  askUser(request: CredentialRequest): Promise<Credentials | undefined>;
}

export class Attempt {
  private link: Link | undefined;
  private dataPath: DataPath | undefined;
  private tun: TunDevice | undefined;
  private pushed: PushedConfig | undefined;
  private finish!: (o: AttemptOutcome) => void;
  private finished = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly done: Promise<AttemptOutcome>;
  connected = false;
  private readonly certOutOfDate: boolean;
  private phase = '';
  private pendingAuthUntil = 0;
  private recovering = false;
  private dataPathPingRestartMs = 0;
  private readonly sendFailures = new Set<string>();
  private readonly transportEvents: TransportEvents = {
    packet: (p) => this.link?.receive(p),
    error: (err) => this.onTransportError(err),
    sendFailed: (failure) => this.onSendFailed(failure),
  };

  constructor(private readonly ctx: AttemptContext) {
    this.certOutOfDate = clientCertOutOfDate(ctx.profile.cert);
    if (this.certOutOfDate) {
      ctx.log(
        'warn',
        'the client certificate is expired or not yet valid; the server will likely refuse it',
      );
    }
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  async run(): Promise<AttemptOutcome> {
    const { profile, target } = this.ctx;
    const pollMs = profile.serverPollTimeout * 1000;
    let transport: Transport;
    // The helper starts while the handshake runs; configure() then only sends it the request.
    this.ctx.tun.prepare();
    try {
      transport = await openTransport(target, this.transportEvents, {
        connectTimeoutMs: pollMs,
        ...(profile.localPort ? { localPort: profile.localPort } : {}),
      });
    } catch (err) {
      this.ctx.tun.release();
      const e = err as NodeJS.ErrnoException;
      return {
        kind: 'no-answer',
        message: `${target.address}:${target.remote.port}: ${e.code ?? e.message}`,
        refused: e.code === 'ECONNREFUSED',
      };
    }
    const login = this.ctx.login;
    const link = new Link({
      profile,
      transport,
      wrap: createControlWrap(profile.tlsWrap, profile.digest, undefined, profile.replayWindow),
      buildKeyMethod2: keyMethod2Builder(profile, login, target.remote.proto, target.family),
      events: {
        phase: (kind) => {
          this.phase = kind;
          if (kind === 'authenticating' || kind === 'tls-handshake') {
            // With a certificate we know is out of date, silence has only one likely cause.
            const ms =
              kind === 'authenticating' || this.certOutOfDate
                ? SILENT_REJECTION_MS
                : STALLED_HANDSHAKE_MS;
            this.after(ms, () => this.checkSilentRejection(kind));
          }
          this.ctx.progress({ kind });
        },
        pushReply: (options) => void this.configure(options),
        pushUpdate: (options) => {
          const filtered = applyPullFilters(options, profile.pullFilters);
          if (filtered.rejected === undefined)
            this.rememberToken(parsePushedOptions(filtered.accepted));
        },
        serverMessage: (m) =>
          handleServerMessage(m, {
            connected: this.connected,
            login,
            end: (o) => this.end(o),
            log: (level, message) => this.ctx.log(level, message),
            answerChallenge: (c) => void this.answerChallenge(c),
            extendPendingAuth: (ms) => (this.pendingAuthUntil = Date.now() + ms),
          }),
        data: (payloads) => this.dataPath?.fromLink(payloads),
        dataDropped: (reason) => {
          if (reason === 'auth') this.ctx.stats.droppedAuth++;
          else if (reason === 'replay') this.ctx.stats.droppedReplay++;
          // On TCP nothing can reorder, repeat or corrupt packets: a bad one means a broken or
          // tampered stream, and OpenVPN restarts the connection ("decryption errors are
          // fatal in TCP mode", forward.c process_incoming_link_part1; a replayed or
          // out-of-window packet id fails openvpn_decrypt there too).
          if ((reason === 'auth' || reason === 'replay') && target.remote.proto === 'tcp') {
            this.end({
              kind: 'reconnect',
              reason: {
                code: 'transport-error',
                message:
                  reason === 'auth'
                    ? 'a data packet failed authentication on TCP'
                    : 'a data packet on TCP repeated or skipped back in its packet ids',
              },
              wasConnected: this.connected,
              advance: false,
            });
          }
        },
        failed: (err) => this.end({ kind: 'failed', reason: reasonOf(err) }),
        log: (level, message) => this.ctx.log(level, message),
      },
    });
    this.link = link;
    this.after(pollMs, () => {
      if (!link.heardFromServer) {
        this.end({
          kind: 'no-answer',
          message: `no answer from ${target.address}:${target.remote.port}`,
        });
      }
    });
    this.after(HAND_WINDOW_MS, () => this.checkHandWindow());
    link.start();
    return this.done;
  }

  /** hand-window: give up on a server that does not finish (AUTH_PENDING extends it). */
  private checkHandWindow(): void {
    const pendingMs = this.pendingAuthUntil - Date.now();
    if (pendingMs > 0) return this.after(pendingMs, () => this.checkHandWindow());
    if (!this.connected && this.link?.heardFromServer) {
      this.end({
        kind: 'reconnect',
        reason: {
          code: 'remote-failed',
          message: 'the server did not complete the handshake within 60 s',
        },
        wasConnected: false,
        advance: true,
      });
    }
  }

  /** The server never answered key-method 2: it dropped us after checking our certificate. */
  private checkSilentRejection(stage: 'tls-handshake' | 'authenticating'): void {
    if (this.phase !== stage) return;
    this.end({ kind: 'failed', reason: diagnoseSilentRejection(this.ctx.profile.cert, stage) });
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref?.();
    this.timers.push(t);
  }

  private async configure(options: string[]): Promise<void> {
    const { profile, login } = this.ctx;
    const link = this.link;
    if (!link || this.finished) return;
    const filtered = applyPullFilters(options, profile.pullFilters);
    if (filtered.rejected !== undefined) {
      return this.end({
        kind: 'failed',
        reason: {
          code: 'push-failed',
          message: `the server pushed "${filtered.rejected}", which the profile's pull-filter rejects`,
          hint: 'Remove the pull-filter line from the profile or ask the administrator.',
        },
      });
    }
    if (filtered.ignored.length)
      this.ctx.log('debug', `pull-filter ignored: ${filtered.ignored.join(', ')}`);
    const pushed = parsePushedOptions(filtered.accepted);
    this.pushed = pushed;
    this.rememberToken(pushed);
    const decision = negotiateDataCipher(
      profile.dataCiphers,
      pushed.cipher,
      profile.dataCiphersFallback,
    );
    if (!decision.ok) return this.end({ kind: 'failed', reason: decision.reason });
    const { config, warnings } = buildTunConfig({
      pushed,
      profile,
      serverAddresses: [this.ctx.target.address],
    });
    // The helper sets the device up in its own process while we derive the data-channel keys:
    // both sit between PUSH_REPLY and the first packet through the tunnel, so the request goes
    // out first and the state event and log lines after it.
    const opening = this.ctx.tun.acquire(config);
    opening.catch(() => undefined);
    this.ctx.progress({ kind: 'configuring' });
    if (pushed.ignored.length)
      this.ctx.log('debug', `ignored pushed options: ${pushed.ignored.join(', ')}`);
    for (const warning of pushed.warnings) this.ctx.log('warn', warning);
    try {
      link.setDataCipher({
        cipher: decision.cipher,
        digest: profile.digest,
        ekm: pushed.useTlsEkm,
        dynamicTlsCrypt: pushed.protocolFlags.dynTlsCrypt,
        ...(pushed.peerId !== undefined ? { peerId: pushed.peerId } : {}),
      });
    } catch (err) {
      this.end({
        kind: 'failed',
        reason: {
          code: 'internal',
          message: `could not set up the data channel: ${(err as Error).message}`,
        },
      });
      // The device (new or kept) stays with the session, which closes it when it ends.
      return;
    }
    login.afterLogin();
    for (const warning of warnings) this.ctx.log('info', warning);
    try {
      this.tun = await opening;
    } catch (err) {
      return this.end({
        kind: 'failed',
        reason: {
          code: 'helper-failed',
          message: `could not set up the tunnel device: ${(err as Error).message}`,
          // A refusal (a second full tunnel, another owner of resolv.conf) carries its own
          // hint; only a helper that never answered points at the installation.
          hint:
            (err instanceof GangwayError ? err.hint : undefined) ??
            'Check that the Gangway helper is installed and allowed to run.',
        },
      });
    }
    if (this.finished) return; // the session keeps the device for the next attempt
    const settings = dataPathSettings(
      profile,
      pushed,
      decision.cipher,
      this.ctx.target,
      config.mtu,
    );
    this.dataPathPingRestartMs = settings.pingRestart * 1000;
    this.dataPath = new DataPath({
      link,
      tun: this.tun,
      stats: this.ctx.stats,
      ...settings,
      onPingExit: () =>
        this.end({
          kind: 'failed',
          reason: {
            code: 'server-exited',
            message: 'no packets from the server within ping-exit; the session ended',
            hint: 'Connect again once the server is reachable.',
          },
        }),
      onWake: (sleptMs) => this.recover('woke-from-sleep', sleptMs),
      onPingTimeout: () =>
        this.end({
          kind: 'reconnect',
          reason: { code: 'ping-timeout', message: 'no packets from the server (ping-restart)' },
          wasConnected: true,
          advance: false,
        }),
      log: (level, message) => this.ctx.log(level, message),
    });
    this.connected = true;
    const tun = this.tun;
    tun.onClosed((error) => {
      if (error) this.end({ kind: 'failed', reason: reasonOf(error) });
    });
    const tunnel = tunnelInfo(
      tun,
      config,
      decision.cipher,
      profile.digest,
      settings.compression,
      pushed.peerId,
    );
    // Packets flow already; the tunnel is announced once DNS is in place too. Returning to the
    // event loop first lets libuv read the packets the helper relays right after its reply:
    // deriving the dynamic tls-crypt key alone took about 0.4 ms in front of them.
    tun.configured.then(
      () => setImmediate(() => this.announceConnected(tunnel, link)),
      () => undefined, // the helper exited: onClosed ends the attempt with its reason
    );
  }

  private announceConnected(tunnel: TunnelInfo, link: Link): void {
    if (this.finished) return;
    this.ctx.progress({ kind: 'connected', tunnel });
    link.enableDynamicTlsCrypt();
  }

  private rememberToken(p: PushedConfig): void {
    if (p.authToken) this.ctx.login.setToken(p.authToken);
    if (p.authTokenUser) this.ctx.login.setTokenUser(p.authTokenUser);
  }

  /** CR_TEXT: ask the user (awaiting-credentials) and answer with CR_RESPONSE. */
  private async answerChallenge(c: CrTextChallenge): Promise<void> {
    const username = this.ctx.login.current()?.username ?? '';
    const answer = await this.ctx.askUser({
      kind: 'challenge',
      text: c.text,
      echo: c.echo,
      username,
    });
    if (this.finished) return;
    if (!answer) {
      return this.end({
        kind: 'failed',
        reason: { code: 'auth-failed', message: 'the server challenge was not answered' },
      });
    }
    this.link?.sendControlMessage(crResponseMessage(answer.response ?? answer.password));
    this.ctx.progress({ kind: 'getting-config' });
  }

  /**
   * The path to the server changed, or we slept. A connected UDP session first moves to a
   * fresh socket (the old one is bound to the old source address) and asks the server for an
   * answer: if one comes, the server floated us and the session goes on. Otherwise, or when
   * the sleep outlasted ping-restart (the server has dropped us), reconnect at once.
   */
  recover(cause: RecoveryCause, sleptMs = 0): void {
    if (this.finished || this.recovering) return;
    const reason: ReconnectReason =
      cause === 'network-changed'
        ? { code: 'network-changed', message: 'the network changed' }
        : {
            code: 'woke-from-sleep',
            message: `woke from sleep (${Math.round(sleptMs / 1000)} s)`,
          };
    const restart = (): void =>
      this.end({
        kind: 'reconnect',
        reason,
        wasConnected: this.connected,
        advance: false,
        immediate: true,
      });
    const pingRestartMs = this.dataPathPingRestartMs;
    const canFloat =
      this.connected &&
      this.dataPath !== undefined &&
      this.ctx.target.remote.proto === 'udp' &&
      !this.ctx.profile.localPort &&
      this.pushed?.peerId !== undefined &&
      // Its host route to the server follows the old gateway: set the device up again.
      !(cause === 'network-changed' && this.ctx.tun.redirectsGateway) &&
      !(cause === 'woke-from-sleep' && pingRestartMs > 0 && sleptMs >= pingRestartMs);
    if (!canFloat) return restart();
    this.recovering = true;
    this.ctx.log('info', `${reason.message}: asking the server over a fresh socket`);
    this.sendFailures.clear();
    const link = this.link as Link;
    void floatToFreshSocket({
      target: this.ctx.target,
      events: this.transportEvents,
      link,
      probe: () => this.dataPath?.probe(),
      isOver: () => this.finished,
      log: (message) => this.ctx.log('info', message),
    }).then((answered) => {
      this.recovering = false;
      if (this.finished) return;
      if (answered)
        this.ctx.log('info', 'the server answered over the new path; the session goes on');
      else restart();
    });
  }

  /** Sends fail while the link is down or the source address is gone; say so once per cause. */
  private onSendFailed(failure: SendFailure): void {
    if (this.sendFailures.has(failure.code)) return;
    this.sendFailures.add(failure.code);
    this.ctx.log('info', `cannot send to the server: ${failure.message}`);
  }

  private onTransportError(err: Error): void {
    if (this.ctx.target.remote.proto === 'udp') {
      // ICMP port unreachable comes back on the connected socket as ECONNREFUSED. Before the
      // server has said anything it means nothing listens there: waiting out the poll timeout
      // would only hide that. Later (a server restart) the usual ping timeout decides.
      const { code } = err as NodeJS.ErrnoException;
      if (code === 'ECONNREFUSED' && !this.link?.heardFromServer) {
        const { address, remote } = this.ctx.target;
        return this.end({
          kind: 'no-answer',
          message: `${address}:${remote.port}: the server refused the connection (port closed)`,
          refused: true,
        });
      }
      this.ctx.log('debug', `udp: ${err.message}`);
      return;
    }
    this.end({
      kind: 'reconnect',
      reason: { code: 'transport-error', message: err.message },
      wasConnected: this.connected,
      advance: !this.connected,
    });
  }

  private end(outcome: AttemptOutcome): void {
    if (this.finished) return;
    this.finished = true;
    void this.teardown(false).then(() => this.finish(outcome));
  }

  /** Disconnect on the user's request: exit-notify, then tear everything down. */
  async stop(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.teardown(true);
    this.finish({ kind: 'stopped' });
  }

  private async teardown(notifyServer: boolean): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    const link = this.link;
    if (notifyServer && link && this.connected) {
      if (this.pushed?.protocolFlags.ccExit) link.sendControlMessage('EXIT');
      else if (this.ctx.target.remote.proto === 'udp' && this.ctx.profile.explicitExitNotify > 0)
        this.dataPath?.sendOccExit();
      await new Promise((r) => setTimeout(r, EXIT_FLUSH_MS));
    }
    this.dataPath?.stop();
    link?.close();
    this.ctx.tun.release(); // a helper prepared for a tunnel that never came
    // The device stays with the session across reconnects (persist-tun); the session closes it.
    this.tun = undefined;
    this.ctx.tun.detach();
  }
}
