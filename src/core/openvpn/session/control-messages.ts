/**
 * Classifies the server's control-channel text messages (doc 7.4), in forward.c's order.
 */
export type ServerMessage =
  | { kind: 'push-reply'; options: string[]; more: boolean }
  | {
      kind: 'auth-failed';
      reason: string;
      temporary: boolean;
      sessionOnly: boolean;
      crv1?: Crv1Challenge;
    }
  | { kind: 'restart'; text: string; advance: boolean }
  | { kind: 'halt'; text: string }
  | { kind: 'info-pre'; text: string }
  | { kind: 'info'; text: string }
  | { kind: 'auth-pending'; timeoutSeconds?: number }
  | { kind: 'exit' }
  | { kind: 'unknown'; text: string };

export interface Crv1Challenge {
  echo: boolean;
  responseRequired: boolean;
  stateId: string;
  username: string;
  text: string;
}

export function classifyServerMessage(text: string): ServerMessage {
  if (text.startsWith('AUTH_FAILED')) {
    const reason = text.slice('AUTH_FAILED'.length).replace(/^,/, '');
    if (reason.startsWith('CRV1:')) {
      const [flags = '', stateId = '', userB64 = '', ...rest] = reason.slice(5).split(':');
      return {
        kind: 'auth-failed',
        reason,
        temporary: false,
        sessionOnly: false,
        crv1: {
          echo: flags.split(',').includes('E'),
          responseRequired: flags.split(',').includes('R'),
          stateId,
          username: Buffer.from(userB64, 'base64').toString('utf8'),
          text: rest.join(':'),
        },
      };
    }
    return {
      kind: 'auth-failed',
      reason,
      temporary: reason.startsWith('TEMP'),
      sessionOnly: reason.startsWith('SESSION:'),
    };
  }
  if (text.startsWith('PUSH_REPLY')) {
    const options = splitPushOptions(text.slice('PUSH_REPLY'.length).replace(/^,/, ''));
    const more = options.includes('push-continuation 2');
    return {
      kind: 'push-reply',
      options: options.filter((o) => !o.startsWith('push-continuation')),
      more,
    };
  }
  if (text.startsWith('RESTART')) {
    const rest = text.slice('RESTART'.length).replace(/^,/, '');
    const flags = /^\[([A-Z]*)\]/.exec(rest)?.[1] ?? '';
    return { kind: 'restart', text: rest, advance: flags.includes('N') };
  }
  if (text.startsWith('HALT')) return { kind: 'halt', text: text.slice(4).replace(/^,/, '') };
  if (text.startsWith('INFO_PRE'))
    return { kind: 'info-pre', text: text.slice(8).replace(/^,/, '') };
  if (text.startsWith('INFO')) return { kind: 'info', text: text.slice(4).replace(/^,/, '') };
  if (text.startsWith('AUTH_PENDING')) {
    const t = /timeout (\d+)/.exec(text)?.[1];
    return { kind: 'auth-pending', ...(t ? { timeoutSeconds: Number(t) } : {}) };
  }
  if (text === 'EXIT') return { kind: 'exit' };
  return { kind: 'unknown', text };
}

function splitPushOptions(body: string): string[] {
  return body
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}
