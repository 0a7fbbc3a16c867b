import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type BrowserHandle } from '../support/browser';
import { buildAll, REPO, startDevHostIn, type DevHostProcess } from '../support/devhost-process';
import { startLab, type Lab } from '../support/openvpn-lab';
import { CHROMIUM, describeWith, OPENVPN } from '../support/prereqs';
import { issue, makeCa } from '../support/pki';
import { allScenarios } from '../support/ipsec-fixtures';
import { normalizeTencent } from '../../src/core/ipsec/tencent/normalize';
import { toSnapshot } from '../../src/core/ipsec/snapshot';

/**
 * The real renderer against the real dev host and engine, connecting to a stock OpenVPN 2.6
 * server: dev host and Chromium both run inside the lab's client namespace, so the page's
 * 127.0.0.1 is the namespace's loopback and the engine's tunnel is the namespace's tun.
 */

const ARTIFACTS = path.join(REPO, 'test/artifacts/e2e');
const USER = 'alice';
const PASSWORD = 'correct horse battery';
/** The profile asks a static challenge (an OTP); OpenVPN sends it as SCRV1:b64(pass):b64(otp). */
const CHALLENGE = 'Enter your one-time code';
const OTP = '428913';
const b64 = (text: string) => Buffer.from(text).toString('base64');

let lab: Lab;
let host: DevHostProcess;
let browser: BrowserHandle;
let page: Page;
/** Files the tests hand to the file picker; removed with the lab. */
let scratch: string;
const seenStages = new Set<string>();

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

function card(name: string) {
  return page.locator(`[data-testid="profile-card"][data-profile="${name}"]`);
}

async function goTo(screen: 'connection' | 'logs' | 'settings' | 'admin'): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await page.getByTestId(`screen-${screen}`).waitFor();
}

/** Records every stage text the card shows while connecting (the UI must say what it is doing). */
async function watchStages(name: string): Promise<void> {
  await page
    .exposeFunction('gwrStage', (text: string) => seenStages.add(text))
    .catch(() => undefined);
  await card(name).evaluate((el) => {
    const report = () => {
      const text = el.querySelector('[data-testid="profile-stage"]')?.textContent;
      if (text) (window as unknown as { gwrStage(t: string): void }).gwrStage(text);
    };
    new MutationObserver(report).observe(el, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

async function signIn(password: string): Promise<void> {
  const dialog = page.getByTestId('credentials-dialog');
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.getByLabel('Username', { exact: true }).fill(USER);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  // echo 1: the one-time code is shown while typed.
  const otp = dialog.getByLabel(CHALLENGE);
  expect(await otp.getAttribute('type')).toBe('text');
  await otp.fill(OTP);
  await page.screenshot({ path: path.join(ARTIFACTS, 'credentials-en.png') });
  await dialog.getByRole('button', { name: 'Sign in' }).click();
}

async function setLanguage(label: 'English' | '简体中文'): Promise<void> {
  await goTo('settings');
  await page.getByTestId('language-select').selectOption({ label });
}

describeWith({ root: true, programs: { ...CHROMIUM, ...OPENVPN } }, 'Gangway UI end to end', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    buildAll();
    lab = await startLab({
      prefix: 'gwr',
      credentials: { username: USER, password: `SCRV1:${b64(PASSWORD)}:${b64(OTP)}` },
      extraProfile: [`static-challenge "${CHALLENGE}" 1`],
    });
    scratch = mkdtempSync(path.join(tmpdir(), 'gwr-files-'));
    lab.cleanup.add(`remove ${scratch}`, () => rmSync(scratch, { recursive: true, force: true }));
    host = await startDevHostIn(lab.clientNs, lab.cleanup);
    browser = await launchChromium({ netns: lab.clientNs });
    const context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(host.url);
    await page.getByTestId('nav-connection').waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it('imports a profile through the file picker', async () => {
    await page.getByTestId('import-file').setInputFiles(lab.clientProfilePath);
    await expect.poll(() => card('client').count()).toBe(1);
    await expect(card('client').getByTestId('profile-server').textContent()).resolves.toContain(
      `${lab.addresses.serverUnderlay}:${lab.port}`,
    );
    await expect(card('client').textContent()).resolves.toContain(
      'Certificate and password, with one-time code',
    );
  });

  it('imports pasted profile text under the name typed', async () => {
    await page.getByRole('button', { name: 'Paste text' }).click();
    await page.getByTestId('paste-name').fill('pasted-lab');
    await page.getByTestId('paste-text').fill(lab.clientProfile);
    await page.getByTestId('paste-submit').click();
    await expect.poll(() => card('pasted-lab').count()).toBe(1);
    await shot('connection-profiles-en');
  });

  it('imports a file dropped on the drop zone, and renames it', async () => {
    await page.getByTestId('dropzone').evaluate((zone, text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.ovpn', { type: 'application/x-openvpn-profile' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true }));
    }, lab.clientProfile);
    await expect.poll(() => card('dropped').count()).toBe(1);
    await card('dropped').getByRole('button', { name: 'Rename' }).click();
    const field = card('dropped').getByLabel('New name for dropped');
    await field.fill('dropped-renamed');
    await field.press('Enter');
    await expect.poll(() => card('dropped-renamed').count()).toBe(1);
    expect(await card('dropped').count()).toBe(0);
  });

  it('flags a client certificate that expires within 30 days', async () => {
    const ca = makeCa('Gangway Soon CA');
    const soon = issue(ca, {
      commonName: 'soon',
      usage: 'client',
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 10.5 * 86_400_000),
    });
    const text = lab.clientProfile
      .replace(/<cert>[\s\S]*?<\/cert>/, `<cert>\n${soon.certPem.trim()}\n</cert>`)
      .replace(/<key>[\s\S]*?<\/key>/, `<key>\n${soon.keyPem.trim()}\n</key>`);
    const file = path.join(scratch, 'soon.ovpn');
    writeFileSync(file, text, { mode: 0o600 });
    await page.getByTestId('import-file').setInputFiles(file);
    const badge = card(path.basename(file, '.ovpn')).getByTestId('cert-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Certificate expires in 10 days');
    await shot('expiring-certificate-en');
    await card(path.basename(file, '.ovpn')).getByTestId('delete-profile').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  });

  it('warns on a profile that does not verify the server certificate', async () => {
    const file = path.join(scratch, 'unverified.ovpn');
    writeFileSync(file, lab.clientProfile.replace(/^remote-cert-tls server\n/m, ''), {
      mode: 0o600,
    });
    await page.getByTestId('import-file').setInputFiles(file);
    const notice = card('unverified').getByTestId('server-unverified');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Anyone holding a certificate from the same CA');
    expect(await card('client').getByTestId('server-unverified').count()).toBe(0);
    await card('unverified').getByTestId('delete-profile').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => card('unverified').count()).toBe(0);
  });

  it('shows the file and line of an import error', async () => {
    const broken = path.join(scratch, 'broken.ovpn');
    writeFileSync(broken, 'client\ndev tun\nremote 192.0.2.1 1194 udp\nfrobnicate yes\n');
    await page.getByTestId('import-file').setInputFiles(broken);
    const line = page.getByTestId('import-error-line');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^broken\.ovpn:4: /);
    await shot('import-error-en');
  });

  it('shows the reason and what to try when the password is wrong', async () => {
    await card('client').getByTestId('connect-toggle').click();
    await signIn('wrong password');
    const failure = card('client').getByTestId('failure');
    await expect
      .poll(
        async () =>
          `${await card('client').getAttribute('data-state')}: ${await card('client').textContent()}`,
        {
          timeout: 60_000,
        },
      )
      .toMatch(/^failed/);
    expect(await failure.textContent()).toContain('Sign-in failed');
    expect(await failure.textContent()).toContain('Check your username and password');
    expect(await card('client').getAttribute('data-state')).toBe('failed');
    await shot('wrong-password-en');
  });

  it('connects to the stock OpenVPN 2.6 server, naming each stage', async () => {
    await watchStages('client');
    await card('client').getByTestId('connect-toggle').click();
    await signIn(PASSWORD);
    await card('client').getByTestId('connected-view').waitFor({ timeout: 60_000 });
    expect(await card('client').getAttribute('data-state')).toBe('connected');
    expect(await card('client').getByTestId('assigned-address').textContent()).toMatch(
      /^10\.8\.0\.\d+\/24/,
    );
    expect(await card('client').getByTestId('connected-cipher').textContent()).toContain('GCM');
    // Stages that pass within one frame are never painted; the sign-in wait always is, and at
    // least one of the network stages around it.
    const stages = [...seenStages];
    expect(stages).toEqual(expect.arrayContaining(['Waiting for your sign-in', 'Connected']));
    const network = [
      'Resolving the server name',
      'Contacting the server',
      'TLS handshake',
      'Authenticating',
      'Getting configuration',
      'Setting up the network',
    ];
    expect(
      stages.filter((s) => network.includes(s)),
      stages.join(', '),
    ).not.toEqual([]);
    expect(await page.getByTestId('sidebar-status').textContent()).toContain('Connected: client');
  });

  it('shows counters and uptime that move while traffic flows', async () => {
    const view = card('client').getByTestId('connected-view');
    const before = {
      down: await view.getByTestId('bytes-in').textContent(),
      uptime: await view.getByTestId('uptime').textContent(),
    };
    // Traffic spread over a few seconds, so the graph has a shape and not a single spike.
    let answered = 0;
    for (let round = 0; round < 6; round++) {
      answered += (await lab.ping(lab.addresses.privateHost, { count: 10, timeoutMs: 1000 }))
        .length;
      await new Promise((r) => setTimeout(r, 700));
    }
    expect(answered).toBeGreaterThan(50);
    await expect
      .poll(() => view.getByTestId('bytes-in').textContent(), { timeout: 10_000 })
      .not.toBe(before.down);
    await expect.poll(() => view.getByTestId('uptime').textContent()).not.toBe(before.uptime);
    // The graph's summary names a non-zero rate once stats with traffic arrived.
    await expect
      .poll(() => view.getByTestId('throughput-graph').locator('svg').getAttribute('aria-label'))
      .not.toMatch(/down 0 bit\/s, up 0 bit\/s/);
    await shot('connected-en');
  });

  it('shows the session log with a working filter', async () => {
    await goTo('logs');
    const lines = page.getByTestId('log-lines').locator('li');
    await expect.poll(() => lines.count()).toBeGreaterThan(1);
    const total = await lines.count();
    const firstMessage = (await lines.first().locator('.log-msg').textContent()) ?? '';
    const word = firstMessage.split(' ')[0] ?? '';
    await page.getByTestId('log-filter').fill(word);
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    await page.getByTestId('log-filter').fill('zz-no-such-text-zz');
    await expect
      .poll(() => page.getByTestId('log-lines').textContent())
      .toContain('No log lines match.');
    await page.getByTestId('log-filter').fill('');
    await expect.poll(() => lines.count()).toBe(total);
    expect(await page.getByTestId('log-lines').textContent()).not.toContain(PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toContain(firstMessage);
    expect(readFileSync(saved, 'utf8')).not.toContain(PASSWORD);
    await shot('logs-en');
  });

  it('shows an IPsec snapshot: topology, tunnels, routes with roles, reachability, findings', async () => {
    const snapshot = path.join(host.home, 'scenarios.gwipsec.json');
    writeFileSync(snapshot, toSnapshot(normalizeTencent(allScenarios(), new Date().toISOString())));
    await goTo('admin');
    const form = page.getByTestId('source-form');
    const toggle = page.getByTestId('add-source-toggle');
    await toggle.waitFor();
    // With no sources yet the form opens by itself.
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await form.getByLabel('Source type').selectOption('snapshot');
    await form.getByLabel('Name').fill('lab scenarios');
    await form.getByLabel('Snapshot file path').fill(snapshot);
    await form.getByRole('button', { name: 'Add source' }).click();
    await page
      .getByTestId('topology')
      .waitFor()
      .catch(async (err: Error) => {
        await shot('admin-failed');
        throw new Error(
          `${err.message}\npage: ${await page.getByTestId('screen-admin').textContent()}`,
        );
      });
    // Scenario 5: one IDC behind two devices, primary and standby routes to the same network.
    await page.getByLabel('Gateway', { exact: true }).selectOption({ label: 'vpngw-s5-name' });
    const routes = page.getByTestId('route-table');
    await expect.poll(() => routes.textContent()).toContain('Standby');
    expect(await routes.textContent()).toContain('Active');
    expect(await page.getByTestId('topology').locator('.topo-link.standby').count()).toBe(1);
    await shot('admin-standby-en');
    // Scenario 2: three IDCs through one gateway; the matrix shows transit between them.
    await page.getByLabel('Gateway', { exact: true }).selectOption({ label: 'vpngw-s2-name' });
    await expect.poll(() => page.getByTestId('tunnel-table').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('reachability').textContent()).toContain('via');
    expect(await page.getByTestId('findings').textContent()).toContain('IDC1 and IDC2');
    expect(await page.getByTestId('findings').textContent()).toContain(
      'Sites reach each other through the gateway',
    );
    await shot('admin-en');
  });

  it('switches to Simplified Chinese live and back', async () => {
    await setLanguage('简体中文');
    try {
      await expect.poll(() => page.getByTestId('nav-connection').textContent()).toBe('连接');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await shot('settings-zh');
      await goTo('connection');
      await expect.poll(() => card('client').textContent()).toContain('已连接');
      await shot('connected-zh');
      await goTo('logs');
      await shot('logs-zh');
      await goTo('admin');
      await page.getByTestId('topology').waitFor();
      await page.locator('#gw-pick').selectOption('vpngw-s5');
      await page.getByTestId('route-table').getByText('备用').waitFor();
      await shot('admin-zh');
    } finally {
      await setLanguage('English');
    }
    await expect.poll(() => page.getByTestId('nav-connection').textContent()).toBe('Connection');
    await shot('settings-en');
  });

  it('disconnects', async () => {
    await goTo('connection');
    await card('client').getByTestId('connect-toggle').click();
    await expect
      .poll(() => card('client').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('disconnected');
    expect(await page.getByTestId('sidebar-status').textContent()).toContain('Not connected');
    const tun = await lab.exec('client', ['ip', '-o', 'link', 'show', 'type', 'tun']);
    expect(tun.stdout.trim()).toBe('');
  });

  it('deletes a profile only after confirmation', async () => {
    const dialog = page.getByTestId('confirm-dialog');
    await card('dropped-renamed').getByTestId('delete-profile').click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await card('dropped-renamed').count()).toBe(1);
    await card('dropped-renamed').getByTestId('delete-profile').click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => card('dropped-renamed').count()).toBe(0);
  });

  it('renders the main screens in dark mode', async () => {
    const dark = await browser.newContext({ dark: true });
    const main = page;
    try {
      page = await dark.newPage();
      await page.goto(host.url);
      await page.getByTestId('nav-connection').waitFor();
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
        'rgb(244, 246, 249)',
      );
      for (const screen of ['connection', 'logs', 'settings', 'admin'] as const) {
        await goTo(screen);
        await shot(`${screen}-dark-en`);
      }
    } finally {
      page = main;
      await dark.close();
    }
  });

  it('starts in Chinese on a Chinese system until a language is chosen', async () => {
    const zh = await browser.newContext({ locale: 'zh-CN' });
    try {
      const fresh = await zh.newPage();
      await fresh.goto(host.url);
      await expect.poll(() => fresh.getByTestId('nav-connection').textContent()).toBe('连接');
      expect(await fresh.getByRole('heading', { level: 1 }).textContent()).toBe('配置文件');
    } finally {
      await zh.close();
    }
  });

  // Last: it stops the dev host.
  it('says so when the connection to Gangway is lost', async () => {
    await host.stop();
    const banner = page.getByTestId('connection-lost');
    expect(await banner.textContent()).toContain('Connection to Gangway lost.');
    await shot('connection-lost-en');
  });
});
