import forge from 'node-forge';
import { MAX_PKCS12_BYTES, Pkcs12CostError, withPkcs12WorkBudget } from './pkcs12-cost';

/**
 * Opens a PKCS#12 bundle at import so the stored profile holds plain PEM (in a 0600 file) and
 * the engine never needs the bundle's password. forge handles RSA keys only.
 */

export interface Pkcs12Contents {
  keyPem: string;
  certPem: string;
  /** Other certificates in the bundle (usually the CA chain). */
  caPem: string[];
}

// PKCS#12 bag types (RFC 7292), spelled out because forge's oid table is typed loosely.
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';

export type Pkcs12Result =
  Pkcs12Contents | { problem: 'password' | 'damaged' | 'no-key' | 'too-costly'; detail?: string };

function tryOpen(
  der: Uint8Array,
  password: string,
): forge.pkcs12.Pkcs12Pfx | 'password' | 'damaged' | Pkcs12CostError {
  if (der.length > MAX_PKCS12_BYTES) {
    return new Pkcs12CostError(
      `it is larger than ${MAX_PKCS12_BYTES / 1024} KiB, which no key with its certificates needs`,
    );
  }
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary')));
  } catch {
    return 'damaged';
  }
  try {
    return withPkcs12WorkBudget(() => forge.pkcs12.pkcs12FromAsn1(asn1, false, password));
  } catch (err) {
    if (err instanceof Pkcs12CostError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return /password|MAC could not be verified|Invalid/i.test(message) ? 'password' : 'damaged';
  }
}

/** Opens the bundle with `password`, or with the empty password when none is given. */
export function openPkcs12(der: Uint8Array, password: string | undefined): Pkcs12Result {
  const p12 = tryOpen(der, password ?? '');
  if (p12 === 'password' || p12 === 'damaged') return { problem: p12 };
  if (p12 instanceof Pkcs12CostError) return { problem: 'too-costly', detail: p12.detail };
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(SHROUDED_KEY_BAG), ...bags(KEY_BAG)];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) {
    return {
      problem: 'no-key',
      detail: 'no RSA private key in the bundle (EC keys in PKCS#12 are not supported)',
    };
  }
  const certs = bags(CERT_BAG)
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => c !== undefined && c !== null);
  const matches = (c: forge.pki.Certificate): boolean => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.equals(key.n) === true && pub.e?.equals(key.e) === true;
  };
  const own = certs.find(matches);
  if (!own)
    return { problem: 'no-key', detail: 'no certificate in the bundle matches its private key' };
  return {
    keyPem: forge.pki.privateKeyInfoToPem(
      forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)),
    ),
    certPem: forge.pki.certificateToPem(own),
    caPem: certs.filter((c) => c !== own).map((c) => forge.pki.certificateToPem(c)),
  };
}
