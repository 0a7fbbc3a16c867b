/** Opens the transport a resolved remote asks for (UDP, or TCP bounded by server-poll-timeout). */
import type { ResolvedRemote } from './resolve-remotes';
import { TcpTransport } from './tcp-transport';
import type { Transport, TransportEvents } from './transport';
import { UdpTransport } from './udp-transport';

export function openTransport(
  target: ResolvedRemote,
  events: TransportEvents,
  opts: { connectTimeoutMs: number; localPort?: number },
): Promise<Transport> {
  const spec = {
    address: target.address,
    port: target.remote.port,
    family: target.family,
    ...(opts.localPort ? { localPort: opts.localPort } : {}),
  };
  return target.remote.proto === 'tcp'
    ? TcpTransport.open(spec, events, opts.connectTimeoutMs)
    : UdpTransport.open(spec, events);
}
