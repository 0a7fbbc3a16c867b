import forge from 'node-forge';

/**
 * Bounds the work opening a PKCS#12 bundle may cost. forge derives every key in JavaScript
 * (3 to 30 µs per iteration here), and a bundle names its own iteration counts: a count in the
 * millions, or thousands of encrypted bags, would block the importer for minutes.
 *
 * What real tools write: OpenSSL 2048 (PKCS12_DEFAULT_ITER, include/openssl/pkcs12.h), Windows
 * 2000, Java keytool 10 000 (keystore.pkcs12.*IterationCount). We accept twice the highest.
 */
export const MAX_PKCS12_ITERATIONS = 20_000;

/**
 * Total derivation work for one bundle, in hash-block units (one iteration of a 64-byte-block
 * hash for one output block; PBKDF2's HMAC counts twice, SHA-384/512 four times). A Java
 * keytool file at the iteration bound needs 100 000; OpenSSL's legacy 3DES/RC2 layout 120 000.
 * At the slowest rate measured (about 6 µs a unit on a loaded 2-core machine) this is under 1 s.
 */
export const PKCS12_WORK_BUDGET = 150_000;

/**
 * Real bundles (a key, its certificate and a CA chain) are 2 to 20 KiB. forge's RC2 decryption
 * (the legacy default for certificate bags) grows faster than linearly: 64 KiB takes 0.3 s,
 * 1 MiB close to a minute.
 */
export const MAX_PKCS12_BYTES = 64 * 1024;

/** The bundle would cost too much to open; `detail` says why and what to do. */
export class Pkcs12CostError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'Pkcs12CostError';
  }
}

type Digest = { digestLength: number; blockLength: number };
type Pkcs12Kdf = (
  password: string,
  salt: unknown,
  id: number,
  iterations: number,
  bytes: number,
  md?: Digest,
) => unknown;
type Pbkdf2 = (
  password: string,
  salt: string,
  iterations: number,
  bytes: number,
  md?: Digest | string,
) => unknown;

// forge calls its key derivations through these properties (pkcs12.js pkcs12FromAsn1 for the
// MAC, pbe.js getCipherForPKCS12PBE and getCipherForPBES2 for encrypted bags), so wrapping them
// checks every derivation before it runs, including those in bags that are themselves encrypted.
const kdfs = forge as unknown as {
  pkcs12: { generateKey: Pkcs12Kdf };
  pki: { pbe: { generatePkcs12Key: Pkcs12Kdf } };
  pkcs5: { pbkdf2: Pbkdf2 };
};

const REEXPORT = 're-export it with a standard tool (openssl pkcs12 -export uses 2048)';

/** Runs `open` (a synchronous forge call) with every key derivation it makes counted. */
export function withPkcs12WorkBudget<T>(open: () => T): T {
  let spent = 0;
  const charge = (iterations: number, bytes: number, md: Digest | undefined, hmac: boolean) => {
    if (!Number.isSafeInteger(iterations) || iterations > MAX_PKCS12_ITERATIONS) {
      throw new Pkcs12CostError(
        `it asks for ${iterations} key-derivation iterations; at most ${MAX_PKCS12_ITERATIONS} are accepted, so ${REEXPORT}`,
      );
    }
    const digestLength = md?.digestLength ?? 20;
    const blocks = Math.max(1, Math.ceil(bytes / digestLength));
    const weight = (md?.blockLength === 128 ? 4 : 1) * (hmac ? 2 : 1);
    spent += iterations * blocks * weight;
    if (spent > PKCS12_WORK_BUDGET) {
      throw new Pkcs12CostError(
        `its encrypted parts together need more key-derivation work than any standard bundle; ${REEXPORT}`,
      );
    }
  };
  const saved = {
    mac: kdfs.pkcs12.generateKey,
    pbe: kdfs.pki.pbe.generatePkcs12Key,
    pbkdf2: kdfs.pkcs5.pbkdf2,
  };
  const wrapPkcs12 =
    (original: Pkcs12Kdf): Pkcs12Kdf =>
    (password, salt, id, iterations, bytes, md) => {
      charge(iterations, bytes, md, false);
      return original(password, salt, id, iterations, bytes, md);
    };
  kdfs.pkcs12.generateKey = wrapPkcs12(saved.mac);
  kdfs.pki.pbe.generatePkcs12Key = wrapPkcs12(saved.pbe);
  kdfs.pkcs5.pbkdf2 = (password, salt, iterations, bytes, md) => {
    charge(iterations, bytes, typeof md === 'object' ? md : undefined, true);
    return saved.pbkdf2(password, salt, iterations, bytes, md);
  };
  try {
    return open();
  } finally {
    kdfs.pkcs12.generateKey = saved.mac;
    kdfs.pki.pbe.generatePkcs12Key = saved.pbe;
    kdfs.pkcs5.pbkdf2 = saved.pbkdf2;
  }
}
