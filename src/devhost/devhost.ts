/**
 * `npm run dev:web`: the real renderer in a browser, against the real main-side services.
 * stdout carries exactly one line, the URL to open; everything else goes to stderr.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir } from '../core/config';
import { startDevHost } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));

function portFromEnv(): number {
  const raw = process.env.PORT ?? '0';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`devhost: PORT must be 0..65535, got "${raw}"\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const host = await startDevHost({
    port: portFromEnv(),
    dataDir: dataDir(),
    rendererDir: path.resolve(here, '../renderer'),
    workerScript: path.resolve(here, '../main/session-worker.cjs'),
    version: process.env.npm_package_version ?? '0.0.0-dev',
    logError: (what, err) =>
      process.stderr.write(
        `devhost: ${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      ),
  });
  process.stdout.write(`${host.url}\n`);
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void host.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`devhost: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
