// Renders assets/icon.svg and assets/tray/tray.svg to the PNGs the app and the packages use,
// with Debian's Chromium through playwright-core (no network, throwaway profile).
// Run: node scripts/render-icons.mjs   (commit the PNGs it writes)
import { chromium } from 'playwright-core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRAY_BADGES } from './tray-badges.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
// Linux panels use 22 px (44 px on hi-DPI; Electron picks @2x), Windows 16 px.
const TRAY_SIZES = [
  [22, ''],
  [44, '@2x'],
  [16, '-16'],
];

async function render(page, svg, size) {
  const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

async function main() {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'gangway-icons-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
    viewport: { width: 512, height: 512 },
    deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const icon = await readFile(path.join(root, 'assets/icon.svg'), 'utf8');
    for (const size of APP_SIZES) {
      await writeFile(
        path.join(root, `assets/icons/${size}x${size}.png`),
        await render(page, icon, size),
      );
    }
    await writeFile(path.join(root, 'assets/icon.png'), await render(page, icon, 512));
    const tray = await readFile(path.join(root, 'assets/tray/tray.svg'), 'utf8');
    for (const [state, badge] of Object.entries(TRAY_BADGES)) {
      const svg = tray.replace('<!--BADGE-->', badge);
      for (const [size, suffix] of TRAY_SIZES) {
        await writeFile(
          path.join(root, `assets/tray/tray-${state}${suffix}.png`),
          await render(page, svg, size),
        );
      }
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`render-icons: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
