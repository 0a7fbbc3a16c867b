/**
 * Credentials for `gangway connect`: from --auth-file (two lines: username, password) or asked
 * on the terminal (the password without echo). Static and dynamic challenges are asked too.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { CredentialRequest } from '../../shared/tunnel-state';
import type { CredentialProvider, Credentials } from '../../core/openvpn/session/credentials';
import { terminalSafe, writeText } from '../terminal';
import { UsageError } from '../usage-error';

export async function readAuthFile(file: string): Promise<{ username: string; password: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read --auth-file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
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

export function cliCredentialProvider(
  authFile: { username: string; password: string } | undefined,
): CredentialProvider {
  return {
    async request(request: CredentialRequest): Promise<Credentials | undefined> {
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
