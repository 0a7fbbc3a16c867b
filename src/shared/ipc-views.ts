/**
 * The data shapes that cross the IPC boundary, as validators (the types are inferred from them).
 * Views carry what the UI shows and never key material: no private keys, passwords or tokens.
 */
import { ipsecView } from './ipsec-validators';
import { credentialRequest, logLevel, trafficStats, tunnelState } from './tunnel-state-validators';
import * as v from './validate';

const text = v.string({ max: 4096 });
const name = v.string({ min: 1, max: 64 });
const id = v.string({ min: 1, max: 128 });
const at = v.number({ min: 0 });

// ---- profiles -------------------------------------------------------------------------------

export const profileView = v.object({
  name,
  remotes: v.array(
    v.object({
      host: v.string({ max: 255 }),
      port: v.number({ integer: true, min: 0, max: 65535 }),
      proto: v.literal('udp', 'tcp'),
    }),
    { max: 256 },
  ),
  dataCiphers: v.array(v.string({ max: 64 }), { max: 64 }),
  dataCiphersFallback: v.optional(v.string({ max: 64 })),
  digest: v.string({ max: 64 }),
  tlsWrap: v.literal('none', 'tls-auth', 'tls-crypt', 'tls-crypt-v2'),
  /** The profile checks the server certificate beyond its CA (remote-cert-tls, verify-x509-name). */
  serverVerified: v.boolean,
  compression: v.string({ max: 16 }),
  /** Client certificate (or PKCS#12 bundle) authentication. */
  certificateAuth: v.boolean,
  pkcs12: v.boolean,
  authUserPass: v.boolean,
  username: v.optional(text),
  staticChallenge: v.optional(v.object({ text, echo: v.boolean })),
  certificates: v.array(
    v.object({
      role: v.literal('ca', 'client', 'extra'),
      subject: text,
      issuer: text,
      notBefore: text,
      notAfter: text,
      sha256: text,
    }),
    { max: 64 },
  ),
  warnings: v.array(text, { max: 1000 }),
  source: v.object({
    path: text,
    form: v.literal('file', 'zip', 'tencent-json', 'text'),
    importedAt: text,
  }),
  /** A password for this profile is saved in the keystore. */
  passwordSaved: v.boolean,
});
export type ProfileView = v.Infer<typeof profileView>;

const importOptions = {
  /** Profile name; defaults to the file name without extension. */
  name: v.optional(name),
  /** Password for a PKCS#12 bundle inside the profile. */
  p12Password: v.optional(v.string({ max: 1024 })),
  /** Overwrite a profile of the same name. */
  replace: v.optional(v.boolean),
};

export const importRequest = v.tagged('from', {
  /** A path the main process can read (with sibling files): dialog, drag from a file manager. */
  path: { path: v.string({ min: 1, max: 4096 }), ...importOptions },
  /** Dropped or uploaded bytes; no sibling files. */
  bytes: {
    fileName: v.string({ min: 1, max: 255 }),
    bytes: v.bytes({ max: 8 * 1024 * 1024 }),
    ...importOptions,
  },
  /** Pasted config text or Tencent JSON. */
  text: { text: v.string({ min: 1, max: 1024 * 1024 }), ...importOptions },
});
export type ImportRequest = v.Infer<typeof importRequest>;

export const importResult = v.object({
  profile: profileView,
  warnings: v.array(text, { max: 1000 }),
});
export type ImportResultView = v.Infer<typeof importResult>;

// ---- sessions -------------------------------------------------------------------------------

export const sessionView = v.object({
  sessionId: id,
  profile: name,
  state: tunnelState,
  stats: v.optional(trafficStats),
  startedAt: at,
  /** The session's process has exited; its log is still readable. */
  ended: v.boolean,
});
export type SessionView = v.Infer<typeof sessionView>;

export const logEntry = v.object({ at, level: logLevel, message: text });
export type LogEntry = v.Infer<typeof logEntry>;

// ---- credentials ----------------------------------------------------------------------------

export const credentialPrompt = v.object({
  requestId: id,
  sessionId: id,
  profile: name,
  request: credentialRequest,
  /** The user may choose to save the password (not for challenge answers). */
  canRemember: v.boolean,
  /** A saved password exists: the user may leave the password empty to use it. */
  passwordSaved: v.optional(v.boolean),
});
export type CredentialPrompt = v.Infer<typeof credentialPrompt>;

export const credentialAnswer = v.object({
  requestId: id,
  username: v.optional(v.string({ max: 1024 })),
  password: v.optional(v.string({ max: 4096 })),
  /** Static-challenge or CRV1 response. */
  response: v.optional(v.string({ max: 4096 })),
  /** Save the password for this profile in the keystore. */
  remember: v.optional(v.boolean),
});
export type CredentialAnswer = v.Infer<typeof credentialAnswer>;

// ---- settings -------------------------------------------------------------------------------

export const language = v.literal('en', 'zh-CN');

export const settings = v.object({
  launchAtLogin: v.boolean,
  /** Profile connected when the app starts, if any. */
  autoConnectProfile: v.nullable(name),
  language,
  /** Not enforced yet: stored so the UI can show the switch. */
  killSwitch: v.boolean,
});
export type Settings = v.Infer<typeof settings>;

export const settingsPatch = v.object({
  launchAtLogin: v.optional(v.boolean),
  autoConnectProfile: v.optional(v.nullable(name)),
  language: v.optional(language),
  killSwitch: v.optional(v.boolean),
});
export type SettingsPatch = v.Infer<typeof settingsPatch>;

// ---- app ------------------------------------------------------------------------------------

export const appInfo = v.object({
  name: text,
  version: text,
  platform: text,
  /** 'electron' inside the desktop app, 'devhost' in the browser dev host. */
  host: v.literal('electron', 'devhost'),
  dataDir: text,
  capabilities: v.object({
    /** profiles.importWithDialog and logs.export write through native dialogs. */
    nativeDialogs: v.boolean,
    launchAtLogin: v.boolean,
    savedPasswords: v.boolean,
  }),
});
export type AppInfo = v.Infer<typeof appInfo>;

export const logExport = v.object({
  fileName: text,
  text: v.string({ max: 16 * 1024 * 1024 }),
  /** Where the main process wrote it (native save dialog), or null when the UI should save it. */
  savedTo: v.nullable(text),
});
export type LogExport = v.Infer<typeof logExport>;

// ---- admin (IPsec) --------------------------------------------------------------------------
// `tunnels` is a flat summary for tables; `view` is the full IPsec model with its derived route
// roles, reachability and findings (src/core/ipsec), for the topology and matrix screens.

export const adminSourceKind = v.literal('tencent', 'vici', 'snapshot');

export const adminSourceView = v.object({
  sourceId: id,
  kind: adminSourceKind,
  label: text,
  /** Region, socket path or file path: what identifies the source, never a secret. */
  detail: text,
  addedAt: text,
});
export type AdminSourceView = v.Infer<typeof adminSourceView>;

export const adminSourceAdd = v.tagged('kind', {
  tencent: {
    label: name,
    region: v.string({ min: 1, max: 64 }),
    secretId: v.string({ min: 1, max: 256 }),
    secretKey: v.string({ min: 1, max: 256 }),
    /** API endpoint override (host or URL), e.g. an international or private endpoint. */
    endpoint: v.optional(v.string({ min: 1, max: 512 })),
  },
  vici: { label: name, socketPath: v.string({ min: 1, max: 4096 }) },
  snapshot: { label: name, path: v.string({ min: 1, max: 4096 }) },
});
export type AdminSourceAdd = v.Infer<typeof adminSourceAdd>;

export const ipsecTunnelView = v.object({
  tunnelId: v.string({ min: 1, max: 512 }),
  name: text,
  state: v.literal('up', 'down', 'connecting', 'unknown'),
  localGateway: v.optional(text),
  remoteGateway: v.optional(text),
  /** Other fields from the IPsec model, as label → value, for display. */
  details: v.record(text, { max: 200 }),
});

export const adminStatus = v.object({
  sourceId: id,
  fetchedAt: text,
  tunnels: v.array(ipsecTunnelView, { max: 10_000 }),
  findings: v.array(
    v.object({
      severity: v.literal('info', 'warning', 'error'),
      message: text,
      code: v.optional(v.string({ max: 64 })),
      /** Ids of the gateways, tunnels, routes or networks concerned. */
      subjects: v.optional(v.array(v.string({ max: 512 }), { max: 10_000 })),
    }),
    { max: 10_000 },
  ),
  /** Whether initiate/terminate make sense for this source (VICI only). */
  canControl: v.boolean,
  /** The full IPsec view (gateways, sites, routes with roles, reachability, findings). */
  view: v.optional(ipsecView),
});
export type AdminStatus = v.Infer<typeof adminStatus>;

export const tunnelRef = v.object({ sourceId: id, tunnelId: v.string({ min: 1, max: 512 }) });
export type TunnelRef = v.Infer<typeof tunnelRef>;

export const eventPayloads = {
  sessionState: v.object({ sessionId: id, profile: name, state: tunnelState, at }),
  sessionStats: v.object({ sessionId: id, profile: name, stats: trafficStats, at }),
  sessionLog: v.object({ sessionId: id, profile: name, entry: logEntry }),
};
