/**
 * The TUN device of a session, kept across reconnects as OpenVPN's `persist-tun` keeps it
 * (init.c, do_close_tun: the device stays when a SIGUSR1 restart has persist_tun). Closing it on
 * every reconnect would remove the tunnel's routes, so that redirect-gateway traffic would leave
 * in clear text until the next connect, and through pkexec it would ask for a password again.
 *
 * Each attempt attaches to the kept device and detaches at its end; only the session closes it
 * (disconnect, or a final failure). A reconnect that gets the same pushed configuration reuses
 * the device as it is. The helper cannot change a device once configured
 * (docs/helper-protocol.md: after `open` only packets are accepted), so a different
 * configuration replaces the device, and the log says so.
 */
import type { GangwayError } from '../../errors';
import type { TunConfig, TunDevice, TunProvider } from '../../platform/network';

type PacketListener = (packets: Buffer[]) => void;
type ClosedListener = (error?: GangwayError) => void;

export class TunKeeper {
  private device: TunDevice | undefined;
  private configKey = '';
  private redirects = false;
  /** The device went away by itself (the helper exited); with its reason. */
  private lost: { error: GangwayError | undefined } | undefined;
  private packetListener: PacketListener | undefined;
  private closedListener: ClosedListener | undefined;
  /**
   * The path to the server changed since the device was set up. Its redirect-gateway host
   * route to the server still points at the old gateway: the helper derives it once, at
   * `open`, so such a device is set up again by the next attempt.
   */
  private pathChanged = false;
  /** Packets the device delivered while no attempt was attached (between attempts). */
  droppedWhileDetached = 0;

  constructor(
    private readonly provider: TunProvider,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  /** A device is kept (it carries the routes while the session reconnects). */
  get holding(): boolean {
    return this.device !== undefined && this.lost === undefined;
  }

  /** Starts the helper ahead of time, unless a device is kept already. */
  prepare(): void {
    if (!this.holding) this.provider.prepare?.();
  }

  /** Gives up what prepare() started if it was not used. */
  release(): void {
    this.provider.release?.();
  }

  /**
   * The device for `config`: the kept one when the configuration is the same, else a new
   * one (replacing the kept one). Rejects when the kept device's helper died on its own.
   */
  acquire(config: TunConfig): Promise<TunDevice> {
    // One at a time: an attempt that ended while its device was being set up must not race
    // the next attempt's request.
    const next = this.queue.then(() => this.acquireNow(config));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private queue: Promise<unknown> = Promise.resolve();

  private async acquireNow(config: TunConfig): Promise<TunDevice> {
    const key = JSON.stringify(config);
    if (this.device && this.lost) {
      const { error } = this.lost;
      await this.closeNow();
      if (error) throw error;
    }
    const hostRouteStale = this.pathChanged && config.redirectGateway !== undefined;
    this.pathChanged = false;
    if (this.device && key === this.configKey && !hostRouteStale) return this.view(this.device);
    if (this.device && hostRouteStale) {
      this.log(
        'info',
        `the network changed: ${this.device.name} is set up again so that its route to the server follows the new gateway`,
      );
      await this.closeNow();
    } else if (this.device) {
      this.log(
        'info',
        `the server pushed a different configuration; the helper cannot change ${this.device.name} in place, so it is replaced (its routes and DNS are briefly removed)`,
      );
      await this.closeNow();
    }
    const device = await this.provider.open(config);
    this.device = device;
    this.configKey = key;
    this.redirects = config.redirectGateway !== undefined;
    this.lost = undefined;
    device.onPackets((packets) => {
      if (this.device !== device) return;
      if (this.packetListener) this.packetListener(packets);
      else this.droppedWhileDetached += packets.length;
    });
    device.onClosed((error) => {
      if (this.device !== device) return;
      this.lost = { error };
      this.closedListener?.(error);
    });
    return this.view(device);
  }

  /** The session saw the path to the server change (see pathChanged). */
  notePathChange(): void {
    if (this.device) this.pathChanged = true;
  }

  /** The kept device carries redirect-gateway routes (and a host route to the server). */
  get redirectsGateway(): boolean {
    return this.holding && this.redirects;
  }

  /** The attempt is over: packets from the device are dropped until the next one attaches. */
  detach(): void {
    this.packetListener = undefined;
    this.closedListener = undefined;
  }

  /** Restores routes and DNS and removes the device (disconnect or final failure). */
  async close(): Promise<void> {
    await this.queue; // a device being set up right now is closed too
    await this.closeNow();
  }

  private async closeNow(): Promise<void> {
    this.detach();
    const device = this.device;
    this.device = undefined;
    this.configKey = '';
    this.lost = undefined;
    if (device) await device.close();
  }

  /** What one attempt sees: the device, with listeners that last as long as the attempt. */
  private view(device: TunDevice): TunDevice {
    return {
      name: device.name,
      mtu: device.mtu,
      configured: device.configured,
      onPackets: (listener) => {
        this.packetListener = listener;
      },
      onClosed: (listener) => {
        this.closedListener = listener;
      },
      writePackets: (packets) => device.writePackets(packets),
      // Only the session closes the kept device (close() above).
      close: async () => this.detach(),
    };
  }
}
