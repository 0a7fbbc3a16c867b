/**
 * One connection to one server: the control channel, one KeyNegotiation per key_id (renegotiations
 * included), PUSH_REQUEST until PUSH_REPLY, and the data-channel keys with the send-key switch of
 * ssl.c tls_select_encryption_key. What the tunnel does with the payloads is DataPath's job; what
 * happens on failure is the session's.
 */
import type { Profile } from '../../config/profile';
import type { GangwayError } from '../../errors';
import type { ControlWrap } from '../crypto/control-wrap';
import { lookupDigest } from '../crypto/digest';
import { ControlChannel } from '../control/control-channel';
import { prepareControlTls } from '../control/tls-client';
import { createDynamicTlsCryptWrap, DYNAMIC_TLS_CRYPT_LABEL } from '../crypto/create-control-wrap';
import { nextKeyId, opcodeOf, keyIdOf, isDataOpcode } from '../control/opcodes';
import type { DataCipherInfo } from '../data/ciphers';
import { DataChannelKey } from '../data/data-channel';
import { deriveKey2WithEkm, deriveKey2WithPrf, splitKey2ForClient } from '../data/key-derivation';
import type { ClientKeySource } from '../handshake/key-method2';
import type { Transport } from '../transport/transport';
import { parseControlMessage, type ControlMessage } from '../push/control-message';
import { PushReplyAccumulator } from '../push/push-accumulator';
import { TlsInbox } from './tls-inbox';
import { warmUpPacketPaths } from './warm-up';
import { KeyNegotiation } from './key-negotiation';
import { DataKeys, DEFAULT_TRAN_WINDOW_SECONDS } from './data-keys';

const PUSH_REQUEST_INTERVAL_MS = 5000;
const PUSH_REQUEST_GRACE_MS = 100;

export interface DataCipherChoice {
  cipher: DataCipherInfo;
  /** The server pushed `protocol-flags … dyn-tls-crypt`. */
  dynamicTlsCrypt?: boolean;
  /** From the profile's `auth`, for CBC ciphers. */
  digest: string;
  ekm: boolean;
  peerId?: number;
}

export interface LinkEvents {
  phase(kind: 'tls-handshake' | 'authenticating' | 'getting-config'): void;
  /** The complete first PUSH_REPLY (continuations joined). */
  pushReply(options: string[]): void;
  /** A later complete PUSH_REPLY (e.g. an auth-token refresh after renegotiation). */
  pushUpdate(options: string[]): void;
  /** Any other server message (AUTH_FAILED, RESTART, INFO...). */
  serverMessage(message: ControlMessage): void;
  /** Decrypted data-channel payloads (still compression-framed). */
  data(payloads: Buffer[]): void;
  dataDropped(reason: 'auth' | 'replay' | 'malformed'): void;
  failed(err: GangwayError): void;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
}

export interface LinkOptions {
  profile: Profile;
  transport: Transport;
  wrap: ControlWrap;
  /** Builds the key-method-2 message for a key_id (credentials or auth-token inside). */
  buildKeyMethod2(keyId: number): { message: Buffer; keySource: ClientKeySource };
  events: LinkEvents;
}

export class Link {
  readonly control: ControlChannel;
  private readonly negotiations = new Map<number, KeyNegotiation>();
  private readonly dataKeys: DataKeys;
  private readonly installed = new WeakSet<KeyNegotiation>();
  private dynamicEkm: Buffer | undefined;
  private renegotiationPending = false;
  private cipherChoice: DataCipherChoice | undefined;
  private pushTimer: NodeJS.Timeout | undefined;
  private renegTimer: NodeJS.Timeout | undefined;
  private readonly pushReplies = new PushReplyAccumulator();
  private readonly tlsInbox = new TlsInbox((keyId, data) =>
    this.negotiations.get(keyId)?.deliver(data),
  );
  private pushComplete = false;
  private closed = false;
  /** Any authenticated packet (control or data) from the server: for ping-restart. */
  lastReceivedAt = Date.now();
  lastSentAt = Date.now();
  /** Anything at all (even unauthenticated) came back: the remote answers. */
  heardFromServer = false;

  constructor(private readonly options: LinkOptions) {
    const { events, profile } = options;
    this.dataKeys = new DataKeys({
      tranWindowSeconds: profile.tranWindow ?? DEFAULT_TRAN_WINDOW_SECONDS,
      ...(profile.renegBytes ? { renegBytes: profile.renegBytes } : {}),
      ...(profile.renegPackets ? { renegPackets: profile.renegPackets } : {}),
      renegotiationDue: () => {
        if (!this.renegotiationPending) this.renegotiate();
      },
      retired: (keyId) => this.forgetKey(keyId),
      log: (level, message) => events.log(level, message),
    });
    this.control = new ControlChannel({
      wrap: options.wrap,
      ipv6: options.transport.family === 6,
      send: (packet) => this.sendRaw(packet),
      events: {
        resetAcked: (keyId) => {
          // The ClientHello first, the state event after it.
          this.negotiations.get(keyId)?.start();
          if (keyId === 0) events.phase('tls-handshake');
        },
        tlsData: (keyId, data) => this.tlsInbox.push(keyId, data),
        peerSoftReset: (keyId) => {
          events.log('info', `server started renegotiation (key_id ${keyId})`);
          this.dataKeys.beginTransition();
          this.addNegotiation(keyId);
        },
        dropped: (reason) => events.log('debug', `control: ${reason}`),
      },
    });
  }

  start(): void {
    prepareControlTls(this.options.profile);
    this.addNegotiation(0).prepare();
    warmUpPacketPaths(this.options.wrap, this.options.profile);
    // node completes the prepared ClientHello's write in an immediate of its own (its JS
    // stream socket finishes every TLS write that way). Sending our reset after it keeps that
    // work out of the server's first round trip, as OpenVPN has its TLS object ready before
    // its first packet: the server's reset used to wait about 0.5 ms for it.
    setImmediate(() => setImmediate(() => this.sendFirstReset()));
  }

  private sendFirstReset(): void {
    if (this.closed) return;
    this.control.startHardReset();
  }

  /** A packet from the transport. */
  receive(packet: Buffer): void {
    if (this.closed || packet.length === 0) return;
    this.heardFromServer = true;
    const byte0 = packet[0] ?? 0;
    if (isDataOpcode(opcodeOf(byte0))) return this.receiveData(packet, keyIdOf(byte0));
    this.lastReceivedAt = Date.now();
    this.control.receive(packet);
  }

  private receiveData(packet: Buffer, keyId: number): void {
    const key = this.dataKeys.lookup(keyId);
    if (!key) return this.options.events.dataDropped('malformed');
    const result = key.decrypt(packet);
    if ('dropped' in result) return this.options.events.dataDropped(result.dropped);
    this.lastReceivedAt = Date.now();
    this.dataKeys.countUsage(1, result.ok.length);
    this.options.events.data([result.ok]);
  }

  /**
   * Encrypts tunnel payloads (already framed) on the current send key and sends them. False
   * when nothing went out: no key yet, or the key used up its packet ids.
   */
  encryptAndSend(payloads: Buffer[]): boolean {
    if (!this.dataKeys.sendKey || this.closed) return false;
    const out = this.dataKeys.encrypt(payloads);
    if (out.length === 0) return false;
    this.lastSentAt = Date.now();
    this.options.transport.sendMany(out);
    return true;
  }

  get dataReady(): boolean {
    return this.dataKeys.sendKey !== undefined;
  }

  /** Fixes the data cipher (from PUSH_REPLY) and derives keys for every established key_id. */
  setDataCipher(choice: DataCipherChoice): void {
    this.cipherChoice = choice;
    for (const n of this.negotiations.values()) if (n.isEstablished) this.installDataKey(n);
  }

  /**
   * Switches renegotiations to dynamic tls-crypt when the server offered it. Separate from
   * setDataCipher because only renegotiations use it: the session calls it once the tunnel
   * carries packets, so that deriving it is not between PUSH_REPLY and the first packet.
   */
  enableDynamicTlsCrypt(): void {
    const first = this.negotiations.get(0);
    if (this.closed || this.dynamicEkm || !this.cipherChoice?.dynamicTlsCrypt) return;
    if (first?.isEstablished) {
      this.dynamicEkm = first.exportKeyingMaterial(256, DYNAMIC_TLS_CRYPT_LABEL);
      this.control.setDynamicWrap(
        createDynamicTlsCryptWrap(
          this.dynamicEkm,
          this.options.profile.tlsWrap,
          undefined,
          this.options.profile.replayWindow,
        ),
      );
      this.options.events.log('info', 'dynamic tls-crypt protects renegotiations');
    }
  }

  /** Sends a control message on the newest established key (forward.c send_control_channel_string). */
  sendControlMessage(text: string): void {
    const newest = this.newestEstablished();
    newest?.sendMessage(text);
  }

  renegotiate(): void {
    if (this.closed) return;
    this.renegotiationPending = true;
    const keyId = nextKeyId(this.control.newestKeyId);
    this.options.events.log('info', `starting renegotiation (key_id ${keyId})`);
    this.dataKeys.beginTransition();
    this.addNegotiation(keyId);
    this.control.startSoftReset(keyId);
  }

  private newestEstablished(): KeyNegotiation | undefined {
    let best: KeyNegotiation | undefined;
    for (const n of this.negotiations.values()) {
      if (n.isEstablished && (!best || (n.establishedAt ?? 0) >= (best.establishedAt ?? 0)))
        best = n;
    }
    return best;
  }

  private addNegotiation(keyId: number): KeyNegotiation {
    const { events } = this.options;
    const n: KeyNegotiation = new KeyNegotiation(
      keyId,
      this.control,
      this.options.profile,
      () => this.options.buildKeyMethod2(keyId),
      {
        tlsUp: () => {
          if (keyId === 0) events.phase('authenticating');
        },
        established: () => this.onEstablished(n),
        message: (text) => this.onMessage(text),
        violation: (err) => this.fail(err),
        error: (err) => {
          if (keyId === 0 || !this.dataKeys.sendKey) return this.fail(err);
          events.log('warn', `renegotiation on key_id ${keyId} failed: ${err.message}`);
          this.renegotiationPending = false;
          this.armRenegotiation();
        },
      },
    );
    const old = this.negotiations.get(keyId);
    old?.close();
    this.negotiations.set(keyId, n);
    return n;
  }

  private onEstablished(n: KeyNegotiation): void {
    if (n.keyId === 0) {
      this.options.events.phase('getting-config');
      // Not at once: we advertise IV_PROTO_REQUEST_PUSH, and a 2.5+ server pushes unasked
      // within a millisecond or two; a PUSH_REQUEST then only delays its PUSH_REPLY on our
      // side. OpenVPN's client waits for its 1 s connection timer; older servers that need
      // the request get it after PUSH_REQUEST_GRACE_MS.
      this.pushTimer = setTimeout(() => this.sendPushRequest(), PUSH_REQUEST_GRACE_MS);
      this.pushTimer.unref?.();
    }
    if (this.cipherChoice) this.installDataKey(n);
    this.armRenegotiation();
  }

  private installDataKey(n: KeyNegotiation): void {
    const choice = this.cipherChoice;
    if (!choice || this.installed.has(n)) return;
    this.installed.add(n);
    const digest = choice.cipher.kind === 'cbc' ? lookupDigest(choice.digest) : undefined;
    const key2 = choice.ekm
      ? deriveKey2WithEkm((len, label) => n.exportKeyingMaterial(len, label))
      : deriveKey2WithPrf({
          client: n.clientKeySource as ClientKeySource,
          server: n.serverKeySource as NonNullable<KeyNegotiation['serverKeySource']>,
          clientSessionId: this.control.localSessionId,
          serverSessionId: this.control.remoteSessionId as Buffer,
        });
    const keys = splitKey2ForClient(key2, choice.cipher, digest);
    key2.fill(0);
    const key = new DataChannelKey({
      keyId: n.keyId,
      cipher: choice.cipher,
      ...(digest ? { digest } : {}),
      keys,
      ...(choice.peerId !== undefined ? { peerId: choice.peerId } : {}),
      ...(this.options.profile.replayWindow ? { replay: this.options.profile.replayWindow } : {}),
    });
    // Switch the send key at once (ssl.c tls_select_encryption_key); keep only the previous key
    // as lame duck.
    this.dataKeys.install(key);
    // The lame duck, unless tran-window already ran out during the renegotiation.
    const previous = this.dataKeys.lameDuckKey;
    this.renegotiationPending = false;
    for (const id of [...this.negotiations.keys()]) {
      if (id !== key.keyId && id !== previous?.keyId) {
        this.negotiations.get(id)?.close();
        this.negotiations.delete(id);
      }
    }
    // The lame duck keeps its control state too: the server may still ACK or resend on it.
    this.control.retainKeys(previous ? [key.keyId, previous.keyId] : [key.keyId]);
    if (n.keyId !== 0)
      this.options.events.log('info', `data channel switched to key_id ${n.keyId}`);
  }

  /** The lame duck expired (tran-window): its TLS session and control state go too. */
  private forgetKey(keyId: number): void {
    if (this.closed || keyId === this.control.newestKeyId) return;
    this.negotiations.get(keyId)?.close();
    this.negotiations.delete(keyId);
    const primary = this.dataKeys.sendKey;
    this.control.retainKeys(primary ? [primary.keyId] : []);
  }

  private armRenegotiation(): void {
    if (this.renegTimer) clearTimeout(this.renegTimer);
    const seconds = this.options.profile.renegSec;
    if (!seconds || seconds <= 0) return;
    this.renegTimer = setTimeout(() => this.renegotiate(), seconds * 1000);
    this.renegTimer.unref?.();
  }

  private sendPushRequest(): void {
    if (this.pushComplete || this.pushReplies.pending || this.closed) return;
    this.sendControlMessage('PUSH_REQUEST');
    this.pushTimer = setTimeout(() => this.sendPushRequest(), PUSH_REQUEST_INTERVAL_MS);
    this.pushTimer.unref?.();
  }

  private onMessage(text: string): void {
    const message = parseControlMessage(text);
    if (message.kind !== 'push-reply') return this.options.events.serverMessage(message);
    let options: string[] | undefined;
    try {
      options = this.pushReplies.add(message.message);
    } catch (err) {
      return this.fail(err as GangwayError); // the continuations outgrew their cap
    }
    if (!options) return;
    if (this.pushComplete) return this.options.events.pushUpdate(options);
    this.pushComplete = true;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.options.events.pushReply(options);
  }

  private sendRaw(packet: Buffer): void {
    if (this.closed) return;
    this.lastSentAt = Date.now();
    this.options.transport.send(packet);
  }

  /**
   * Moves the session to a fresh socket (after a network change) and closes the old one. The
   * keys and packet ids go on: an OpenVPN 2.6 server floats a client that sends valid
   * P_DATA_V2 with its peer-id from a new address (multi.c, multi_process_float).
   */
  replaceTransport(transport: Transport): void {
    if (this.closed) return transport.close();
    const old = this.options.transport;
    this.options.transport = transport;
    old.close();
  }

  /** Sends raw data-channel payloads on the current key (pings, OCC). */
  sendPayload(payload: Buffer): void {
    this.encryptAndSend([payload]);
  }

  private fail(err: GangwayError): void {
    if (this.closed) return;
    this.options.events.failed(err);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    if (this.renegTimer) clearTimeout(this.renegTimer);
    this.dataKeys.close();
    this.dynamicEkm?.fill(0);
    this.tlsInbox.close();
    this.control.close();
    for (const n of this.negotiations.values()) n.close();
    this.options.transport.close();
  }
}
