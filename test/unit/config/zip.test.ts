import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { importProfileFromBytes } from '../../../src/core/config';
import { readZip } from '../../../src/core/config/zip';
import {
  configErrorLine,
  makePki,
  tencentOvpn,
  zipOf,
  zipWithName,
  type TestPki,
} from '../../support/profiles';

let pki: TestPki;
let config: string;
beforeAll(() => {
  pki = makePki('Zip');
  config = tencentOvpn(pki);
});

const importZip = (zip: Uint8Array) => importProfileFromBytes(zip, 'bundle.zip');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('zip safety', () => {
  it('refuses path traversal and absolute paths', async () => {
    expect(
      await configErrorLine(importZip(zipWithName('aa/client.ovpn', '../client.ovpn', config))),
    ).toBe('bundle.zip!../client.ovpn: unsafe path in zip: ".." would escape the bundle');
    expect(
      await configErrorLine(importZip(zipWithName('xsub/c.ovpn', '/sub/c.ovpn', config))),
    ).toBe('bundle.zip!/sub/c.ovpn: unsafe path in zip: absolute paths are not allowed');
    expect(
      await configErrorLine(
        importZip(zipWithName('a/bb/cc/client.ovpn', 'a\\..\\..\\client.ovpn', config)),
      ),
    ).toMatch(/unsafe path in zip: "\.\." would escape the bundle$/);
  });

  it('refuses symbolic links, found through the external attributes', async () => {
    const zip = zipSync({
      'sub/client.ovpn': enc(config),
      'sub/ca.crt': [enc('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    expect(await configErrorLine(importZip(zip))).toBe(
      'bundle.zip!sub/ca.crt: symbolic links are not allowed in a profile zip',
    );
  });

  it('limits the number of entries', async () => {
    const files: Record<string, string> = { 'client.ovpn': config };
    for (let i = 0; i < 64; i++) files[`junk/${i}.txt`] = 'x';
    expect(await configErrorLine(importZip(zipOf(files)))).toBe(
      'bundle.zip: the zip has 65 entries; at most 64 are allowed',
    );
  });

  it('stops a zip bomb while inflating, per entry and in total', async () => {
    const bomb = zipOf({ 'client.ovpn': config, 'big.bin': new Uint8Array(64 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    expect(await configErrorLine(importZip(bomb))).toBe(
      'bundle.zip!big.bin: the entry unpacks to more than 1048576 bytes; that is not a key or config',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    const many: Record<string, Uint8Array | string> = { 'client.ovpn': config };
    for (let i = 0; i < 9; i++) many[`f${i}.bin`] = new Uint8Array(1024 * 1024 - 10);
    expect(await configErrorLine(importZip(zipOf(many)))).toBe(
      'bundle.zip!f7.bin: the zip unpacks to more than 8388608 bytes in total; that is not a VPN profile',
    );
  });

  it('ignores the sizes the archive claims and counts real bytes', () => {
    const zip = Buffer.from(zipOf({ 'big.bin': new Uint8Array(2 * 1024 * 1024) }));
    // Make both headers claim 10 bytes: the reader must still stop at the limit.
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(10, cd + 24);
    zip.writeUInt32LE(10, 22);
    expect(() => readZip(zip, 'liar.zip')).toThrow(/unpacks to more than 1048576 bytes/);
  });

  it('needs exactly one config', async () => {
    const two = zipOf({ 'b/two.conf': config, 'a/one.ovpn': config });
    expect(await configErrorLine(importZip(two))).toBe(
      'bundle.zip: the zip holds more than one config (a/one.ovpn, b/two.conf); keep only one',
    );
    expect(await configErrorLine(importZip(zipOf({ 'ca.crt': pki.ca.certPem })))).toBe(
      'bundle.zip: the zip holds no .ovpn or .conf config',
    );
  });

  it("takes Alibaba's identical config.ovpn/config.conf pair as one config", async () => {
    const twins = zipOf({
      'certs/config.ovpn': config,
      'certs/config.conf': config.replace(/\n/g, '\r\n'),
    });
    expect((await importZip(twins)).profile.remotes.length).toBeGreaterThan(0);
    const differing = zipOf({ 'config.ovpn': config, 'config.conf': `${config}\nverb 4\n` });
    expect(await configErrorLine(importZip(differing))).toBe(
      'bundle.zip: the zip holds more than one config (config.conf, config.ovpn); keep only one',
    );
  });

  it('refuses references that leave the zip', async () => {
    const zip = zipOf({ 'sub/client.ovpn': config.replace('nobind', 'ca ../../etc/ca.crt') });
    expect(await configErrorLine(importZip(zip))).toBe(
      'bundle.zip!sub/client.ovpn:8: cannot read "../../etc/ca.crt": the path leaves the zip',
    );
  });

  it('reports damaged archives and binary configs inside them', async () => {
    const zip = zipOf({ 'client.ovpn': config });
    expect(await configErrorLine(importZip(zip.subarray(0, zip.length - 30)))).toBe(
      'bundle.zip: not a readable zip archive (no end-of-central-directory record)',
    );
    const binary = zipOf({ 'client.ovpn': new Uint8Array([0x63, 0x0a, 0x00, 0x01]) });
    expect(await configErrorLine(importZip(binary))).toBe(
      'bundle.zip!client.ovpn:2: binary data (NUL byte): this is not a text config',
    );
  });
});
