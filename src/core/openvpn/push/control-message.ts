/**
 * Server → client control-channel text messages (forward.c parse_incoming_control_channel_command,
 * push.c, ssl.c), classified in the order OpenVPN checks them. The caller splits the TLS plaintext
 * on NUL.
 */
export interface Crv1Challenge {
  /** Flags such as R (response required) and E (echo the response). */
  flags: string[];
  echo: boolean;
  responseRequired: boolean;
  stateId: string;
  /** Decoded from base64. */
  username: string;
  text: string;
}

export interface TempFailure {
  backoffSeconds?: number;
  advance?: 'no' | 'addr' | 'remote';
}

export type PendingAuthMethod =
  | { kind: 'open-url'; url: string }
  | { kind: 'web-auth'; flags: string; url: string }
  | { kind: 'cr-text'; echo: boolean; responseRequired: boolean; text: string };

export type ControlMessage =
  | { kind: 'push-reply'; message: string }
  | {
      kind: 'auth-failed';
      /** Text after "AUTH_FAILED," (may be empty). */
      reason: string;
      /** SESSION: the auth-token is no longer valid. */
      session: boolean;
      temp?: TempFailure;
      challenge?: Crv1Challenge;
    }
  | { kind: 'auth-pending'; timeoutSeconds?: number }
  | { kind: 'info-pre'; text: string; pending?: PendingAuthMethod }
  | { kind: 'info'; text: string }
  | { kind: 'restart'; message: string; keepPassword: boolean; advanceRemote: boolean }
  | { kind: 'halt'; message: string }
  | { kind: 'exit' }
  | { kind: 'unknown'; text: string };

function after(text: string, prefix: string): string | undefined {
  if (text === prefix) return '';
  if (text.startsWith(`${prefix},`)) return text.slice(prefix.length + 1);
  return undefined;
}

function parseCrv1(reason: string): Crv1Challenge | undefined {
  const match = /^CRV1:([^:]*):([^:]*):([^:]*):(.*)$/s.exec(reason);
  if (!match) return undefined;
  const flags = (match[1] ?? '').split(',').filter(Boolean);
  return {
    flags,
    echo: flags.includes('E'),
    responseRequired: flags.includes('R'),
    stateId: match[2] ?? '',
    username: Buffer.from(match[3] ?? '', 'base64').toString('utf8'),
    text: match[4] ?? '',
  };
}

/** `TEMP[backoff 10,advance addr]:message` */
function parseTemp(reason: string): TempFailure | undefined {
  const match = /^TEMP(?:\[([^\]]*)\])?/.exec(reason);
  if (!match) return undefined;
  const temp: TempFailure = {};
  for (const item of (match[1] ?? '').split(',')) {
    const [key, value = ''] = item.trim().split(/\s+/);
    if (key === 'backoff' && /^\d+$/.test(value)) temp.backoffSeconds = Number(value);
    if (key === 'advance' && (value === 'no' || value === 'addr' || value === 'remote'))
      temp.advance = value;
  }
  return temp;
}

function parsePending(extra: string): PendingAuthMethod | undefined {
  if (extra.startsWith('OPEN_URL:'))
    return { kind: 'open-url', url: extra.slice('OPEN_URL:'.length) };
  const web = /^WEB_AUTH:([^:]*):(.*)$/s.exec(extra);
  if (web) return { kind: 'web-auth', flags: web[1] ?? '', url: web[2] ?? '' };
  const cr = /^CR_TEXT:([^:]*):(.*)$/s.exec(extra);
  if (cr) {
    const flags = (cr[1] ?? '').split(',');
    return {
      kind: 'cr-text',
      echo: flags.includes('E'),
      responseRequired: flags.includes('R'),
      text: cr[2] ?? '',
    };
  }
  return undefined;
}

/**
 * Drops trailing CR and LF. A loop, not /[\r\n]+$/: that regex backtracks over every run of
 * newlines that is not at the end, quadratic in a hostile message.
 */
export function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x0a && c !== 0x0d) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

export function parseControlMessage(raw: string): ControlMessage {
  const text = trimTrailingNewlines(raw);
  const failed = after(text, 'AUTH_FAILED');
  if (failed !== undefined) {
    const temp = parseTemp(failed);
    const challenge = parseCrv1(failed);
    return {
      kind: 'auth-failed',
      reason: failed,
      session: failed.startsWith('SESSION:'),
      ...(temp ? { temp } : {}),
      ...(challenge ? { challenge } : {}),
    };
  }
  if (text === 'PUSH_REPLY' || text.startsWith('PUSH_REPLY,'))
    return { kind: 'push-reply', message: text };
  const restart = after(text, 'RESTART');
  if (restart !== undefined) {
    const flags = /^\[([A-Z]*)\]/.exec(restart);
    return {
      kind: 'restart',
      message: flags ? restart.slice(flags[0].length) : restart,
      keepPassword: flags?.[1]?.includes('P') ?? false,
      advanceRemote: flags?.[1]?.includes('N') ?? false,
    };
  }
  const halt = after(text, 'HALT');
  if (halt !== undefined) return { kind: 'halt', message: halt };
  const infoPre = after(text, 'INFO_PRE');
  if (infoPre !== undefined) {
    const pending = parsePending(infoPre);
    return { kind: 'info-pre', text: infoPre, ...(pending ? { pending } : {}) };
  }
  const info = after(text, 'INFO');
  if (info !== undefined) return { kind: 'info', text: info };
  const pending = after(text, 'AUTH_PENDING');
  if (pending !== undefined) {
    const timeout = /(?:^|,)timeout (\d+)/.exec(pending);
    return { kind: 'auth-pending', ...(timeout ? { timeoutSeconds: Number(timeout[1]) } : {}) };
  }
  if (text === 'EXIT') return { kind: 'exit' };
  return { kind: 'unknown', text };
}

/** Password to send on the reconnect that answers a CRV1 challenge. */
export function crv1Password(stateId: string, response: string): string {
  return `CRV1::${stateId}::${response}`;
}

/** Password for `static-challenge`: SCRV1:base64(password):base64(response). */
export function staticChallengePassword(password: string, response: string): string {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return `SCRV1:${b64(password)}:${b64(response)}`;
}

/** The message answering a CR_TEXT pending-auth challenge (send as its own TLS write + NUL). */
export function crResponseMessage(response: string): string {
  return `CR_RESPONSE,${Buffer.from(response, 'utf8').toString('base64')}`;
}
