/**
 * Builds a GangwayApi from the schema over any transport (Electron IPC in the preload, a
 * WebSocket in the dev host). Requests are validated before they leave, replies and events
 * when they arrive, so a mismatch fails loudly at the boundary instead of deep in the UI.
 */
import { bridgeSafeError, IpcError } from './ipc-error';
import {
  eventSchema,
  invokeChannels,
  invokeSchema,
  isEventChannel,
  reply,
  type EventChannel,
  type GangwayApi,
  type IpcErrorInfo,
  type InvokeChannel,
  type Unsubscribe,
} from './ipc-schema';
import * as v from './validate';

export interface ClientTransport {
  /** Sends one call; resolves with the raw reply envelope. */
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  /** Delivers raw event payloads of one channel until unsubscribed. */
  subscribe(event: EventChannel, listener: (payload: unknown) => void): Unsubscribe;
}

export interface ClientOptions {
  /** Reject with errors that survive Electron's contextBridge (details encoded in the message). */
  bridgeSafeErrors?: boolean;
  /** Called when an event payload fails validation (it is dropped). */
  onBadEvent?: (event: EventChannel, problem: string) => void;
}

export function createGangwayApi(transport: ClientTransport, opts: ClientOptions = {}): GangwayApi {
  const toError = (info: IpcErrorInfo): Error =>
    opts.bridgeSafeErrors ? bridgeSafeError(info) : new IpcError(info);

  const invoke = async (channel: InvokeChannel, payload: unknown): Promise<unknown> => {
    const spec = invokeSchema[channel] as {
      request: v.Validator<unknown>;
      response: v.Validator<unknown>;
    };
    let request: unknown;
    try {
      request = v.parse(spec.request, payload, channel);
    } catch (err) {
      throw toError({ code: 'bad-request', message: (err as Error).message });
    }
    let raw: unknown;
    try {
      raw = await transport.invoke(channel, request);
    } catch (err) {
      throw toError({ code: 'transport', message: (err as Error).message ?? String(err) });
    }
    let result: v.Infer<typeof reply>;
    let value: unknown;
    try {
      result = v.parse(reply, raw, `${channel} reply`);
      if (!result.ok) throw toError(result.error);
      value = v.parse(spec.response, result.value, `${channel} reply`);
    } catch (err) {
      if (err instanceof v.ValidationError) {
        throw toError({ code: 'bad-reply', message: err.message });
      }
      throw err;
    }
    return value;
  };

  const groups = new Map<string, Map<string, (payload?: unknown) => Promise<unknown>>>();
  for (const channel of invokeChannels) {
    const [group, method] = channel.split('.') as [string, string];
    const methods = groups.get(group) ?? new Map();
    methods.set(method, (payload?: unknown) => invoke(channel, payload));
    groups.set(group, methods);
  }
  const api: Record<string, unknown> = Object.fromEntries(
    [...groups].map(([group, methods]) => [group, Object.fromEntries(methods)]),
  );
  api.on = (event: EventChannel, listener: (payload: unknown) => void): Unsubscribe => {
    if (!isEventChannel(event)) throw new Error(`unknown event ${String(event)}`);
    const validator = eventSchema[event] as v.Validator<unknown>;
    return transport.subscribe(event, (raw) => {
      let payload: unknown;
      try {
        payload = v.parse(validator, raw, event);
      } catch (err) {
        opts.onBadEvent?.(event, (err as Error).message);
        return;
      }
      listener(payload);
    });
  };
  return api as GangwayApi;
}
