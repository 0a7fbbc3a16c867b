/**
 * Which local address the kernel would use to reach the server now, without sending anything:
 * connecting a UDP socket only runs the route lookup and picks the source address. A change of
 * that address (or of whether there is a route at all) is the network change that matters to
 * a tunnel; other route and link events are not.
 */
import { createSocket } from 'node:dgram';

export type PathToServer = { reachable: true; source: string } | { reachable: false; code: string };

const PROBE_TIMEOUT_MS = 1_000;

export function probePath(address: string, port: number, family: 4 | 6): Promise<PathToServer> {
  return new Promise((resolve) => {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    let done = false;
    const finish = (path: PathToServer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(path);
    };
    const timer = setTimeout(
      () => finish({ reachable: false, code: 'ETIMEDOUT' }),
      PROBE_TIMEOUT_MS,
    );
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish({ reachable: false, code: err.code ?? 'EUNKNOWN' }),
    );
    socket.connect(port, address, (err?: Error) => {
      if (err)
        return finish({
          reachable: false,
          code: (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN',
        });
      try {
        finish({ reachable: true, source: socket.address().address });
      } catch (e) {
        finish({ reachable: false, code: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN' });
      }
    });
  });
}

export function describePath(path: PathToServer): string {
  return path.reachable ? `from ${path.source}` : `unreachable (${path.code})`;
}
