/**
 * The renderer's client when it runs in a plain browser against the dev host: the same
 * GangwayApi as `window.gangway`, over a WebSocket. No Node imports: the renderer bundles this.
 */
import { createGangwayApi, type ClientOptions } from './ipc-client';
import type { EventChannel, GangwayApi } from './ipc-schema';
import { decodeWire, encodeWire, type WireMessage } from './wire-json';

export const DEV_HOST_SOCKET_PATH = '/ipc';

export interface WebSocketApiOptions extends ClientOptions {
  /** ws://host:port/ipc?token=…; defaults to the page's own origin and `?token=`. */
  url?: string;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
  /** Called once if an open connection closes (the dev host stopped or the network dropped). */
  onConnectionLost?: () => void;
}

/** The socket URL for a page opened at `http://127.0.0.1:PORT/?token=…`. */
export function devHostSocketUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const token = page.searchParams.get('token') ?? '';
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${DEV_HOST_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
}

export function createWebSocketApi(opts: WebSocketApiOptions = {}): GangwayApi {
  const url = opts.url ?? devHostSocketUrl(globalThis.location.href);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const socket = new WebSocket(url);
  let wasOpen = false;
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener(
      'open',
      () => {
        wasOpen = true;
        resolve();
      },
      { once: true },
    );
    socket.addEventListener(
      'error',
      () => reject(new Error(`cannot reach the dev host at ${url}`)),
      {
        once: true,
      },
    );
  });
  // A rejection nobody awaits yet must not be reported as unhandled.
  opened.catch(() => undefined);
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (ev: MessageEvent) => {
    if (typeof ev.data !== 'string') return;
    const msg = decodeWire(ev.data) as WireMessage;
    if (msg.t === 'reply') {
      pending.get(msg.id)?.resolve(msg.reply);
      pending.delete(msg.id);
    } else if (msg.t === 'event') {
      for (const l of listeners.get(msg.event as EventChannel) ?? []) l(msg.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new Error('the dev host closed the connection'));
    pending.clear();
    // A socket that never opened is reported by the first call's rejection instead.
    if (wasOpen) opts.onConnectionLost?.();
  });

  return createGangwayApi(
    {
      async invoke(channel, payload) {
        await opened;
        if (socket.readyState !== WebSocket.OPEN) {
          throw new Error('the dev host connection is closed; reload the page');
        }
        const id = nextId++;
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error(`${channel}: no answer from the dev host in ${timeoutMs} ms`));
          }, timeoutMs);
          pending.set(id, {
            resolve: (r) => (clearTimeout(timer), resolve(r)),
            reject: (e) => (clearTimeout(timer), reject(e)),
          });
          const msg: WireMessage = { t: 'call', id, channel, payload };
          socket.send(encodeWire(msg));
        });
      },
      subscribe(event, listener) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener);
        return () => set.delete(listener);
      },
    },
    opts,
  );
}
