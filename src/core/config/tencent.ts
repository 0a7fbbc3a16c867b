import { ConfigError } from '../errors';

/**
 * Tencent Cloud's DownloadVpnGatewaySslClientCert answer: the config text and three PEM
 * fields, either bare or wrapped in the API's `{"Response": {...}}` envelope.
 */

const FIELDS = {
  config: 'SslVpnClientConfiguration',
  ca: 'SslVpnRootCert',
  cert: 'SslVpnCert',
  key: 'SslVpnKey',
} as const;

export interface TencentBundle {
  config: string;
  ca?: string;
  cert?: string;
  key?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Some SDK paths hand fields out base64-encoded; plain text passes through. */
function textField(value: unknown, field: string, file: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError({ file }, `${field} must be a string`);
  const compact = value.replace(/\s+/g, '');
  if (!value.includes('\n') && !value.includes('-----') && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    if (!/[\p{Cc}]/u.test(decoded.replace(/[\t\r\n]/g, '')) && decoded.includes('\n')) {
      return decoded;
    }
  }
  return value;
}

export function parseTencentJson(text: string, file: string): TencentBundle {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      { file },
      `not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const body = isObject(parsed) && isObject(parsed.Response) ? parsed.Response : parsed;
  if (!isObject(body) || !(FIELDS.config in body)) {
    throw new ConfigError(
      { file },
      `JSON without "${FIELDS.config}": expected Tencent Cloud's DownloadVpnGatewaySslClientCert output`,
    );
  }
  const config = textField(body[FIELDS.config], FIELDS.config, file);
  if (!config) throw new ConfigError({ file }, `"${FIELDS.config}" is empty`);
  const ca = textField(body[FIELDS.ca], FIELDS.ca, file);
  const cert = textField(body[FIELDS.cert], FIELDS.cert, file);
  const key = textField(body[FIELDS.key], FIELDS.key, file);
  return { config, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/** The config text with the PEM fields appended as inline blocks (a block in the config wins). */
export function tencentConfigText(bundle: TencentBundle): string {
  // trimEnd and indexOf instead of /\s*$/ and /^\s*<ca>/m: those regexes retry at every
  // position of a whitespace run, so a long run costs its length squared.
  let text = `${bundle.config.trimEnd()}\n`;
  for (const [tag, pem] of [
    ['ca', bundle.ca],
    ['cert', bundle.cert],
    ['key', bundle.key],
  ] as const) {
    if (pem && !hasBlockLine(text, `<${tag}>`)) {
      text += `<${tag}>\n${pem.trim()}\n</${tag}>\n`;
    }
  }
  return text;
}

/**
 * Whether a line starts with `open` after optional whitespace. Linear: `open` starts with "<",
 * so the whitespace walked back over from one match never reaches into the previous one.
 */
function hasBlockLine(text: string, open: string): boolean {
  for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + open.length)) {
    let before = at - 1;
    while (before >= 0 && /\s/.test(text[before] ?? '') && !isLineBreak(text[before])) before--;
    if (before < 0 || isLineBreak(text[before])) return true;
  }
  return false;
}

const isLineBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';
