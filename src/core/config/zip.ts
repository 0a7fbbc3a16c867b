import { Inflate } from 'fflate';
import { ConfigError } from '../errors';

/**
 * A defensive reader for the small zip bundles cloud consoles hand out. It trusts nothing in
 * the archive: names are checked for traversal, symlinks and other special files are refused,
 * and sizes are counted while inflating, so a zip bomb stops at the limit instead of filling
 * memory. Only stored and deflated entries are read; zip64 and encryption are refused.
 */

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 64,
  maxEntryBytes: 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** Inflate input slice: small, so one push cannot expand far past a limit. */
const INFLATE_CHUNK = 1024;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
  externalAttributes: number;
}

/** Normalized entry path → contents. Directories are left out. */
export type ZipFiles = Map<string, Uint8Array>;

export function readZip(
  bytes: Uint8Array,
  zipLabel: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipFiles {
  const fail: (message: string, entry?: string) => never = (message, entry) => {
    throw new ConfigError(
      { file: entry === undefined ? zipLabel : `${zipLabel}!${entry}` },
      message,
    );
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) fail('not a readable zip archive (no end-of-central-directory record)');
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) fail('zip64 archives are not supported');
  if (count > limits.maxEntries)
    fail(`the zip has ${count} entries; at most ${limits.maxEntries} are allowed`);

  const files: ZipFiles = new Map();
  let total = 0;
  let offset = cdOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      fail('the zip central directory is damaged');
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const flags = view.getUint16(offset + 8, true);
    const rawName = bytes.subarray(offset + 46, offset + 46 + nameLength);
    const entry: CentralEntry = {
      name: decodeName(rawName, flags),
      flags,
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localOffset: view.getUint32(offset + 42, true),
      externalAttributes: view.getUint32(offset + 38, true),
    };
    offset += 46 + nameLength + extraLength + commentLength;

    const name = safeEntryPath(entry.name, (why) => fail(why, entry.name));
    const type = (entry.externalAttributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) fail('symbolic links are not allowed in a profile zip', entry.name);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
      fail('special files are not allowed in a profile zip', entry.name);
    if (type === S_IFDIR || entry.name.endsWith('/')) continue;
    if (files.has(name)) fail('the zip holds this name twice', entry.name);
    if (entry.flags & 0x1) fail('encrypted zip entries are not supported', entry.name);
    if (entry.compressedSize === 0xffffffff) fail('zip64 archives are not supported', entry.name);

    const data = entryData(view, bytes, entry, (why) => fail(why, entry.name));
    const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total);
    const content = extract(entry.method, data, budget, (why) => fail(why, entry.name));
    if (content === 'too-large') {
      return fail(
        budget < limits.maxEntryBytes
          ? `the zip unpacks to more than ${limits.maxTotalBytes} bytes in total; that is not a VPN profile`
          : `the entry unpacks to more than ${limits.maxEntryBytes} bytes; that is not a key or config`,
        entry.name,
      );
    }
    total += content.length;
    files.set(name, content);
  }
  return files;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

function decodeName(raw: Uint8Array, flags: number): string {
  const utf8 = (flags & 0x800) !== 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    // Not UTF-8 and not flagged as such: legacy code page; latin1 keeps it printable.
    return utf8 ? new TextDecoder('utf-8').decode(raw) : Buffer.from(raw).toString('latin1');
  }
}

/** Rejects names that could land outside the bundle; returns the name with `/` separators. */
export function safeEntryPath(name: string, fail: (why: string) => never): string {
  const normalized = name.replace(/\\/g, '/');
  if (normalized.includes('\0')) fail('unsafe path in zip (NUL byte)');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) {
    fail('unsafe path in zip: absolute paths are not allowed');
  }
  const parts = normalized.split('/');
  if (parts.includes('..')) fail('unsafe path in zip: ".." would escape the bundle');
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

function entryData(
  view: DataView,
  bytes: Uint8Array,
  entry: CentralEntry,
  fail: (why: string) => never,
): Uint8Array {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    fail('the zip entry header is damaged');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) fail('the zip entry is truncated');
  return bytes.subarray(start, end);
}

function extract(
  method: number,
  data: Uint8Array,
  budget: number,
  fail: (why: string) => never,
): Uint8Array | 'too-large' {
  if (method === 0) return data.length > budget ? 'too-large' : data.slice();
  if (method !== 8) fail(`zip compression method ${method} is not supported (use deflate)`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > budget) overflow = true;
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length && !overflow; i += INFLATE_CHUNK) {
      const end = Math.min(i + INFLATE_CHUNK, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    fail('the zip entry is damaged (inflate failed)');
  }
  if (overflow) return 'too-large';
  const out = new Uint8Array(size);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}
