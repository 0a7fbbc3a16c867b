import { GangwayError } from '../../errors';
import type { IpsecModel } from '../model';
import { ViciClient, type ViciEvent } from './client';
import type { ViciSection } from './codec';
import { normalizeVici } from './normalize';

/** Reads connections and SAs over one VICI connection. */
async function readModel(client: ViciClient, uri: string): Promise<IpsecModel> {
  const version = await client.request('version');
  const conns = await client.streamed('list-conns', 'list-conn');
  const sas = await client.streamed('list-sas', 'list-sa', { noblock: 'yes' });
  return normalizeVici({ conns, sas, version, label: `strongSwan ${uri}` });
}

/** Loads the model from a charon VICI socket ("unix:///path/charon.vici"). */
export async function loadFromVici(
  uri: string,
  opts: { timeoutMs?: number } = {},
): Promise<IpsecModel> {
  const client = await ViciClient.connect(uri, opts);
  try {
    return await readModel(client, uri);
  } finally {
    client.close();
  }
}

/** Currently installed policies (list-policies), for diagnostics. */
export async function listPolicies(uri: string): Promise<ViciSection[]> {
  const client = await ViciClient.connect(uri);
  try {
    return await client.streamed('list-policies', 'list-policy', {
      trap: 'yes',
      drop: 'yes',
      pass: 'yes',
    });
  } finally {
    client.close();
  }
}

export interface TunnelChange {
  /** ike-updown or child-updown. */
  event: string;
  up: boolean;
  /** IKE connection names the event is about. */
  connections: string[];
}

export interface ViciWatch {
  close(): void;
}

export interface WatchHandlers {
  /** A fresh model after every change charon reports (and once at the start). */
  onModel(model: IpsecModel, change?: TunnelChange): void;
  onError?(err: GangwayError): void;
}

export const WATCHED_EVENTS = ['ike-updown', 'child-updown', 'ike-rekey', 'child-rekey'] as const;

function describeEvent(e: ViciEvent): TunnelChange {
  const connections = Object.entries(e.message)
    .filter(([, v]) => typeof v === 'object' && !Array.isArray(v))
    .map(([k]) => k);
  return { event: e.name, up: e.message.up === 'yes', connections };
}

/**
 * Live updates: registers for up/down and rekey events on one connection and re-reads the
 * SAs over a second one (VICI allows one command at a time, and events may interleave with a
 * command's streamed results). Changes that arrive while a read is under way coalesce into
 * one more read, so the last model always reflects the last event.
 */
export async function watchVici(uri: string, handlers: WatchHandlers): Promise<ViciWatch> {
  const events = await ViciClient.connect(uri);
  let queries: ViciClient;
  try {
    queries = await ViciClient.connect(uri);
    for (const name of WATCHED_EVENTS) await events.register(name);
  } catch (err) {
    events.close();
    throw err;
  }
  let closed = false;
  let running = false;
  let again: TunnelChange | undefined;
  const refresh = async (change?: TunnelChange): Promise<void> => {
    if (running) {
      again = change ?? again;
      return;
    }
    running = true;
    try {
      let next: TunnelChange | undefined = change;
      do {
        again = undefined;
        const model = await readModel(queries, uri);
        if (!closed) handlers.onModel(model, next);
        next = again;
      } while (again && !closed);
    } catch (err) {
      if (!closed)
        handlers.onError?.(
          err instanceof GangwayError ? err : new GangwayError('vici-error', String(err)),
        );
    } finally {
      running = false;
    }
  };
  events.on('event', (e) => void refresh(describeEvent(e)));
  events.on('close', () => {
    if (!closed)
      handlers.onError?.(
        new GangwayError('vici-closed', `charon closed the VICI connection ${events.path}`),
      );
  });
  await refresh();
  return {
    close() {
      closed = true;
      events.close();
      queries.close();
    },
  };
}

/** Splits a tunnel id ("connection/child") into its IKE and CHILD config names. */
export function tunnelNames(tunnelId: string): { ike: string; child: string } {
  const slash = tunnelId.indexOf('/');
  if (slash <= 0 || slash === tunnelId.length - 1) {
    throw new GangwayError(
      'bad-input',
      `not a strongSwan tunnel id: "${tunnelId}"`,
      'tunnel ids look like connection/child',
    );
  }
  return { ike: tunnelId.slice(0, slash), child: tunnelId.slice(slash + 1) };
}

async function control(
  uri: string,
  command: 'initiate' | 'terminate',
  message: ViciSection,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const client = await ViciClient.connect(uri, { timeoutMs: timeoutMs + 5000 });
  try {
    const res = await client.request(command, {
      ...message,
      timeout: String(timeoutMs),
      loglevel: '-1',
    });
    if (res.success !== 'yes') {
      const why = typeof res.errmsg === 'string' ? res.errmsg : 'no reason given';
      throw new GangwayError(
        `vici-${command}-failed`,
        `charon could not ${command} ${what}: ${why}`,
      );
    }
  } finally {
    client.close();
  }
}

/** Brings a tunnel up (the UI asks the admin to confirm first). */
export function initiateTunnel(uri: string, tunnelId: string, timeoutMs = 15_000): Promise<void> {
  const { ike, child } = tunnelNames(tunnelId);
  return control(uri, 'initiate', { ike, child }, tunnelId, timeoutMs);
}

/** Takes a tunnel down: its CHILD_SA, or with `wholeConnection` the IKE_SA and all its children. */
export function terminateTunnel(
  uri: string,
  tunnelId: string,
  opts: { wholeConnection?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const { ike, child } = tunnelNames(tunnelId);
  const message: ViciSection = opts.wholeConnection ? { ike } : { ike, child };
  return control(uri, 'terminate', message, tunnelId, opts.timeoutMs ?? 15_000);
}
