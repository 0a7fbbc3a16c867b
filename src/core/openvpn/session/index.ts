/**
 * The engine's public face: the Electron app and the CLI use only these.
 *
 *   const session = createSession({ profile, tun: new LinuxHelperTunProvider(), credentials });
 *   const off = session.on((e) => {
 *     // e.type === 'state': e.state is a TunnelState (src/shared/tunnel-state.ts)
 *     // e.type === 'stats': once a second while connected (bytes, packets, rates, drops)
 *     // e.type === 'log':   redacted text (no keys, passwords or tokens)
 *   });
 *   await session.connect();    // resolves at the first connected / failed / disconnected
 *   await session.disconnect(); // exit-notify, TUN and system settings restored
 *
 * `credentials.request(CredentialRequest)` is called for username/password (with the static
 * challenge, if any) and for a CRV1 dynamic challenge; resolve undefined to cancel. After a
 * `connected` state the session keeps itself up (renegotiation, reconnects with the in-memory
 * auth-token) until disconnect() or a `failed` state.
 */
export { createSession } from './session';
export { redact } from '../../redact';
export type { Session, SessionOptions } from './session';
export type { CredentialProvider, Credentials } from './credentials';
