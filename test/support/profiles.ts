import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { makePki, staticKey, type TestPki } from './pki';

/**
 * Sample profiles as cloud consoles hand them out, built at test time from a test PKI:
 * Tencent-style configs, sibling-file layouts, zips (honest and malicious), Tencent API JSON.
 */

/** The config body Tencent Cloud's SSL VPN gateway issues, without key material. */
export function tencentConfigBody(remote = '203.0.113.10'): string {
  return [
    'client',
    'dev tun',
    'proto udp',
    `remote ${remote} 1194`,
    'cipher AES-128-CBC',
    'auth SHA1',
    'comp-lzo',
    'nobind',
    'persist-key',
    'persist-tun',
    'remote-cert-tls server',
    'verb 3',
  ].join('\n');
}

export function inlineBlock(tag: string, body: string): string {
  return `<${tag}>\n${body.trim()}\n</${tag}>`;
}

/** A complete single-file Tencent-style profile with everything inline. */
export function tencentOvpn(pki: TestPki, extra: string[] = []): string {
  return [
    tencentConfigBody(),
    ...extra,
    inlineBlock('ca', pki.ca.certPem),
    inlineBlock('cert', pki.client.certPem),
    inlineBlock('key', pki.client.keyPem),
    '',
  ].join('\n');
}

export function tempDir(prefix = 'gw-cfg-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes files (relative path → text or bytes) under `dir`, creating sub-folders. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export function zipOf(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) {
    entries[name] = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
  return zipSync(entries);
}

/** A zip whose one entry is a symbolic link (Unix mode 0120777 in the external attributes). */
export function zipWithSymlink(name: string, target: string): Uint8Array {
  return zipSync({
    [name]: [new TextEncoder().encode(target), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
  });
}

/**
 * A zip whose entry name escapes the bundle. fflate refuses nothing, but to be sure of the exact
 * bytes the name is patched after zipping (same length, so offsets stay valid).
 */
export function zipWithName(placeholder: string, evilName: string, content: string): Uint8Array {
  if (placeholder.length !== evilName.length) throw new Error('names must have equal length');
  const zip = Buffer.from(zipOf({ [placeholder]: content }));
  const from = Buffer.from(placeholder);
  const to = Buffer.from(evilName);
  let at = zip.indexOf(from);
  while (at >= 0) {
    to.copy(zip, at);
    at = zip.indexOf(from, at + 1);
  }
  return new Uint8Array(zip);
}

/** A tls-crypt-v2 client key in OpenVPN's format: Kc (256 bytes) then a wrapped key whose last two bytes give its length. */
export function tlsCryptV2ClientKey(): string {
  // WKc as `openvpn --genkey tls-crypt-v2-client` writes it: tag, Kc and a timestamp, length.
  const wrapped = randomBytes(32 + 256 + 9 + 2);
  wrapped.writeUInt16BE(wrapped.length, wrapped.length - 2);
  const body = Buffer.concat([randomBytes(256), wrapped]).toString('base64');
  return [
    '-----BEGIN OpenVPN tls-crypt-v2 client key-----',
    ...(body.match(/.{1,64}/g) ?? []),
    '-----END OpenVPN tls-crypt-v2 client key-----',
    '',
  ].join('\n');
}

/** Tencent's DownloadVpnGatewaySslClientCert output. */
export function tencentApiJson(pki: TestPki, wrapped: boolean): string {
  const body = {
    SslVpnClientConfiguration: tencentConfigBody(),
    SslVpnRootCert: pki.ca.certPem,
    SslVpnCert: pki.client.certPem,
    SslVpnKey: pki.client.keyPem,
  };
  return JSON.stringify(wrapped ? { Response: { ...body, RequestId: 'a1b2c3d4' } } : body);
}

export { makePki, staticKey, type TestPki };

/** The one-line form of the ConfigError a promise rejects with (fails the test otherwise). */
export async function configErrorLine(promise: Promise<unknown>): Promise<string> {
  const { ConfigError } = await import('../../src/core/errors');
  try {
    await promise;
  } catch (err) {
    if (err instanceof ConfigError) return err.toString();
    throw err;
  }
  throw new Error('expected a ConfigError, but the import succeeded');
}
