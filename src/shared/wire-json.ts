/**
 * JSON for the dev host's WebSocket: like JSON, plus Uint8Array as `{"$bytes": base64}` so an
 * imported file's bytes survive the trip. Browser-safe (btoa/atob, no Buffer).
 */
import { ownValue } from './own-property';

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

function bytesOf(v: object): Uint8Array | undefined {
  if (Array.isArray(v)) return undefined;
  const b = (v as { $bytes?: unknown }).$bytes;
  return Object.keys(v).length === 1 && typeof b === 'string' ? fromBase64(b) : undefined;
}

export function decodeWire(text: string): unknown {
  // An explicit stack, not a JSON.parse reviver: V8 calls the reviver recursively, one frame per
  // nesting level, so a message nested 100 000 deep would overflow the stack.
  const holder: Record<string, unknown> = { value: JSON.parse(text) as unknown };
  const pending: Array<[Record<string, unknown>, string]> = [[holder, 'value']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [parent, key] = next;
    const v = ownValue(parent, key);
    if (typeof v !== 'object' || v === null) continue;
    const bytes = bytesOf(v);
    if (bytes) {
      // defineProperty: a plain assignment to a "__proto__" key would set the prototype.
      Object.defineProperty(parent, key, { value: bytes, enumerable: true, writable: true });
      continue;
    }
    const object = v as Record<string, unknown>;
    for (const k of Object.keys(object)) pending.push([object, k]);
  }
  return holder.value;
}

/** Messages on the dev host socket. */
export type WireMessage =
  | { t: 'call'; id: number; channel: string; payload: unknown }
  | { t: 'reply'; id: number; reply: unknown }
  | { t: 'event'; event: string; payload: unknown };
