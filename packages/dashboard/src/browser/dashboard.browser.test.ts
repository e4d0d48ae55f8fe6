import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath } from '@apikeyrouter/testkit/browser';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard, type Dashboard } from '../create-dashboard.js';
import { CANARY, dashboardRouter, traffic } from '../dashboard.test-helpers.js';
import { toNodeListener } from '../http/node-listener.js';

const images = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));
const TIMEOUT = { timeout: 10_000 };

let server: Server;
let dash: Dashboard;
let browser: BrowserContext;
let profile: string;
let fixture: Awaited<ReturnType<typeof dashboardRouter>>;
let base: string;

beforeAll(async () => {
  const executablePath = chromiumPath();
  fixture = await dashboardRouter();
  dash = createDashboard({ router: fixture.router, spendTags: ['virtualKey:ci'] });
  await traffic(fixture.router, 8, 20 * 60_000); // over two and a half hours of router time
  server = createServer(toNodeListener(dash.handle));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'akr-dashboard-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1366, height: 900 },
    timeout: 20_000,
  });
  // Fail a step with Playwright's own message well before the test's timeout.
  browser.setDefaultTimeout(8_000);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  dash?.close();
  server?.closeAllConnections();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('dashboard in headless Chromium', () => {
  it('renders keys and budgets, follows a key change live, and explains a decision', async () => {
    const { router, keys } = fixture;
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });
    await page.goto(`${base}/dashboard/`);
    await page.waitForSelector('#connection.live', TIMEOUT);
    const backupRow = `tr[data-key-id="${keys.backup?.id}"]`;
    await page.waitForSelector(`${backupRow}[data-state="available"]`, TIMEOUT);
    expect(await page.locator('#key-table tbody tr[data-key-id]').count()).toBe(2);
    expect(await page.locator(`tr[data-key-id="${keys.primary?.id}"] .key-label`).textContent()).toBe(
      'primary',
    );
    expect(await page.locator('[data-budget-id]').count()).toBe(2);
    expect(await page.locator('[data-budget-id] h3').allTextContents()).toEqual([
      'daily cap',
      'tag team:search',
    ]);
    expect(await page.locator('#spend-list h3').count()).toBe(4);

    // The gateway's admin API calls the same router method; the row must follow without a reload.
    await router.disableKey(keys.backup?.id as string, 'rotating credentials');
    await page.waitForSelector(`${backupRow}[data-state="disabled"]`, TIMEOUT);
    expect(await page.locator(`${backupRow} .reason`).textContent()).toContain('rotating credentials');
    expect(await page.locator('#key-updates').textContent()).toContain('backup is now disabled');

    // Keyboard only: open the key's history, then the latest decision.
    await page.locator(`${backupRow} .history-toggle`).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#history-${keys.backup?.id} li`, TIMEOUT);
    expect(await page.locator(`#history-${keys.backup?.id}`).textContent()).toContain(
      'available → disabled (operator)',
    );
    await page.screenshot({ path: join(images, 'dashboard-overview.png'), fullPage: true });
    await page.locator('button.decision').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail-body .summary', TIMEOUT);
    expect(await page.locator('button.decision').first().getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#detail-body .summary').textContent()).toMatch(
      /^cost → openai_\w+ \(openai\/gpt-4o-mini\)/,
    );
    expect(await page.locator('#detail-body table.candidates tbody tr').count()).toBe(2);
    expect(await page.locator('#detail-body').textContent()).toContain('Runner-up');
    // Request ids are random: masked, so the committed screenshot only changes when the page does.
    await page.locator('#decision-detail').screenshot({
      path: join(images, 'dashboard-decision.png'),
      mask: [page.locator('#detail-body .request-id')],
      maskColor: '#d9dcdf',
    });

    const html = await page.content();
    expect(html).not.toContain(CANARY);
    expect(failures).toEqual([]);
    await page.close();
  }, 30_000);
});
