/** Key-method-2 messages for the session's profile and current login (ssl.c key_method_2_write). */
import type { Profile } from '../../config/profile';
import { buildClientKeyMethod2, type ClientKeySource } from '../handshake/key-method2';
import { buildOptionsString } from '../handshake/options-string';
import { buildPeerInfo } from '../handshake/peer-info';
import type { LoginState } from './credentials';

/**
 * We answer INFO_PRE,CR_TEXT challenges with CR_RESPONSE (push.c server_pushed_info), so the
 * server may send them.
 */
const PENDING_AUTH_PEER_INFO = { IV_SSO: 'crtext' } as const;

export function keyMethod2Builder(
  profile: Profile,
  login: LoginState,
  proto: 'udp' | 'tcp',
  family: 4 | 6,
): () => { message: Buffer; keySource: ClientKeySource } {
  const options = buildOptionsString({
    proto,
    family,
    tunMtu: profile.tunMtu,
    ...(profile.dataCiphersFallback ? { cipher: profile.dataCiphersFallback } : {}),
    dataCiphers: profile.dataCiphers,
    digest: profile.digest,
    compression: profile.compression !== 'none' || profile.compLzo,
    tlsAuth: profile.tlsWrap.mode === 'tls-auth',
    ...(profile.tlsWrap.mode === 'tls-auth' ? { keyDirection: profile.tlsWrap.keyDirection } : {}),
  });
  const peerInfo = buildPeerInfo({
    ciphers: profile.dataCiphers,
    tunMtu: profile.tunMtu,
    guiVersion: 'Gangway 0.1.0',
    dynamicTlsCrypt: true,
    extras: { ...PENDING_AUTH_PEER_INFO, ...profile.peerInfoExtras },
  });
  return () => {
    const creds = login.current();
    return buildClientKeyMethod2({
      options,
      peerInfo,
      ...(creds ? { username: creds.username, password: creds.password } : {}),
    });
  };
}
