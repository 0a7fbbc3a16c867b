/**
 * JSON for the dev host's WebSocket: like JSON, plus Uint8Array as `{"$bytes": base64}` so an
 * imported file's bytes survive the trip. Browser-safe (btoa/atob, no Buffer).
 */

function toBase64(bytes: Uint8Array): string {
  // One character at a time: spreading the bytes into fromCharCode's arguments overflows the
  // stack for large inputs (see the no-restricted-syntax rule in eslint.config.js).
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: toBase64(v) } : v,
  );
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const b = (v as { $bytes?: unknown }).$bytes;
      if (keys.length === 1 && typeof b === 'string') return fromBase64(b);
    }
    return v;
  });
}

/** Messages on the dev host socket. */
export type WireMessage =
  | { t: 'call'; id: number; channel: string; payload: unknown }
  | { t: 'reply'; id: number; reply: unknown }
  | { t: 'event'; event: string; payload: unknown };
