import forge from 'node-forge';
import type { Issued } from './pki';

/**
 * Hostile PKCS#12 bundles made without deriving their keys: a bundle is built with a cheap
 * iteration count, then its DER is edited (counts raised, bags copied). forge would otherwise
 * spend as long making the bundle as the importer spends refusing it.
 */

const asn1 = forge.asn1;
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const PBE_3DES = '1.2.840.113549.1.12.1.3';

/** A bundle forge made with `count` iterations, 3DES, and a MAC unless `useMac` is false. */
export function plainPkcs12(
  client: Issued,
  ca: Issued,
  password: string,
  opts: { count?: number; useMac?: boolean } = {},
): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(client.key, [client.cert, ca.cert], password, {
    algorithm: '3des',
    count: opts.count ?? 1,
    useMac: opts.useMac ?? true,
  });
  return Buffer.from(asn1.toDer(p12).getBytes(), 'binary');
}

const oidOf = (node: forge.asn1.Asn1 | undefined): string | undefined =>
  node && node.type === asn1.Type.OID && typeof node.value === 'string'
    ? asn1.derToOid(node.value)
    : undefined;

const children = (node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] =>
  node && Array.isArray(node.value) ? node.value : [];

/**
 * Walks the tree, DER nested in OCTET STRINGs included, letting `visit` edit nodes; returns
 * whether anything changed (nested DER is re-encoded only then).
 */
function edit(node: forge.asn1.Asn1, visit: (node: forge.asn1.Asn1) => boolean): boolean {
  let changed = visit(node);
  if (Array.isArray(node.value)) {
    for (const child of node.value) changed = edit(child, visit) || changed;
  } else if (node.type === asn1.Type.OCTETSTRING && node.value.length > 2) {
    let inner: forge.asn1.Asn1 | undefined;
    try {
      inner = asn1.fromDer(forge.util.createBuffer(node.value), true);
    } catch {
      inner = undefined;
    }
    if (inner && edit(inner, visit)) {
      node.value = asn1.toDer(inner).getBytes();
      changed = true;
    }
  }
  return changed;
}

function editDer(der: Buffer, visit: (node: forge.asn1.Asn1) => boolean): Buffer {
  const root = asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  edit(root, visit);
  return Buffer.from(asn1.toDer(root).getBytes(), 'binary');
}

const integer = (n: number): string => asn1.integerToDer(n).getBytes();

/** Sets the MAC's iteration count (MacData, the PFX's third element). */
export function withMacIterations(der: Buffer, count: number): Buffer {
  const root = asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const iterations = children(children(root)[2])[2];
  if (!iterations) throw new Error('the bundle has no MAC');
  iterations.value = integer(count);
  return Buffer.from(asn1.toDer(root).getBytes(), 'binary');
}

/** Sets the iteration count of every PKCS#12 3DES PBE (the shrouded key bags). */
export function withBagIterations(der: Buffer, count: number): Buffer {
  return editDer(der, (node) => {
    const [algorithm, params] = children(node);
    if (oidOf(algorithm) !== PBE_3DES) return false;
    const iterations = children(params)[1];
    if (!iterations) return false;
    iterations.value = integer(count);
    return true;
  });
}

/** Repeats the shrouded key bag `copies` times in its SafeContents. */
export function withKeyBagCopies(der: Buffer, copies: number): Buffer {
  return editDer(der, (node) => {
    const bags = children(node);
    const keyBag = bags.find((bag) => oidOf(children(bag)[0]) === SHROUDED_KEY_BAG);
    if (!keyBag || !Array.isArray(node.value)) return false;
    for (let i = 1; i < copies; i++) node.value.push(keyBag);
    return true;
  });
}

const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const DATA = '1.2.840.113549.1.7.1';
const PBE_RC2_40 = '1.2.840.113549.1.12.1.6';

/**
 * Puts an RC2-40 encrypted SafeContents of `bytes` random bytes first in the AuthenticatedSafe,
 * the layout OpenSSL's legacy mode uses for certificate bags.
 */
export function withRc2Contents(der: Buffer, bytes: number): Buffer {
  const { create, Class, Type } = asn1;
  const oid = (id: string) =>
    create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(id).getBytes());
  const encrypted = create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    oid(ENCRYPTED_DATA),
    create(Class.CONTEXT_SPECIFIC, 0, true, [
      create(Class.UNIVERSAL, Type.SEQUENCE, true, [
        create(Class.UNIVERSAL, Type.INTEGER, false, integer(0)),
        create(Class.UNIVERSAL, Type.SEQUENCE, true, [
          oid(DATA),
          create(Class.UNIVERSAL, Type.SEQUENCE, true, [
            oid(PBE_RC2_40),
            create(Class.UNIVERSAL, Type.SEQUENCE, true, [
              create(Class.UNIVERSAL, Type.OCTETSTRING, false, 'saltsalt'),
              create(Class.UNIVERSAL, Type.INTEGER, false, integer(1)),
            ]),
          ]),
          create(Class.CONTEXT_SPECIFIC, 0, false, forge.random.getBytesSync(bytes - (bytes % 8))),
        ]),
      ]),
    ]),
  ]);
  let done = false;
  return editDer(der, (node) => {
    const infos = children(node);
    if (done || !infos.some((info) => oidOf(children(info)[0]) === DATA)) return false;
    if (!Array.isArray(node.value) || !infos.every((info) => oidOf(children(info)[0])))
      return false;
    node.value.unshift(encrypted);
    done = true;
    return true;
  });
}
