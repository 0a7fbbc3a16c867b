import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lookupDigest } from '../../../../src/core/openvpn/crypto/digest';
import { lookupDataCipher } from '../../../../src/core/openvpn/data/ciphers';
import {
  deriveKey2WithEkm,
  deriveKey2WithPrf,
  EKM_LABEL,
  exporterOf,
  splitKey2ForClient,
  tls1Prf,
} from '../../../../src/core/openvpn/data/key-derivation';

/** HMAC written out from RFC 2104 with plain hashes, so the test does not share createHmac. */
function rfc2104(alg: 'md5' | 'sha1', key: Buffer, data: Buffer): Buffer {
  const k = Buffer.alloc(64);
  (key.length > 64 ? createHash(alg).update(key).digest() : key).copy(k);
  const ipad = Buffer.from(k.map((b) => b ^ 0x36));
  const opad = Buffer.from(k.map((b) => b ^ 0x5c));
  const inner = createHash(alg).update(ipad).update(data).digest();
  return createHash(alg).update(opad).update(inner).digest();
}

function referencePrf(secret: Buffer, seed: Buffer, n: number): Buffer {
  const pHash = (alg: 'md5' | 'sha1', s: Buffer): Buffer => {
    const chunks: Buffer[] = [];
    let a = seed;
    while (Buffer.concat(chunks).length < n) {
      a = rfc2104(alg, s, a);
      chunks.push(rfc2104(alg, s, Buffer.concat([a, seed])));
    }
    return Buffer.concat(chunks).subarray(0, n);
  };
  const half = Math.ceil(secret.length / 2);
  const x = pHash('md5', secret.subarray(0, half));
  const y = pHash('sha1', secret.subarray(secret.length - half));
  return Buffer.from(x.map((b, i) => b ^ (y[i] ?? 0)));
}

describe('tls1Prf', () => {
  it('equals an independent RFC 2246 implementation for even and odd secrets', () => {
    for (const len of [48, 47, 1, 80]) {
      const secret = randomBytes(len);
      const seed = randomBytes(77);
      expect(tls1Prf(secret, seed, 256)).toEqual(referencePrf(secret, seed, 256));
      expect(tls1Prf(secret, seed, 13)).toEqual(referencePrf(secret, seed, 13));
    }
  });
});

describe('tls1Prf known answer', () => {
  it("matches OpenVPN's own vector (tests/unit_tests/openvpn/test_crypto.c, odd-length secret)", () => {
    const secret = Buffer.from(
      'Lorem ipsum dolor sit amet, consectetur adipisici elit, sed eiusmod tempor incidunt ut ' +
        'labore et dolore magna aliqua.',
    );
    const seed = Buffer.from('Quis aute iure reprehenderit in voluptate velit esse cillum dolore');
    expect(secret.length % 2).toBe(1);
    expect(tls1Prf(secret, seed, 32).toString('hex')).toBe(
      'd98c8518c85e946927916acfc2d592fbb1567e4b4b1459e6a904ac2ddab72d67',
    );
  });
});

describe('deriveKey2WithPrf', () => {
  it('runs master secret then key expansion with randoms and session ids in OpenVPN order', () => {
    const client = {
      preMaster: randomBytes(48),
      random1: randomBytes(32),
      random2: randomBytes(32),
    };
    const server = { random1: randomBytes(32), random2: randomBytes(32) };
    const csid = randomBytes(8);
    const ssid = randomBytes(8);
    const master = referencePrf(
      client.preMaster,
      Buffer.concat([Buffer.from('OpenVPN master secret'), client.random1, server.random1]),
      48,
    );
    const expected = referencePrf(
      master,
      Buffer.concat([
        Buffer.from('OpenVPN key expansion'),
        client.random2,
        server.random2,
        csid,
        ssid,
      ]),
      256,
    );
    const key2 = deriveKey2WithPrf({
      client,
      server,
      clientSessionId: csid,
      serverSessionId: ssid,
    });
    expect(key2).toEqual(expected);
    const swapped = deriveKey2WithPrf({
      client,
      server,
      clientSessionId: ssid,
      serverSessionId: csid,
    });
    expect(swapped.equals(key2)).toBe(false);
  });
});

describe('key2 for the client', () => {
  const key2 = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  it('asks the exporter for 256 bytes with the OpenVPN label and no context', () => {
    const calls: unknown[][] = [];
    const got = deriveKey2WithEkm((...args: unknown[]) => {
      calls.push(args);
      return key2;
    });
    expect(calls).toEqual([[256, EKM_LABEL]]);
    expect(got).toBe(key2);
    expect(() => deriveKey2WithEkm(() => Buffer.alloc(10))).toThrow();
  });

  it('encrypts with c2s (0, 64) and decrypts with s2c (128, 192); AEAD takes an 8-byte IV', () => {
    const gcm = splitKey2ForClient(key2, lookupDataCipher('AES-256-GCM')!);
    expect(gcm.encrypt.cipherKey).toEqual(key2.subarray(0, 32));
    expect(gcm.encrypt.hmacKeyOrIv).toEqual(key2.subarray(64, 72));
    expect(gcm.decrypt.cipherKey).toEqual(key2.subarray(128, 160));
    expect(gcm.decrypt.hmacKeyOrIv).toEqual(key2.subarray(192, 200));
  });

  it('takes 16 cipher bytes and 20 HMAC bytes for AES-128-CBC + SHA1', () => {
    const cbc = splitKey2ForClient(key2, lookupDataCipher('aes-128-cbc')!, lookupDigest('SHA1'));
    expect(cbc.encrypt.cipherKey).toEqual(key2.subarray(0, 16));
    expect(cbc.encrypt.hmacKeyOrIv).toEqual(key2.subarray(64, 84));
    expect(cbc.decrypt.hmacKeyOrIv).toEqual(key2.subarray(192, 212));
    expect(() => splitKey2ForClient(key2, lookupDataCipher('AES-128-CBC')!)).toThrow(/digest/);
  });
});

describe('exporterOf', () => {
  it('calls exportKeyingMaterial without a context argument (differs from an empty context)', async () => {
    const { makePki } = await import('../../../support/pki');
    const tls = await import('node:tls');
    const pki = makePki('Gangway EKM');
    const server = tls.createServer({
      key: pki.server.keyPem,
      cert: pki.server.certPem,
      maxVersion: 'TLSv1.2',
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const serverSide = new Promise<Buffer>((resolve) =>
      server.once('secureConnection', (s) =>
        resolve(s.exportKeyingMaterial(256, EKM_LABEL, undefined as unknown as Buffer)),
      ),
    );
    const socket = tls.connect({
      port,
      host: '127.0.0.1',
      ca: pki.ca.certPem,
      checkServerIdentity: () => undefined,
    });
    await new Promise<void>((r) => socket.once('secureConnect', () => r()));
    const ours = deriveKey2WithEkm(exporterOf(socket));
    expect(ours).toEqual(await serverSide);
    expect(ours.equals(socket.exportKeyingMaterial(256, EKM_LABEL, Buffer.alloc(0)))).toBe(false);
    socket.destroy();
    server.close();
  });
});
