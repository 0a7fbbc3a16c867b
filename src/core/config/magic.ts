/** Recognizes input by content, since users rename files (a zip saved as .ovpn, JSON as .txt). */

/** Local file header or (for an empty archive) end-of-central-directory signature. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  return (bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06);
}

/** DER SEQUENCE with a long-form length: how every PKCS#12 file starts. */
export function looksLikeDer(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x30 && (bytes[1] ?? 0) >= 0x80;
}

export function looksLikeJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}
