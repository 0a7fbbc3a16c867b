/**
 * Pending authentication (doc 7.4): `AUTH_PENDING[,timeout N]` extends the wait for the
 * PUSH_REPLY, and `INFO_PRE,CR_TEXT:<flags>:<text>` asks the user something the client answers
 * with `CR_RESPONSE,<base64>` on the control channel (announced with IV_SSO=crtext).
 */
export const PENDING_AUTH_PEER_INFO = { IV_SSO: 'crtext' } as const;

export interface CrTextChallenge {
  echo: boolean;
  responseRequired: boolean;
  text: string;
}

/** `text` is what follows `INFO_PRE,`. */
export function parseCrText(text: string): CrTextChallenge | undefined {
  const m = /^CR_TEXT:([^:]*):([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  const flags = (m[1] ?? '').split(',');
  return { echo: flags.includes('E'), responseRequired: flags.includes('R'), text: m[2] ?? '' };
}

export function crResponseMessage(answer: string): string {
  return `CR_RESPONSE,${Buffer.from(answer, 'utf8').toString('base64')}`;
}
