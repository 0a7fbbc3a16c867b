/**
 * The length-prefixed strings of the key-method-2 message (ssl.c write_string/read_string):
 * u16 length including a terminating NUL, the bytes, the NUL. An absent field is `00 00`.
 */
export function encodeString(value: string | undefined): Buffer {
  if (value === undefined || value === '') return Buffer.from([0, 0]);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.includes(0)) throw new RangeError('key-method-2 strings cannot contain NUL');
  if (bytes.length + 1 > 0xffff) throw new RangeError('key-method-2 string too long');
  const out = Buffer.alloc(2 + bytes.length + 1);
  out.writeUInt16BE(bytes.length + 1, 0);
  bytes.copy(out, 2);
  return out;
}

export type DecodedString = { value: string; next: number } | 'incomplete';

/** Reads one string at `offset`; the value excludes the NUL (and anything after a stray NUL). */
export function decodeString(buf: Buffer, offset: number): DecodedString {
  if (buf.length < offset + 2) return 'incomplete';
  const length = buf.readUInt16BE(offset);
  const end = offset + 2 + length;
  if (buf.length < end) return 'incomplete';
  const raw = buf.subarray(offset + 2, end);
  const nul = raw.indexOf(0);
  return { value: raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8'), next: end };
}
