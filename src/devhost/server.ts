import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEV_HOST_SOCKET_PATH } from '../shared/ws-client';
import { decodeWire, encodeWire, type WireMessage } from '../shared/wire-json';
import { contentSecurityPolicy } from '../main/csp';
import { createDispatcher } from '../main/ipc/dispatch';
import { createServices, type Services } from '../main/services/create-services';
import { createHandlers } from '../main/services/handlers';
import { nodeWorkerLauncher } from '../main/services/node-worker-launcher';
import { keyFileCipher } from '../main/services/key-file-cipher';
import { FileSecretStore, LEGACY_SHARED_FILE, plainCipher } from '../main/services/secret-store';
import type { WorkerLauncher } from '../main/services/worker-protocol';
import { checkSocketRequest, hostAllowed, newToken } from './access';
import { send, serveStatic } from './static-files';

export interface DevHostOptions {
  port: number;
  dataDir: string;
  rendererDir: string;
  workerScript: string;
  version: string;
  /** Tests inject a fake worker launcher. */
  launchWorker?: WorkerLauncher;
  logError?: (what: string, err: unknown) => void;
}

export interface DevHost {
  url: string;
  port: number;
  token: string;
  services: Services;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * The browser-facing twin of Electron main: the same services and handler table, with the IPC
 * schema carried over a WebSocket on 127.0.0.1 instead of Electron IPC.
 */
export async function startDevHost(opts: DevHostOptions): Promise<DevHost> {
  const token = newToken();
  const secrets = FileSecretStore.forDevHost(
    opts.dataDir,
    keyFileCipher(path.join(opts.dataDir, 'devhost-secrets.key')),
  );
  // Secrets an older dev host left in clear text in the app's file move into its own, encrypted.
  await secrets.adoptLegacy(path.join(opts.dataDir, LEGACY_SHARED_FILE), plainCipher);
  const services = createServices({
    dataDir: opts.dataDir,
    secrets,
    launchWorker: opts.launchWorker ?? nodeWorkerLauncher(opts.workerScript),
    ...(opts.logError ? { logInternal: opts.logError } : {}),
  });
  const dispatch = createDispatcher(
    createHandlers(services, { host: 'devhost', version: opts.version, launchAtLogin: false }),
    (channel, err) => opts.logError?.(channel, err),
  );
  const rendererDir = path.resolve(opts.rendererDir);
  let port = opts.port;

  const server = createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy([
        `ws://127.0.0.1:${port}`,
        `ws://localhost:${port}`,
      ]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    };
    if (!hostAllowed(req, port)) return send(res, 421, 'unexpected Host header', headers);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'method not allowed', headers);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void serveStatic(rendererDir, url.pathname, res, headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const decision =
      url.pathname === DEV_HOST_SOCKET_PATH
        ? checkSocketRequest(req, port, token)
        : ({ ok: false, status: 404, reason: 'not found' } as const);
    if (!decision.ok) {
      socket.end(
        `HTTP/1.1 ${decision.status} ${decision.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  const serveSocket = (ws: WebSocket): void => {
    const unsubscribe = services.events.subscribe((event, payload) => {
      const msg: WireMessage = { t: 'event', event, payload };
      if (ws.readyState === ws.OPEN) ws.send(encodeWire(msg));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let msg: WireMessage;
      try {
        msg = decodeWire(String(data)) as WireMessage;
      } catch {
        return ws.close(1007, 'not JSON');
      }
      if (msg?.t !== 'call' || typeof msg.id !== 'number')
        return ws.close(1008, 'unexpected message');
      void dispatch(msg.channel, msg.payload).then((reply) => {
        const out: WireMessage = { t: 'reply', id: msg.id, reply };
        if (ws.readyState === ws.OPEN) ws.send(encodeWire(out));
      });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    services,
    async close() {
      await services.sessions.disconnectAll();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
