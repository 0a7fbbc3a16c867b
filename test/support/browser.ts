import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download). With `netns`, Chromium is
 * started inside that network namespace through a wrapper script, so 127.0.0.1 in the page
 * is the namespace's loopback, where the dev host listens.
 */
export const CHROMIUM_BIN = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserHandle {
  browser: Browser;
  /** A fresh context per theme; `locale` sets navigator.language. */
  newContext(opts?: { dark?: boolean; locale?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchChromium(opts: { netns?: string } = {}): Promise<BrowserHandle> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwr-chromium-'));
  let executablePath = CHROMIUM_BIN;
  if (opts.netns) {
    executablePath = path.join(dir, 'chromium-in-netns.sh');
    // The namespace name comes from our own test code; still, quote it for the shell.
    const ns = opts.netns.replace(/'/g, '');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec '${ns}' ${CHROMIUM_BIN} "$@"\n`);
    chmodSync(executablePath, 0o700);
  }
  // launch() always starts Chromium with a fresh temporary --user-data-dir of its own (it
  // refuses one in args), removed on close: no state leaks between runs.
  const browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 });
  return {
    browser,
    newContext: (o = {}) =>
      browser.newContext({
        viewport: { width: 1280, height: 860 },
        colorScheme: o.dark ? 'dark' : 'light',
        locale: o.locale ?? 'en-US',
        acceptDownloads: true,
      }),
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
