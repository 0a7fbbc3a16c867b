/**
 * The tunnel's data path: TUN packets → compression framing → data channel, and back, with
 * the keepalive ping and ping-restart (ping.c, ping.h check_ping_restart), OCC handling (occ.c
 * process_received_occ_msg) and traffic stats.
 * Incoming packets are collected and written to the TUN device once per event-loop turn.
 */
import type { TunDevice } from '../../platform/network';
import type { CompressionFraming } from '../data/compression';
import { buildOccExit, buildPing, OCC_MAGIC, OCC_OPCODE, PING_MAGIC } from '../data/in-band';
import { clampMss } from '../data/mss';
import type { Link } from './link';
import type { StatsCounter } from './stats';
import { TickClock } from './wake-detector';

/** OCC_REQUEST: the server answers with OCC_REPLY at once (occ.c, process_received_occ_msg). */
const OCC_REQUEST = Buffer.concat([OCC_MAGIC, Buffer.from([OCC_OPCODE.REQUEST])]);

export interface DataPathOptions {
  link: Link;
  tun: TunDevice;
  framing: CompressionFraming;
  /** IPv4 TCP MSS to clamp outgoing SYNs to; 0 = off. */
  maxMss: number;
  stats: StatsCounter;
  /** Seconds; 0 = off. */
  ping: number;
  pingRestart: number;
  onPingTimeout(): void;
  /** Seconds without packets after which the session ends (`ping-exit`); 0 = off. */
  pingExit?: number;
  onPingExit?(): void;
  /**
   * The engine did not run for `sleptMs` (suspend, SIGSTOP): the silence is ours, not the
   * server's, so this tick does not count towards ping-restart.
   */
  onWake?(sleptMs: number): void;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
}

export class DataPath {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private unframeDrops = 0;
  private readonly clock = new TickClock();

  constructor(private readonly o: DataPathOptions) {
    o.tun.onPackets((packets) => this.fromTun(packets));
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref?.();
  }

  private fromTun(packets: Buffer[]): void {
    if (this.stopped) return;
    const framed = new Array<Buffer>(packets.length);
    let bytes = 0;
    for (let i = 0; i < packets.length; i++) {
      const p = packets[i] as Buffer;
      bytes += p.length;
      if (this.o.maxMss > 0) clampMss(p, this.o.maxMss);
      framed[i] = this.o.framing.frame(p);
    }
    if (this.o.link.encryptAndSend(framed)) {
      this.o.stats.packetsOut += packets.length;
      this.o.stats.bytesOut += bytes;
    }
  }

  /**
   * Decrypted payloads from the link. Hands the packets to the device at once: the device coalesces writes per event-loop turn
   * itself (network.ts), and a second deferral here cost every reply one more loop turn.
   */
  fromLink(payloads: Buffer[]): void {
    if (this.stopped) return;
    const toTun: Buffer[] = [];
    for (const payload of payloads) {
      const unframed = this.o.framing.unframe(payload);
      const packet = 'ok' in unframed ? unframed.ok : undefined;
      if (!packet) {
        if (this.unframeDrops++ % 1000 === 0)
          this.o.log('debug', 'dropped a packet with bad compression framing');
        continue;
      }
      if (packet.length === 16 && packet.equals(PING_MAGIC)) continue;
      if (packet.length >= 17 && packet.subarray(0, 16).equals(OCC_MAGIC)) {
        this.onOcc(packet[16] ?? 0);
        continue;
      }
      this.o.stats.packetsIn++;
      this.o.stats.bytesIn += packet.length;
      toTun.push(packet);
    }
    if (toTun.length > 0) this.o.tun.writePackets(toTun);
  }

  private onOcc(opcode: number): void {
    if (opcode === OCC_OPCODE.EXIT) {
      this.o.log('info', 'server announced it is exiting');
      this.o.onPingTimeout();
    }
  }

  private tick(): void {
    if (this.stopped) return;
    const slept = this.clock.tick();
    if (slept > 0 && this.o.onWake) return this.o.onWake(slept);
    const now = Date.now();
    const { link } = this.o;
    if (this.o.ping > 0 && now - link.lastSentAt >= this.o.ping * 1000) {
      link.sendPayload(this.o.framing.frame(buildPing()));
    }
    const silentMs = now - link.lastReceivedAt;
    if (this.o.pingExit && this.o.pingExit > 0 && silentMs >= this.o.pingExit * 1000) {
      this.stop();
      this.o.onPingExit?.();
      return;
    }
    if (this.o.pingRestart > 0 && silentMs >= this.o.pingRestart * 1000) {
      this.stop();
      this.o.onPingTimeout();
    }
  }

  /**
   * Asks the server for an answer at once (after a network change): a ping alone gets none,
   * an OCC_REQUEST gets an OCC_REPLY.
   */
  probe(): void {
    if (this.stopped) return;
    this.o.link.sendPayload(this.o.framing.frame(buildPing()));
    this.o.link.sendPayload(this.o.framing.frame(Buffer.from(OCC_REQUEST)));
  }

  /** Legacy explicit-exit-notify on UDP: OCC_EXIT on the data channel. */
  sendOccExit(): void {
    this.o.link.sendPayload(this.o.framing.frame(buildOccExit()));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
