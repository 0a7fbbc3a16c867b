/**
 * Credentials for `gangway connect`: from --auth-file (two lines: username, password) or asked
 * on the terminal (the password without echo). Static and dynamic challenges are asked too, and
 * the passphrase of an encrypted key (from --key-password-file, or asked without echo).
 */
import { createInterface } from 'node:readline';
import type { CredentialRequest } from '../../shared/tunnel-state';
import type { CredentialProvider, Credentials } from '../../core/openvpn/session/credentials';
import { MAX_PASSWORD_FILE_BYTES, readRegularFile } from '../../core/regular-file';
import { terminalSafe, writeText } from '../terminal';
import { UsageError } from '../usage-error';

export async function readAuthFile(file: string): Promise<{ username: string; password: string }> {
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_PASSWORD_FILE_BYTES)).toString('utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read --auth-file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const [username = '', password = ''] = text.split(/\r?\n/);
  if (!username) throw new UsageError(`--auth-file ${file}: the first line must be the username`);
  return { username, password };
}

function ask(question: string, echo: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput?: (s: string) => void };
    // Challenge texts come from the server: shown as one line, control characters escaped.
    rl.question(terminalSafe(question, 'one'), (answer) => {
      rl.close();
      if (!echo) writeText('stderr', '\n');
      resolve(answer);
    });
    if (!echo) output._writeToOutput = () => undefined;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new UsageError('cancelled'));
    });
  });
}

/** The first line of --key-password-file; the file itself is never stored. */
export async function readKeyPasswordFile(file: string): Promise<string> {
  try {
    return (
      (await readRegularFile(file, MAX_PASSWORD_FILE_BYTES)).toString('utf8').split(/\r?\n/)[0] ??
      ''
    );
  } catch (err) {
    throw new UsageError(
      `cannot read --key-password-file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export function cliCredentialProvider(
  authFile: { username: string; password: string } | undefined,
  keyPassphrase?: string,
): CredentialProvider {
  return {
    async request(request: CredentialRequest): Promise<Credentials | undefined> {
      if (request.kind === 'key-passphrase') {
        if (keyPassphrase !== undefined) return { username: '', password: keyPassphrase };
        if (!process.stdin.isTTY) return undefined;
        const what = request.source === 'pkcs12' ? 'PKCS#12 password' : 'Private key passphrase';
        return { username: '', password: await ask(`${what}: `, false) };
      }
      if (request.kind === 'user-pass') {
        if (authFile && !request.staticChallenge) return authFile;
        if (!process.stdin.isTTY) return authFile;
        const username = authFile?.username ?? request.username ?? (await ask('Username: ', true));
        const password = authFile?.password ?? (await ask('Password: ', false));
        const sc = request.staticChallenge;
        const response = sc ? await ask(`${sc.text}: `, sc.echo) : undefined;
        return { username, password, ...(response !== undefined ? { response } : {}) };
      }
      if (!process.stdin.isTTY) return undefined;
      const response = await ask(`${request.text}: `, request.echo);
      return { username: request.username, password: '', response };
    },
  };
}
