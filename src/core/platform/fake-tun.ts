import type { GangwayError } from '../errors';
import type { TunConfig, TunDevice, TunProvider } from './network';

/** An in-memory TUN for unit tests: records what the engine configured and wrote. */
export class FakeTunDevice implements TunDevice {
  readonly written: Buffer[] = [];
  closed = false;
  private listeners: Array<(packets: Buffer[]) => void> = [];
  private closedListeners: Array<(error?: GangwayError) => void> = [];
  readonly configured = Promise.resolve();

  constructor(
    readonly name: string,
    readonly config: TunConfig,
  ) {}

  get mtu(): number {
    return this.config.mtu;
  }

  onPackets(listener: (packets: Buffer[]) => void): void {
    this.listeners.push(listener);
  }

  writePackets(packets: Buffer[]): void {
    if (this.closed) throw new Error('write to a closed TUN device');
    for (const packet of packets) this.written.push(packet);
  }

  /** Simulates packets arriving from the operating system. */
  inject(packets: Buffer[]): void {
    for (const l of this.listeners) l(packets);
  }

  onClosed(listener: (error?: GangwayError) => void): void {
    this.closedListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closedListeners) l();
  }
}

export class FakeTunProvider implements TunProvider {
  readonly devices: FakeTunDevice[] = [];

  async open(config: TunConfig): Promise<FakeTunDevice> {
    const device = new FakeTunDevice(`tun${this.devices.length}`, config);
    this.devices.push(device);
    return device;
  }
}
