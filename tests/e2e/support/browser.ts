// Debian's Chromium driven by playwright-core, one browser per test file and
// one fresh context (touchscreen, zh-CN) per kiosk page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

const ARTIFACTS = resolve(import.meta.dirname, '../../artifacts');
/**
 * Where the manual's screenshots go: the committed kiosk-manual/screenshots
 * with UPDATE_MANUAL_SCREENSHOTS=1, else tests/artifacts/screenshots, so an
 * ordinary test run leaves the work tree clean.
 */
export const SCREENSHOTS =
  process.env['UPDATE_MANUAL_SCREENSHOTS'] === '1'
    ? resolve(import.meta.dirname, '../../../kiosk-manual/screenshots')
    : join(ARTIFACTS, 'screenshots');

export interface KioskBrowser {
  /** Opens `url` in a new touch-enabled context of the given size. */
  open: (url: string, viewport?: { width: number; height: number }) => Promise<Page>;
}

/**
 * Registers the hooks of one test file: launch Chromium before the tests,
 * close every page after each test (first saving a screenshot of each to
 * tests/artifacts/ when the test failed), and close Chromium at the end.
 */
export function useKioskBrowser(): KioskBrowser {
  let browser: Browser | null = null;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      mkdirSync(ARTIFACTS, { recursive: true });
      const name = context.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_');
      let index = 0;
      for (const open of contexts) {
        for (const page of open.pages()) {
          await page
            .screenshot({ path: join(ARTIFACTS, `${name}-${index++}.png`) })
            .catch(() => undefined);
        }
      }
      if (pageErrors.length > 0)
        writeFileSync(join(ARTIFACTS, `${name}-errors.txt`), pageErrors.join('\n'));
    }
    pageErrors = [];
    await Promise.all(contexts.map((open) => open.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    open: async (url, viewport = PORTRAIT) => {
      if (browser === null)
        throw new Error('Chromium is not running: open pages inside a test.');
      const context = await browser.newContext({
        viewport,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      contexts.push(context);
      // Fail in seconds rather than at playwright's default of 30 s.
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on('pageerror', (error) =>
        pageErrors.push(`pageerror: ${error.stack ?? error.message}`),
      );
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
      });
      await page.goto(url);
      return page;
    },
  };
}

/** Saves a screenshot of the whole screen for the operation manual. */
export async function saveManualScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    animations: 'disabled',
  });
}
