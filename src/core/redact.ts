/**
 * Secrets never reach a log: PEM and OpenVPN static-key blocks, auth-tokens (also a bare
 * `SESS_ID_AT_…` session token), passwords in `key=value` or `key: value` form, CRV1/SCRV1
 * answers, and any exact secret the caller registered (the password the user typed). The one
 * redaction for the engine's log events and the app's log book.
 */

const MASK = '[redacted]';

const PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN ([^-\r\n]{1,64})-----[\s\S]*?(-----END \1-----|$)/g, '[$1 redacted]'],
  [
    /<(key|tls-auth|tls-crypt|tls-crypt-v2|secret|pkcs12|auth-user-pass)>[\s\S]*?(<\/\1>|$)/gi,
    '<$1>[redacted]</$1>',
  ],
  [/\b(S?CRV1):\S+/g, `$1:${MASK}`],
  [/\b(SESS_ID_AT_)\S+/g, `$1${MASK}`],
  [/\b(auth-token(?:-user)?)(\s*[=:]?\s*)(\S+)/gi, `$1$2${MASK}`],
  [
    /\b(password|passwd|passphrase|pass|secret(?:[-_]?key)?|private[-_]?key|token|p12[-_]?password)(["']?\s*[=:]\s*["']?)([^\s"',;}]+)/gi,
    `$1$2${MASK}`,
  ],
];

export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; they are caught by the patterns instead.
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
