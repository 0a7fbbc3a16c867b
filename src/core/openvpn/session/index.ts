/** The engine's public face: the Electron app and the CLI use only these. */
export { createSession, redact } from './session';
export type { Session, SessionOptions } from './session';
export type { CredentialProvider, Credentials } from './credentials';
