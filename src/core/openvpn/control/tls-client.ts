/**
 * node:tls over the control channel of one key_id, configured from the profile: the profile's
 * CA only, client certificate and key, tls-version-min/max, tls-cipher(suites), tls-groups, and
 * OpenVPN's own server checks instead of hostname verification. Errors are mapped to the
 * FailureCode a user can act on.
 */
import {
  connect,
  createSecureContext,
  TLSSocket,
  type PeerCertificate,
  type SecureContext,
  type SecureVersion,
} from 'node:tls';
import type { Profile } from '../../config/profile';
import { GangwayError } from '../../errors';
import { ControlDuplex } from './tls-duplex';
import { checkServerCertificate } from './tls-verify';

export type TlsProfile = Pick<
  Profile,
  | 'ca'
  | 'cert'
  | 'key'
  | 'pkcs12'
  | 'extraCerts'
  | 'remoteCertTls'
  | 'remoteCertKu'
  | 'remoteCertEku'
  | 'verifyX509Name'
  | 'tlsVersionMin'
  | 'tlsVersionMax'
  | 'tlsCipher'
  | 'tlsCiphersuites'
  | 'tlsGroups'
>;

const DEFAULT_TLS13_SUITES =
  'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

function tlsVersion(v: string | undefined): SecureVersion | undefined {
  if (!v) return undefined;
  const n = v.replace(/\s+or-highest$/, '');
  if (n === '1.3') return 'TLSv1.3';
  if (n === '1.2') return 'TLSv1.2';
  if (n === '1.1') return 'TLSv1.1';
  if (n === '1.0') return 'TLSv1';
  return undefined;
}

export interface ControlTls {
  socket: TLSSocket;
  duplex: ControlDuplex;
}

function secureContextOf(profile: TlsProfile): SecureContext {
  let ciphers: string | undefined;
  if (profile.tlsCipher || profile.tlsCiphersuites) {
    ciphers = [profile.tlsCiphersuites ?? DEFAULT_TLS13_SUITES, profile.tlsCipher]
      .filter(Boolean)
      .join(':');
  }
  const maxVersion = tlsVersion(profile.tlsVersionMax);
  return createSecureContext({
    ca: profile.ca,
    ...(profile.cert
      ? { cert: [profile.cert, profile.extraCerts].filter(Boolean).join('\n') }
      : {}),
    ...(profile.key ? { key: profile.key } : {}),
    ...(profile.pkcs12 ? { pfx: Buffer.from(profile.pkcs12, 'base64') } : {}),
    minVersion: tlsVersion(profile.tlsVersionMin) ?? 'TLSv1.2',
    ...(maxVersion ? { maxVersion } : {}),
    ...(ciphers ? { ciphers } : {}),
    ...(profile.tlsGroups ? { ecdhCurve: profile.tlsGroups } : {}),
  });
}

/** One context per profile: renegotiations and reconnects reuse the parsed keys and CA. */
const contexts = new WeakMap<TlsProfile, SecureContext>();

/**
 * Parses the CA, certificate and key ahead of the handshake, as OpenVPN does before its first
 * packet, so that none of it sits between the server's reset and our ClientHello. A profile
 * that cannot be loaded is left for startControlTls to report.
 */
export function prepareControlTls(profile: TlsProfile): void {
  if (contexts.has(profile)) return;
  try {
    contexts.set(profile, secureContextOf(profile));
  } catch {
    // startControlTls throws the same error where the handshake reports it.
  }
}

/** Starts the TLS client handshake; the ClientHello goes to `write` synchronously. */
export function startControlTls(profile: TlsProfile, write: (data: Buffer) => void): ControlTls {
  const duplex = new ControlDuplex(write);
  let secureContext = contexts.get(profile);
  if (!secureContext) {
    secureContext = secureContextOf(profile);
    contexts.set(profile, secureContext);
  }
  const socket = connect({
    socket: duplex,
    secureContext,
    rejectUnauthorized: true,
    // OpenVPN never checks the hostname; it checks EKU and verify-x509-name instead.
    checkServerIdentity: (_host, cert) => checkServerCertificate(profile, cert),
  });
  leafOnlyPeerCertificate(socket);
  return { socket, duplex };
}

/**
 * node calls getPeerCertificate(true) on every new handshake only to hand the result to
 * checkServerIdentity, and that builds the whole chain as JS objects, three fingerprints
 * each: about 0.3 ms, spent before node sends our certificate and Finished. OpenVPN's checks
 * (and ours) look at the leaf alone, which node builds in about a third of the time.
 */
function leafOnlyPeerCertificate(socket: TLSSocket): void {
  const leafOnly = (): PeerCertificate =>
    TLSSocket.prototype.getPeerCertificate.call(socket, false);
  Object.defineProperty(socket, 'getPeerCertificate', { value: leafOnly });
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/** Turns a node:tls error into a GangwayError with a FailureCode and advice. */
export function describeTlsError(err: unknown): GangwayError {
  if (err instanceof GangwayError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const text = e.message ?? String(err);
  if (UNTRUSTED.has(code)) {
    return new GangwayError(
      'server-cert-untrusted',
      "server certificate is not signed by the profile's CA",
      'The profile may be outdated or the server is not the one you expect; re-import the profile from your VPN administrator.',
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new GangwayError(
      'server-cert-expired',
      code === 'CERT_HAS_EXPIRED'
        ? 'server certificate has expired'
        : 'server certificate is not yet valid',
      'Check the system clock; otherwise tell the VPN administrator.',
    );
  }
  if (/ALERT_CERTIFICATE_EXPIRED/.test(code) || /certificate expired/i.test(text)) {
    return new GangwayError(
      'client-cert-expired',
      'server rejected our client certificate: it has expired',
      'Ask your VPN administrator for a new profile or certificate.',
    );
  }
  if (
    /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_REQUIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)/.test(
      code,
    )
  ) {
    return new GangwayError(
      'client-cert-rejected',
      `server rejected our client certificate (${text})`,
      'The certificate may be revoked, expired or from another CA; re-import the profile.',
    );
  }
  return new GangwayError(
    'tls-failed',
    `TLS handshake failed: ${text}`,
    'Check that the profile matches the server (tls-version-min, tls-cipher).',
  );
}
