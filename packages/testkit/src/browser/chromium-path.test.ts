import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath } from './chromium-path.js';

const saved = { path: process.env.CHROMIUM_PATH, ci: process.env.CI };
afterEach(() => {
  if (saved.path === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved.path;
  if (saved.ci === undefined) delete process.env.CI;
  else process.env.CI = saved.ci;
});

describe('chromiumPath', () => {
  it('fails with the install command when the browser is missing, under CI and elsewhere', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    process.env.CI = 'true';
    expect(() => chromiumPath()).toThrow(
      /Chromium not found at \/nonexistent\/chromium on CI \(CI=true\).*apt-get install -y chromium/,
    );
    delete process.env.CI;
    expect(() => chromiumPath()).toThrow(/on this machine/);
  });

  it('returns an existing executable path', () => {
    process.env.CHROMIUM_PATH = process.execPath;
    expect(chromiumPath()).toBe(process.execPath);
  });
});
