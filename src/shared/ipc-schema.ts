/**
 * THE IPC schema: every call the renderer may make and every event main may send, each with a
 * runtime validator. Everything else is derived from this one object: the main-side handler
 * table (src/main/ipc), the preload surface `window.gangway`, the WebSocket client of the dev
 * host, and the `GangwayApi` type the renderer codes against.
 *
 * Channel names are `group.method`; the client exposes them as `api.group.method(request)`.
 *
 * For the renderer:
 * - Electron: `window.gangway` (src/preload/preload.ts). Browser against the dev host:
 *   `createWebSocketApi()` from ./ws-client, which reads `?token=` from the page address.
 * - Failed calls reject; read `ipcErrorOf(err)` (./ipc-error) for `{code, message, hint,
 *   location}`; it works for both transports. Notable codes: 'bad-request' (payload refused by
 *   the schema), 'config-invalid' (with `location` file:line),
 *   'pkcs12-password-wrong' (ask, then import again with `p12Password`), 'not-available'
 *   (feature not on this host), 'forbidden' (sender check), 'internal'.
 * - Events only reach listeners registered at the time: on mount, read the current state with
 *   `session.state`, `credentials.pending`, `profiles.list`, then follow the events.
 */
import * as views from './ipc-views';
import * as v from './validate';

export interface InvokeSpec<Req, Res> {
  readonly request: v.Validator<Req>;
  readonly response: v.Validator<Res>;
}

function call<Req, Res>(
  request: v.Validator<Req>,
  response: v.Validator<Res>,
): InvokeSpec<Req, Res> {
  return { request, response };
}

const profileName = v.object({ name: v.string({ min: 1, max: 64 }) });
const sessionRef = v.object({ sessionId: v.string({ min: 1, max: 128 }) });
const sourceRef = v.object({ sourceId: v.string({ min: 1, max: 128 }) });

export const invokeSchema = {
  'profiles.list': call(v.none, v.array(views.profileView)),
  'profiles.import': call(views.importRequest, views.importResult),
  /** Opens a native file dialog (.ovpn, .conf, .zip, .json) and imports the chosen file. */
  'profiles.importWithDialog': call(
    v.none,
    v.tagged('outcome', {
      canceled: {},
      imported: { result: views.importResult },
      /** A profile of that name exists: the UI offers Replace or another name for this path. */
      exists: { name: v.string({ min: 1, max: 64 }), path: v.string({ min: 1, max: 4096 }) },
    }),
  ),
  'profiles.rename': call(
    v.object({ from: v.string({ min: 1, max: 64 }), to: v.string({ min: 1, max: 64 }) }),
    v.none,
  ),
  'profiles.remove': call(profileName, v.none),

  /** Starts a session for the profile (one per profile); returns at once, progress comes as events. */
  'session.connect': call(profileName, v.object({ sessionId: v.string({ max: 128 }) })),
  'session.disconnect': call(profileName, v.none),
  /** Every session of this run, newest first, including ended ones. */
  'session.state': call(v.none, v.array(views.sessionView)),

  /** Prompts still waiting for an answer (a window opened or reloaded after they were sent). */
  'credentials.pending': call(v.none, v.array(views.credentialPrompt)),
  'credentials.submit': call(views.credentialAnswer, v.none),
  'credentials.cancel': call(v.object({ requestId: v.string({ min: 1, max: 128 }) }), v.none),
  /** Deletes the saved password of a profile. */
  'credentials.forget': call(profileName, v.none),

  'logs.get': call(sessionRef, v.array(views.logEntry)),
  'logs.export': call(sessionRef, views.logExport),

  'settings.get': call(v.none, views.settings),
  'settings.set': call(views.settingsPatch, views.settings),

  'app.info': call(v.none, views.appInfo),

  'admin.listSources': call(v.none, v.array(views.adminSourceView)),
  'admin.addSource': call(views.adminSourceAdd, views.adminSourceView),
  'admin.removeSource': call(sourceRef, v.none),
  'admin.status': call(sourceRef, views.adminStatus),
  'admin.initiate': call(views.tunnelRef, v.none),
  'admin.terminate': call(views.tunnelRef, v.none),
} as const;

export const eventSchema = {
  'session.state': views.eventPayloads.sessionState,
  'session.stats': views.eventPayloads.sessionStats,
  'session.log': views.eventPayloads.sessionLog,
  'credentials.request': views.credentialPrompt,
  /** A prompt is no longer wanted (answered elsewhere, session ended). */
  'credentials.closed': v.object({ requestId: v.string({ min: 1, max: 128 }) }),
  'profiles.changed': v.array(views.profileView),
  /** A profile was imported outside the UI (second launch with a file, file association). */
  'profiles.imported': views.importResult,
  'settings.changed': views.settings,
  'admin.updated': views.adminStatus,
} as const;

export type InvokeSchema = typeof invokeSchema;
export type EventSchema = typeof eventSchema;
export type InvokeChannel = keyof InvokeSchema;
export type EventChannel = keyof EventSchema;
export type RequestOf<C extends InvokeChannel> = v.Infer<InvokeSchema[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = v.Infer<InvokeSchema[C]['response']>;
export type EventPayload<E extends EventChannel> = v.Infer<EventSchema[E]>;

export const invokeChannels = Object.keys(invokeSchema) as InvokeChannel[];
export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeSchema, name);
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.hasOwn(eventSchema, name);
}

/** Calls with no payload take no argument. */
type Method<C extends InvokeChannel> = [RequestOf<C>] extends [void]
  ? () => Promise<ResponseOf<C>>
  : (request: RequestOf<C>) => Promise<ResponseOf<C>>;

type Group<C> = C extends `${infer G}.${string}` ? G : never;
type MethodName<C, G extends string> = C extends `${G}.${infer M}` ? M : never;

export type Unsubscribe = () => void;

/** What the renderer gets: `window.gangway` in Electron, the WebSocket client in the dev host. */
export type GangwayApi = {
  [G in Group<InvokeChannel>]: {
    [M in MethodName<InvokeChannel, G>]: `${G}.${M}` extends InvokeChannel
      ? Method<`${G}.${M}`>
      : never;
  };
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/**
 * The reply envelope on the wire: domain errors travel as data so their code and hint survive
 * every transport (Electron's contextBridge drops custom Error properties).
 */
export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcErrorInfo };

export interface IpcErrorInfo {
  /** A stable code: GangwayError codes, 'config-invalid', 'bad-request', 'internal', … */
  code: string;
  message: string;
  hint?: string;
  /** For config errors: `file:line`. */
  location?: string;
}

export const ipcErrorInfo: v.Validator<IpcErrorInfo> = v.object({
  code: v.string({ max: 128 }),
  message: v.string({ max: 8192 }),
  hint: v.optional(v.string({ max: 8192 })),
  location: v.optional(v.string({ max: 4096 })),
});

export const reply: v.Validator<Reply> = {
  expected: 'reply envelope',
  check(value, path, ctx) {
    if (typeof value !== 'object' || value === null) {
      throw new v.ValidationError(path, 'expected a reply envelope');
    }
    const r = value as Record<string, unknown>;
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false)
      return { ok: false, error: ipcErrorInfo.check(r.error, `${path}.error`, ctx) };
    throw new v.ValidationError(`${path}.ok`, 'expected true or false');
  },
};

export type {
  AdminSourceAdd,
  AdminSourceView,
  AdminStatus,
  AppInfo,
  CredentialAnswer,
  CredentialPrompt,
  ImportRequest,
  ImportResultView,
  LogEntry,
  LogExport,
  ProfileView,
  SessionView,
  Settings,
  SettingsPatch,
  TunnelRef,
} from './ipc-views';
