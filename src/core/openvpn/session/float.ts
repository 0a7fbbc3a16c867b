/**
 * Keeping a UDP session across a network change: move it to a fresh socket (the old one is
 * bound to the old source address), ask the server for an answer, and see whether one comes.
 * An OpenVPN 2.6 server floats a client that sends valid P_DATA_V2 with its peer-id from a new
 * address (multi.c, multi_process_float), so keys and packet ids go on unchanged.
 */
import { openTransport } from '../transport/open-transport';
import type { ResolvedRemote } from '../transport/resolve-remotes';
import type { Transport, TransportEvents } from '../transport/transport';
import type { Link } from './link';

/** How long the server has to answer over the new path. */
export const FLOAT_PROBE_MS = 1_500;
const POLL_MS = 50;

export interface FloatOptions {
  target: ResolvedRemote;
  events: TransportEvents;
  link: Link;
  /** Sends what makes the server answer at once (DataPath.probe). */
  probe(): void;
  /** The attempt ended meanwhile. */
  isOver(): boolean;
  log(message: string): void;
}

/** True when the server answered over a fresh socket; the link then uses that socket. */
export async function floatToFreshSocket(o: FloatOptions): Promise<boolean> {
  let transport: Transport;
  try {
    transport = await openTransport(o.target, o.events, { connectTimeoutMs: FLOAT_PROBE_MS });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    o.log(`no new path to the server yet: ${e.code ?? e.message}`);
    return false;
  }
  if (o.isOver()) {
    transport.close();
    return false;
  }
  o.link.replaceTransport(transport);
  const sentAt = Date.now();
  o.probe();
  for (let waited = 0; waited < FLOAT_PROBE_MS; waited += POLL_MS) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (o.isOver()) return false;
    if (o.link.lastReceivedAt >= sentAt) return true;
  }
  return false;
}
