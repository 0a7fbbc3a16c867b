import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../../src/core/openvpn/transport/tcp-transport';
import type {
  SendFailure,
  TransportEvents,
} from '../../../../src/core/openvpn/transport/transport';
import { UdpTransport } from '../../../../src/core/openvpn/transport/udp-transport';
import { probePath } from '../../../../src/core/openvpn/transport/path-probe';

function recorder(): TransportEvents & { failures: SendFailure[]; errors: Error[] } {
  const failures: SendFailure[] = [];
  const errors: Error[] = [];
  return {
    failures,
    errors,
    packet: () => undefined,
    error: (err) => errors.push(err),
    sendFailed: (f) => failures.push(f),
  };
}

const until = async (cond: () => boolean, ms = 2_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
};

describe('UDP transport', () => {
  it('rejects when the socket cannot be connected (node reports it to the connect callback)', async () => {
    // A udp4 socket cannot connect to an IPv6 address: the same path as ENETUNREACH while
    // the link is down. The socket used to come back unconnected, and the first send threw
    // ERR_SOCKET_BAD_PORT out of the event loop.
    const events = recorder();
    await expect(
      UdpTransport.open({ address: '::1', port: 1194, family: 4 }, events),
    ).rejects.toMatchObject({ code: 'EINVAL' });
  });

  it('reports a failed send as a typed event and never throws, even after close', async () => {
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    const events = recorder();
    const t = await UdpTransport.open(
      { address: '127.0.0.1', port: peer.address().port, family: 4 },
      events,
    );
    expect(() => t.send(Buffer.alloc(70_000))).not.toThrow(); // larger than any datagram
    await until(() => events.failures.length > 0);
    expect(events.failures[0]).toMatchObject({ code: 'EMSGSIZE' });
    expect(() => t.sendMany([Buffer.alloc(10), Buffer.alloc(70_000)])).not.toThrow();
    await until(() => events.failures.length > 1);
    expect(events.failures[1]).toMatchObject({ code: 'EMSGSIZE' });
    t.close();
    expect(() => t.send(Buffer.from('late'))).not.toThrow();
    expect(() => t.sendMany([Buffer.from('late')])).not.toThrow();
    peer.close();
  });
});

describe('TCP transport', () => {
  it('reports a packet too large for a frame and a closed connection instead of throwing', async () => {
    const server: Server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const events = recorder();
    const t = await TcpTransport.open({ address: '127.0.0.1', port, family: 4 }, events, 2_000);
    expect(() => t.send(Buffer.alloc(0x10000))).not.toThrow();
    expect(events.failures[0]?.message).toMatch(/does not fit a TCP frame/);
    await until(() => events.errors.length > 0); // the server closed the connection
    await new Promise((r) => setTimeout(r, 20));
    expect(() => t.send(Buffer.from('after close'))).not.toThrow();
    expect(events.failures.at(-1)).toMatchObject({ code: 'ECONNRESET' });
    t.close();
    server.close();
  });
});

describe('path probe', () => {
  it('names the source address the kernel would use, without sending anything', async () => {
    expect(await probePath('127.0.0.1', 1194, 4)).toEqual({ reachable: true, source: '127.0.0.1' });
    expect(await probePath('::1', 1194, 4)).toMatchObject({ reachable: false });
  });
});
