/**
 * What the session needs from the user, through an injected async provider (the CLI prompts,
 * the Electron app shows a dialog), and the login secrets kept in memory only: the password
 * (unless auth-nocache), the server's auth-token, a pending CRV1 challenge state.
 */
import type { CredentialRequest } from '../../../shared/tunnel-state';
import type { Profile } from '../../config/profile';
import { crv1Password, staticChallengePassword } from '../push/control-message';

export interface Credentials {
  username: string;
  password: string;
  /** Answer to a static challenge or a CRV1 dynamic challenge. */
  response?: string;
}

export interface CredentialProvider {
  /** Resolves undefined when the user cancels. */
  request(request: CredentialRequest): Promise<Credentials | undefined>;
}

export class LoginState {
  private credentials: Credentials | undefined;
  private authToken: string | undefined;
  private tokenUser: string | undefined;
  private crv1: { stateId: string; username: string; response: string } | undefined;

  constructor(private readonly profile: Profile) {}

  get needsCredentials(): boolean {
    return this.profile.authUserPass;
  }

  get hasToken(): boolean {
    return this.authToken !== undefined;
  }

  get hasCredentials(): boolean {
    return (
      this.credentials !== undefined || this.authToken !== undefined || this.crv1 !== undefined
    );
  }

  setCredentials(c: Credentials): void {
    this.credentials = c;
  }

  setToken(token: string): void {
    this.authToken = token;
  }

  /** `auth-token-user`, already decoded from base64 by the push parser. */
  setTokenUser(username: string): void {
    this.tokenUser = username;
  }

  dropToken(): void {
    this.authToken = undefined;
    this.tokenUser = undefined;
  }

  setChallengeAnswer(stateId: string, username: string, response: string): void {
    this.crv1 = { stateId, username, response };
  }

  /** Forget what must not outlive one login (auth-nocache, a used CRV1 answer). */
  afterLogin(): void {
    this.crv1 = undefined;
    if (this.profile.authNoCache && this.credentials) this.credentials = undefined;
  }

  /** Username/password for the key-method-2 message, or undefined without auth-user-pass. */
  current(): { username: string; password: string } | undefined {
    if (!this.profile.authUserPass) return undefined;
    if (this.crv1) {
      return {
        username: this.crv1.username,
        password: crv1Password(this.crv1.stateId, this.crv1.response),
      };
    }
    const c = this.credentials;
    if (this.authToken !== undefined) {
      return { username: this.tokenUser ?? c?.username ?? '', password: this.authToken };
    }
    if (!c) return undefined;
    if (this.profile.staticChallenge) {
      return {
        username: c.username,
        password: staticChallengePassword(c.password, c.response ?? ''),
      };
    }
    return { username: c.username, password: c.password };
  }
}
