/**
 * The tls-crypt-v2 client key file: PEM-style base64 of Kc (256 bytes, static-key layout)
 * followed by WKc, the server-wrapped copy of Kc that the client sends opaquely. WKc's last
 * two bytes are its own total length (OpenVPN's doc/tls-crypt-v2.txt).
 */
import { readTlsCryptV2ClientKey, type TlsCryptV2ClientKeyParts } from '../../config/keyfiles';
import { GangwayError } from '../../errors';

export type TlsCryptV2ClientKey = TlsCryptV2ClientKeyParts;

function keyError(message: string): GangwayError {
  return new GangwayError(
    'config-invalid',
    `Invalid tls-crypt-v2 client key: ${message}`,
    'Ask the VPN administrator for a fresh client key ("openvpn --genkey tls-crypt-v2-client").',
  );
}

/** The same check the importer makes (config/keyfiles.ts), as an error for the session. */
export function parseTlsCryptV2ClientKey(text: string): TlsCryptV2ClientKey {
  const parts = readTlsCryptV2ClientKey(text);
  if ('problem' in parts) throw keyError(parts.problem);
  return parts;
}
