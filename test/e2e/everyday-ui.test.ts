import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { launchChromium, type BrowserHandle } from '../support/browser';
import { buildAll, REPO, startDevHostIn, type DevHostProcess } from '../support/devhost-process';
import { allScenarios } from '../support/ipsec-fixtures';
import { LAB_ADDRESSES, startLab, type Lab } from '../support/openvpn-lab';
import { CHROMIUM, describeWith, OPENVPN } from '../support/prereqs';
import { normalizeTencent } from '../../src/core/ipsec/tencent/normalize';
import { toSnapshot } from '../../src/core/ipsec/snapshot';

/**
 * The everyday flows of issue 16 against the real dev host and a stock OpenVPN 2.6 server:
 * re-import, sign-in cancel, saved passwords, connect feedback, profile details, focus, and
 * axe-core (WCAG 2.1 AA) on every screen, light and dark, with zero violations.
 */

const ARTIFACTS = path.join(REPO, 'test/artifacts/e2e');
const USER = 'bob';
const PASSWORD = 'tr0ub4dor&3';

let lab: Lab;
let host: DevHostProcess;
let browser: BrowserHandle;
let page: Page;
let scratch: string;
/** HTTP errors and console errors seen by any page of the run (the favicon 404 was one). */
const pageProblems: string[] = [];

function card(name: string) {
  return page.locator(`[data-testid="profile-card"][data-profile="${name}"]`);
}

async function goTo(screen: 'connection' | 'logs' | 'settings' | 'admin'): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await page.getByTestId(`screen-${screen}`).waitFor();
}

async function expectNoAxeViolations(where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

async function importText(name: string, text: string): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Paste text' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId('paste-name').fill(name);
  await page.getByTestId('paste-text').fill(text);
  await page.getByTestId('paste-submit').click();
}

async function signIn(opts: { remember?: boolean } = {}): Promise<void> {
  const dialog = page.getByTestId('credentials-dialog');
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.getByLabel('Username', { exact: true }).fill(USER);
  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
  if (opts.remember) await dialog.getByLabel('Remember password on this computer').check();
  await dialog.getByRole('button', { name: 'Sign in' }).click();
}

function watch(p: Page): void {
  p.on('response', (res) => {
    if (res.status() >= 400) pageProblems.push(`${res.status()} ${res.url()}`);
  });
  p.on('console', (msg) => {
    if (msg.type() === 'error') pageProblems.push(`console: ${msg.text()}`);
  });
}

describeWith(
  { root: true, programs: { ...CHROMIUM, ...OPENVPN } },
  'Gangway everyday flows',
  () => {
    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      buildAll();
      lab = await startLab({
        prefix: 'gwf',
        credentials: { username: USER, password: PASSWORD },
        // The profile offers GCM first but the server only does CBC: the card must show
        // what was negotiated once connected, not the first cipher offered.
        dataCiphers: ['AES-128-CBC'],
        extraProfile: ['cipher AES-128-CBC'],
      });
      scratch = mkdtempSync(path.join(tmpdir(), 'gwf-files-'));
      lab.cleanup.add(`remove ${scratch}`, () => rmSync(scratch, { recursive: true, force: true }));
      host = await startDevHostIn(lab.clientNs, lab.cleanup);
      browser = await launchChromium({ netns: lab.clientNs });
      const context = await browser.newContext({ locale: 'en-US' });
      page = await context.newPage();
      watch(page);
      page.setDefaultTimeout(20_000);
      await page.goto(host.url);
      await page.getByTestId('nav-connection').waitFor();
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await lab?.stop();
    });

    it('has no accessibility violations on the empty connection screen', async () => {
      await page.getByTestId('no-profiles').waitFor();
      await expectNoAxeViolations('empty connection screen');
    });

    it('re-importing offers another name or Replace, with no CLI flag in sight', async () => {
      await page.getByTestId('import-file').setInputFiles(lab.clientProfilePath);
      await expect.poll(() => card('client').count()).toBe(1);

      await page.getByTestId('import-file').setInputFiles(lab.clientProfilePath);
      const dialog = page.getByTestId('profile-exists-dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).not.toContain('--name');
      await expectNoAxeViolations('profile exists dialog');
      await dialog.getByLabel('Another name').fill('client-copy');
      await dialog.getByRole('button', { name: 'Import under this name' }).click();
      await expect.poll(() => card('client-copy').count()).toBe(1);

      await page.getByTestId('import-file').setInputFiles(lab.clientProfilePath);
      await dialog.getByRole('button', { name: 'Replace' }).click();
      await expect
        .poll(() => page.getByTestId('import-done').textContent())
        .toBe('Replaced “client”.');
      expect(await page.locator('[data-testid="profile-card"]').count()).toBe(2);
    });

    it('imports a dropped .ovpn that names a separate ca.crt, by path as the desktop app does', async () => {
      const dir = path.join(scratch, 'split');
      mkdirSync(dir);
      const ca = /<ca>\n?([\s\S]*?)<\/ca>/.exec(lab.clientProfile)?.[1] ?? '';
      expect(ca).toContain('BEGIN CERTIFICATE');
      writeFileSync(path.join(dir, 'ca.crt'), ca, { mode: 0o600 });
      const config = lab.clientProfile.replace(/<ca>[\s\S]*?<\/ca>/, 'ca ca.crt');
      writeFileSync(path.join(dir, 'split.ovpn'), config, { mode: 0o600 });
      // What the Electron preload provides (webUtils.getPathForFile); the dev host then reads
      // the path with its sibling files, exactly as main does in the desktop app.
      await page.evaluate((folder) => {
        (window as unknown as { gangwayFiles: unknown }).gangwayFiles = {
          pathForFile: (file: File) => `${folder}/${file.name}`,
        };
      }, dir);
      try {
        await page.getByTestId('dropzone').evaluate((zone, text) => {
          const data = new DataTransfer();
          data.items.add(new File([text], 'split.ovpn'));
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true }));
        }, config);
        await expect.poll(() => card('split').count()).toBe(1);
      } finally {
        await page.evaluate(() => {
          delete (window as unknown as { gangwayFiles?: unknown }).gangwayFiles;
        });
      }
      await card('split').getByTestId('delete-profile').click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => card('split').count()).toBe(0);
    });

    it('Cancel in the sign-in dialog returns to disconnected quietly, focus back on the switch', async () => {
      const toggle = card('client').getByTestId('connect-toggle');
      await toggle.click();
      const dialog = page.getByTestId('credentials-dialog');
      await dialog.waitFor({ timeout: 30_000 });
      await expectNoAxeViolations('sign-in dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(() => card('client').getAttribute('data-state'), { timeout: 20_000 })
        .toBe('disconnected');
      expect(await card('client').getByTestId('failure').count()).toBe(0);
      expect(await card('client').textContent()).not.toContain('Sign-in failed');
      expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    });

    it('remembers the password, says so, and shows the negotiated cipher', async () => {
      expect(await card('client').getByTestId('profile-cipher').textContent()).toContain(
        'AES-256-GCM, AES-128-GCM',
      );
      await card('client').getByTestId('connect-toggle').click();
      await signIn({ remember: true });
      await card('client').getByTestId('connected-view').waitFor({ timeout: 60_000 });
      await card('client').getByTestId('password-saved').waitFor();
      expect(await card('client').getByTestId('profile-cipher').textContent()).toBe(
        'AES-128-CBC / SHA1',
      );
      expect(await card('client').getByTestId('connected-cipher').textContent()).toBe(
        'AES-128-CBC / SHA1',
      );
      await expectNoAxeViolations('connected card');
    });

    it('shows the profile details, then returns focus to the button that opened them', async () => {
      const open = card('client').getByTestId('profile-details-open');
      await open.click();
      const details = page.getByTestId('profile-details');
      await details.waitFor();
      expect(await details.getByTestId('details-cipher-in-use').textContent()).toBe(
        'AES-128-CBC / SHA1',
      );
      expect(await details.getByTestId('details-ciphers').textContent()).toContain('AES-128-CBC');
      expect(await details.getByTestId('details-tls-wrap').textContent()).toBe('tls-crypt');
      expect(await details.getByTestId('details-remotes').textContent()).toContain(
        `${LAB_ADDRESSES.serverUnderlay}:${lab.port} UDP`,
      );
      const fingerprints = await details.getByTestId('details-fingerprint').allTextContents();
      expect(fingerprints.length).toBeGreaterThanOrEqual(2);
      for (const f of fingerprints) expect(f).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      await expectNoAxeViolations('profile details');
      await page.screenshot({ path: path.join(ARTIFACTS, 'profile-details-en.png') });
      await details.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => details.count()).toBe(0);
      expect(await open.evaluate((el) => el === document.activeElement)).toBe(true);
    });

    it('shows every connecting profile in the sidebar, with remote, attempt and time spent', async () => {
      // Two remotes that never answer (no such host on the lab's link): the card must show
      // which one is tried, that the second is a new attempt, and the time spent.
      const dead = lab.clientProfile
        .replace(/^remote .*$/m, 'remote 198.51.100.97 1194\nremote 198.51.100.98 1194')
        .concat('\nserver-poll-timeout 3\n');
      await importText('unreachable', dead);
      await expect.poll(() => card('unreachable').count()).toBe(1);
      await card('unreachable').getByTestId('connect-toggle').click();
      await signIn();
      const detail = card('unreachable').getByTestId('stage-detail');
      await expect
        .poll(() => detail.textContent(), { timeout: 10_000 })
        .toContain('Trying 198.51.100.97:1194 UDP (server 1 of 2)');
      const lines = page.getByTestId('sidebar-status-line');
      await expect
        .poll(() => lines.allTextContents())
        .toEqual(['Connected: client', expect.stringMatching(/^unreachable: /)]);
      await expect.poll(() => detail.textContent(), { timeout: 15_000 }).toContain('Attempt 2');
      expect(await detail.textContent()).toContain('(server 2 of 2)');
      expect(await detail.getByTestId('stage-elapsed').textContent()).toMatch(
        /^0:00:(0[3-9]|[1-5]\d) so far$/,
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'connecting-attempts-en.png') });
      await card('unreachable').getByTestId('connect-toggle').click();
      await expect
        .poll(() => card('unreachable').getAttribute('data-state'), { timeout: 20_000 })
        .toBe('disconnected');
    });

    it('says "refused" at once when the UDP port is closed', async () => {
      const refused = lab.clientProfile.replace(
        /^remote .*$/m,
        `remote ${LAB_ADDRESSES.serverUnderlay} 9`,
      );
      await importText('refused', refused);
      await expect.poll(() => card('refused').count()).toBe(1);
      const started = Date.now();
      await card('refused').getByTestId('connect-toggle').click();
      await signIn();
      await expect
        .poll(() => card('refused').getAttribute('data-state'), { timeout: 15_000 })
        .toBe('failed');
      expect(Date.now() - started).toBeLessThan(15_000);
      const failure = await card('refused').getByTestId('failure').textContent();
      expect(failure).toContain('The server refused the connection');
      expect(failure).not.toContain('internet connection');
    });

    it('disconnects, then forgets the saved password on request', async () => {
      await card('client').getByTestId('connect-toggle').click();
      await expect
        .poll(() => card('client').getAttribute('data-state'), { timeout: 30_000 })
        .toBe('disconnected');
      await card('client').getByTestId('forget-password').click();
      await card('client').getByTestId('password-forgotten').waitFor();
      expect(await card('client').getByTestId('password-saved').count()).toBe(0);
      expect(await card('client').getByTestId('forget-password').count()).toBe(0);
    });

    it('has no accessibility violations on any screen, light and dark', async () => {
      const snapshot = path.join(host.home, 'scenarios.gwipsec.json');
      writeFileSync(
        snapshot,
        toSnapshot(normalizeTencent(allScenarios(), new Date().toISOString())),
      );
      await goTo('admin');
      const toggle = page.getByTestId('add-source-toggle');
      await toggle.waitFor();
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      const form = page.getByTestId('source-form');
      await form.getByLabel('Source type').selectOption('snapshot');
      await form.getByLabel('Name').fill('lab scenarios');
      await form.getByLabel('Snapshot file path').fill(snapshot);
      await form.getByRole('button', { name: 'Add source' }).click();
      await page.getByTestId('topology').waitFor();

      const main = page;
      for (const dark of [false, true]) {
        const context = await browser.newContext({ dark });
        try {
          page = await context.newPage();
          watch(page);
          await page.goto(host.url);
          await page.getByTestId('nav-connection').waitFor();
          for (const screen of ['connection', 'logs', 'settings', 'admin'] as const) {
            await goTo(screen);
            if (screen === 'connection') await card('client').waitFor();
            if (screen === 'admin') await page.getByTestId('topology').waitFor();
            await expectNoAxeViolations(`${screen} (${dark ? 'dark' : 'light'})`);
          }
        } finally {
          page = main;
          await context.close();
        }
      }
    });

    it('shows the new connection screen parts in Simplified Chinese', async () => {
      await goTo('settings');
      await page.getByTestId('language-select').selectOption({ label: '简体中文' });
      try {
        await goTo('connection');
        await expect
          .poll(() => page.getByTestId('multiple-note').textContent())
          .toContain('可以同时连接多个配置文件');
        await card('client').getByTestId('profile-details-open').click();
        const details = page.getByTestId('profile-details');
        expect(await details.getByRole('heading', { level: 2 }).textContent()).toBe(
          '配置文件“client”',
        );
        expect(await details.getByTestId('details-cipher-in-use').textContent()).toBe('连接后显示');
        await expectNoAxeViolations('profile details (zh-CN)');
        await page.screenshot({ path: path.join(ARTIFACTS, 'profile-details-zh.png') });
        await details.getByRole('button', { name: '关闭' }).click();
      } finally {
        await goTo('settings');
        await page.getByTestId('language-select').selectOption({ label: 'English' });
      }
    });

    it('saw no failed request (favicon included) and no console error', () => {
      expect(pageProblems).toEqual([]);
    });
  },
);
