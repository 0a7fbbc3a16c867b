/**
 * The platform seam between the engine and the operating system. The engine needs a TUN
 * device configured with addresses, routes and DNS; how that happens (a privileged helper on
 * Linux, later macOS and Windows ones) is hidden behind TunProvider. Tests use the in-memory
 * fake in ./fake-tun.ts.
 */
import type { GangwayError } from '../errors';

export interface InterfaceAddress {
  /** e.g. "10.8.0.2" or "fd00::2" */
  address: string;
  prefixLength: number;
  /** net30/p2p peer, when the topology has one. */
  peer?: string;
}

export interface RouteSpec {
  /** Destination in CIDR form, e.g. "10.0.0.0/16" or "::/1". */
  destination: string;
  /** Gateway inside the tunnel; absent for on-link routes. */
  gateway?: string;
  metric?: number;
}

export interface DnsSpec {
  servers: string[];
  /** Domain of the link (`dhcp-option DOMAIN`). */
  domains: string[];
  /** Search list (`dhcp-option DOMAIN-SEARCH`, `dns search-domains`). */
  searchDomains: string[];
}

export interface TunConfig {
  mtu: number;
  ipv4?: InterfaceAddress;
  ipv6?: InterfaceAddress;
  routes: RouteSpec[];
  dns?: DnsSpec;
  /**
   * redirect-gateway def1: the helper adds 0/1 + 128/1 (and ::/1 + 8000::/1 for ipv6) and a host
   * route to each server address through the gateway that was in use before.
   */
  redirectGateway?: { ipv4: boolean; ipv6: boolean; serverAddresses: string[] };
}

export interface TunDevice {
  readonly name: string;
  readonly mtu: number;
  /**
   * Settles once everything the config asked for is in place, DNS included. The device
   * carries packets before that: DNS is the slowest step, and the tunnel need not wait for it.
   * Rejects when the device goes away first.
   */
  readonly configured: Promise<void>;
  /** Called once when the device is gone: with an error unless close() asked for it. */
  onClosed(listener: (error?: GangwayError) => void): void;
  /** Called with batches of IP packets read from the device. */
  onPackets(listener: (packets: Buffer[]) => void): void;
  /** Queues IP packets for the device; batching is the implementation's business. */
  writePackets(packets: Buffer[]): void;
  /** Restores every change (routes, DNS) and removes the device. */
  close(): Promise<void>;
}

export interface TunProvider {
  open(config: TunConfig): Promise<TunDevice>;
  /**
   * Optional: start whatever open() will need (e.g. the privileged helper) while the handshake
   * runs, so that open() only has to configure. The next open() uses it.
   */
  prepare?(): void;
  /** Optional: give up what prepare() started if open() was not called; safe to call anytime. */
  release?(): void;
}
