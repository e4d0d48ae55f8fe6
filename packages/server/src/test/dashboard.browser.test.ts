import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath } from '@apikeyrouter/testkit/browser';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  CANARY_ANTHROPIC,
  CANARY_OPENAI,
  type GatewayFixture,
  post,
  startFixture,
} from './gateway-fixture.test-helpers.js';

const images = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));
const TIMEOUT = { timeout: 10_000 };

let fx: GatewayFixture;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  const executablePath = chromiumPath();
  fx = await startFixture({
    patch: (config) => ({
      ...config,
      budgets: [{ scope: 'global', limit: '25', period: 'day', name: 'daily cap' }],
    }),
  });
  for (const model of ['gpt-4o-mini', 'claude-3-5-haiku-latest', 'gpt-4o-mini']) {
    const res = await post(`${fx.url}/v1/chat/completions`, {
      model,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(res.status).toBe(200);
  }
  profile = mkdtempSync(join(tmpdir(), 'akr-gateway-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1366, height: 900 },
    timeout: 20_000,
  });
  browser.setDefaultTimeout(8_000);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await fx?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('gateway dashboard in headless Chromium', () => {
  it('signs in, renders keys and budgets, follows an admin disable live and explains a decision', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });

    await page.goto(`${fx.url}/dashboard/`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.locator('#token').fill('not-the-admin-token-0000');
    await page.locator('button[type="submit"]').click();
    await page.waitForSelector('#login-error', TIMEOUT);
    failures.length = 0; // the refused sign-in's 401 is the one expected failure
    await page.locator('#token').fill(ADMIN_TOKEN);
    await page.screenshot({ path: join(images, 'gateway-dashboard-login.png') });
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${fx.url}/dashboard/`, TIMEOUT);
    const cookies = await browser.cookies(`${fx.url}/dashboard/`);
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.path])).toEqual([
      ['akr_dashboard', true, 'Strict', '/dashboard'],
    ]);
    expect(cookies[0]?.value).not.toContain(ADMIN_TOKEN);

    await page.waitForSelector('#connection.live', TIMEOUT);
    const keys = (await (
      await fetch(`${fx.url}/admin/keys`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { keys: { id: string; label: string }[] };
    const openai = keys.keys.find((key) => key.label === 'openai-1');
    const row = `tr[data-key-id="${openai?.id}"]`;
    await page.waitForSelector(`${row}[data-state="available"]`, TIMEOUT);
    expect(await page.locator('#key-table tbody tr[data-key-id]').count()).toBe(2);
    expect(await page.locator('[data-budget-id] h3').allTextContents()).toEqual(
      expect.arrayContaining(['daily cap', 'virtual key team-broke']),
    );

    const disabled = await fetch(`${fx.url}/admin/keys/${openai?.id}/disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(disabled.status).toBe(200);
    await page.waitForSelector(`${row}[data-state="disabled"]`, TIMEOUT);
    expect(await page.locator('#key-updates').textContent()).toContain('openai-1 is now disabled');
    // Key ids, request ids and times are random or moving: masked, so the image changes only with the page.
    const moving = [
      page.locator('.key-id'),
      page.locator('.reason'),
      page.locator('button.decision'),
      page.locator('#spend-list'),
    ];
    await page.screenshot({
      path: join(images, 'gateway-dashboard-overview.png'),
      fullPage: true,
      mask: moving,
      maskColor: '#d9dcdf',
    });

    await page.locator('button.decision').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail-body .summary', TIMEOUT);
    expect(await page.locator('#detail-body .summary').textContent()).toMatch(/→ \w+/);
    expect(await page.locator('#detail-body table.candidates tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#detail-body').textContent()).toContain('Runner-up');
    await page.locator('#decision-detail').screenshot({
      path: join(images, 'gateway-dashboard-decision.png'),
      mask: [page.locator('#detail-body .request-id'), page.locator('#detail-body .summary')],
      maskColor: '#d9dcdf',
    });

    const html = await page.content();
    for (const secret of [ADMIN_TOKEN, CANARY_OPENAI, CANARY_ANTHROPIC]) expect(html).not.toContain(secret);
    expect(failures).toEqual([]);
    await page.close();
  }, 40_000);
});
