/**
 * One key_id's TLS session and key-method-2 exchange (ssl.c key_method_2_write/_read). Starts TLS
 * once our reset is ACKed, writes the key-method-2 message (built in advance) in ONE write on
 * secureConnect, parses the server's by structure, then splits the stream into NUL-terminated
 * control messages (forward.c check_incoming_control_channel).
 */
import type { ClientKeySource, ServerKeySource } from '../handshake/key-method2';
import type { ControlChannel } from '../control/control-channel';
import {
  describeTlsError,
  startControlTls,
  type ControlTls,
  type TlsProfile,
} from '../control/tls-client';
import { GangwayError } from '../../errors';
import { ServerPlaintextReader } from './server-plaintext';

export interface KeyNegotiationEvents {
  /** TLS is up and our key-method-2 went out. */
  tlsUp(): void;
  /** Both key-method-2 messages were exchanged: data keys can be derived. */
  established(): void;
  message(text: string): void;
  error(err: GangwayError): void;
  /** The server broke the protocol (e.g. an endless control message): end the session. */
  violation(err: GangwayError): void;
}

export class KeyNegotiation {
  private tls: ControlTls | undefined;
  private readonly plaintext = new ServerPlaintextReader();
  private failed = false;
  /** TLS output held back until our reset is ACKed (see start). */
  private held: Buffer[] | undefined;
  clientKeySource: ClientKeySource | undefined;
  serverKeySource: ServerKeySource | undefined;
  readonly startedAt = Date.now();
  establishedAt: number | undefined;

  constructor(
    readonly keyId: number,
    private readonly control: ControlChannel,
    private readonly profile: TlsProfile,
    private readonly buildKeyMethod2: () => { message: Buffer; keySource: ClientKeySource },
    private readonly events: KeyNegotiationEvents,
  ) {}

  get isEstablished(): boolean {
    return this.establishedAt !== undefined;
  }

  /**
   * Builds the TLS socket and its ClientHello now but holds them until start() (our reset
   * ACKed). OpenVPN also sets up its TLS object before the first packet; building node's TLS
   * socket costs ~2 ms that would otherwise sit between the server's reset and our ClientHello.
   */
  prepare(): void {
    if (this.tls) return;
    this.held = [];
    this.startTls();
  }

  /** Starts TLS, or releases what prepare() held back. */
  start(): void {
    if (!this.tls) return this.startTls();
    const held = this.held ?? [];
    this.held = undefined;
    for (const data of held) this.control.sendTls(this.keyId, data);
  }

  private startTls(): void {
    let tls: ControlTls;
    // Built now, not on secureConnect: node sends our certificate and Finished only after the
    // secureConnect listeners return, so building it there delayed that whole flight.
    let keyMethod2: { message: Buffer; keySource: ClientKeySource };
    try {
      keyMethod2 = this.buildKeyMethod2();
      tls = startControlTls(this.profile, (data) => {
        if (this.held) this.held.push(data);
        else this.control.sendTls(this.keyId, data);
      });
    } catch (err) {
      return this.fail(err);
    }
    this.tls = tls;
    tls.socket.on('secureConnect', () => {
      try {
        this.clientKeySource = keyMethod2.keySource;
        tls.socket.write(keyMethod2.message);
        this.events.tlsUp();
      } catch (err) {
        this.fail(err);
      }
    });
    tls.socket.on('data', (chunk: Buffer) => this.onPlaintext(chunk));
    tls.socket.on('error', (err) => this.fail(err));
  }

  /** TLS bytes from the control channel. */
  deliver(data: Buffer): void {
    this.tls?.duplex.deliver(data);
  }

  /** Sends one control message (one TLS write, NUL-terminated). */
  sendMessage(text: string): void {
    this.tls?.socket.write(Buffer.from(`${text}\0`, 'utf8'));
  }

  exportKeyingMaterial(length: number, label: string): Buffer {
    if (!this.tls) throw new Error('TLS not started');
    // No context argument at all: "no context" differs from an empty one (ssl_openssl.c
    // key_state_export_keying_material passes use_context = 0).
    const exporter = this.tls.socket.exportKeyingMaterial as (len: number, label: string) => Buffer;
    return exporter.call(this.tls.socket, length, label);
  }

  private onPlaintext(chunk: Buffer): void {
    if (this.failed) return;
    let received;
    try {
      received = this.plaintext.push(chunk);
    } catch (err) {
      if (!this.isEstablished || !(err instanceof GangwayError)) return this.fail(err);
      this.failed = true;
      return this.events.violation(err);
    }
    if (received.keyMethod2) {
      this.serverKeySource = received.keyMethod2.keySource;
      this.establishedAt = Date.now();
      this.events.established();
    }
    for (const text of received.messages) this.events.message(text);
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.events.error(describeTlsError(err));
  }

  close(): void {
    this.failed = true;
    this.tls?.socket.destroy();
  }
}
