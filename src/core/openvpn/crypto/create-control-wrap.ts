/**
 * One entry point for the session: the profile's TlsWrap + digest → a ControlWrap for one TLS
 * session (create a fresh one per hard reset; the replay state belongs to the session).
 */
import type { TlsWrap } from '../../config/profile';
import type { ReplayPolicy } from '../data/replay-window';
import { NoControlWrap, type ControlWrap } from './control-wrap';
import { parseStaticKey, STATIC_KEY_BYTES } from './static-key';
import { TlsAuthWrap } from './tls-auth';
import { EARLY_NEG_START, TlsCryptWrap } from './tls-crypt';
import { parseTlsCryptV2ClientKey } from './tls-crypt-v2-key';

export function createControlWrap(
  wrap: TlsWrap,
  digest: string,
  nowSeconds?: number,
  replay?: ReplayPolicy,
): ControlWrap {
  switch (wrap.mode) {
    case 'none':
      return new NoControlWrap();
    case 'tls-auth':
      return new TlsAuthWrap({
        key: parseStaticKey(wrap.key),
        direction: wrap.keyDirection,
        digest,
        nowSeconds,
        replay,
      });
    case 'tls-crypt':
      return new TlsCryptWrap({ key: parseStaticKey(wrap.key), nowSeconds, replay });
    case 'tls-crypt-v2': {
      const { key, wrappedKey } = parseTlsCryptV2ClientKey(wrap.key);
      // Always signal early negotiation: 2.6 servers then need no per-client state (ssl.c
      // tls_session_init sets EARLY_NEG_START; mudp.c do_pre_decrypt_check reads it).
      return new TlsCryptWrap({
        key,
        wrappedClientKey: wrappedKey,
        packetIdStart: EARLY_NEG_START,
        nowSeconds,
        replay,
      });
    }
  }
}

/** The original key material that dynamic tls-crypt XORs into the exporter output. */
export function originalWrapKey(wrap: TlsWrap): Buffer | undefined {
  switch (wrap.mode) {
    case 'none':
      return undefined;
    case 'tls-auth':
    case 'tls-crypt':
      return parseStaticKey(wrap.key);
    case 'tls-crypt-v2':
      return parseTlsCryptV2ClientKey(wrap.key).key;
  }
}

export const DYNAMIC_TLS_CRYPT_LABEL = 'EXPORTER-OpenVPN-dynamic-tls-crypt';

/**
 * Dynamic tls-crypt (tls_crypt.c tls_session_generate_dynamic_tls_crypt_key): `ekm` =
 * exportKeyingMaterial(256, DYNAMIC_TLS_CRYPT_LABEL) of the key_id 0 TLS session. The result wraps
 * every control packet with key_id > 0; its own counter starts at 1 with the time of the soft
 * reset.
 */
export function createDynamicTlsCryptWrap(
  ekm: Buffer,
  wrap: TlsWrap,
  nowSeconds?: number,
  replay?: ReplayPolicy,
): TlsCryptWrap {
  if (ekm.length !== STATIC_KEY_BYTES) throw new RangeError('dynamic tls-crypt needs 256 bytes');
  const key = Buffer.from(ekm);
  const original = originalWrapKey(wrap);
  if (original) for (let i = 0; i < key.length; i++) key[i] = (key[i] ?? 0) ^ (original[i] ?? 0);
  return new TlsCryptWrap({ key, nowSeconds, replay });
}
