import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import {
  LANDSCAPE,
  PORTRAIT,
  saveManualScreenshot,
  useKioskBrowser,
} from './support/browser.js';
import { ELECTRICIAN, JOBS, POLICIES, TODAY } from './support/fixtures.js';
import {
  cardsOutsideList,
  fontSize,
  horizontalOverflow,
  openJobList,
  smallTargets,
  tapIntoHome,
  waitForTotal,
} from './support/kiosk-page.js';

/** Smallest height of a touch target, in CSS pixels. */
const MIN_TARGET = 64;

/**
 * Walks through every screen and runs `check` on each, named for its failure
 * message: attract, home, list, keyboard, filter picker, detail, policies
 * and policy detail.
 */
async function visitScreens(
  page: Page,
  check: (screen: string) => Promise<void>,
): Promise<void> {
  await page.locator('.attract-invite').waitFor();
  await check('attract');
  await tapIntoHome(page);
  await check('home');
  await openJobList(page);
  await waitForTotal(page, JOBS.length);
  await check('list');
  await page.getByRole('searchbox').tap();
  await page.getByRole('group', { name: '屏幕键盘' }).waitFor();
  await check('keyboard');
  await page.getByRole('button', { name: '收起' }).tap();
  await page.locator('[data-filter="area"]').tap();
  await page.getByRole('dialog').waitFor();
  await check('area picker');
  await page.getByRole('dialog').getByRole('button', { name: '关闭' }).tap();
  await page.getByTestId('job-card').filter({ hasText: ELECTRICIAN.title }).tap();
  await page.locator('img.qr-image').waitFor();
  await check('detail');
  await page.getByRole('button', { name: '返回首页' }).tap();
  await page.getByRole('button', { name: /^政策查询/ }).tap();
  await page.getByTestId('policy-card').first().waitFor();
  await check('policies');
  await page.getByTestId('policy-card').first().tap();
  await page.getByTestId('policy-detail').waitFor();
  await check('policy detail');
}

describe('layout', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({ jobs: JOBS, policies: POLICIES, today: TODAY });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  it('elder mode enlarges text and targets', async () => {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await waitForTotal(page, JOBS.length);
    const title = page.locator('.job-card-title').first();
    const search = page.getByRole('button', { name: '搜索', exact: true });
    const before = {
      title: await fontSize(title),
      root: await fontSize(page.locator('html')),
    };
    const searchBefore = (await search.boundingBox())?.height ?? 0;

    await page.getByRole('button', { name: '长辈模式：关' }).tap();
    await page.getByRole('button', { name: '长辈模式：开' }).waitFor();
    await waitForTotal(page, JOBS.length);
    await saveManualScreenshot(page, 'elder-mode');

    expect(await fontSize(title)).toBeGreaterThanOrEqual(before.title * 1.3);
    expect(await fontSize(page.locator('html'))).toBeGreaterThanOrEqual(
      before.root * 1.3,
    );
    expect((await search.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(
      searchBefore * 1.3,
    );
    // Fewer, larger cards per page, but each still whole on screen.
    expect(await cardsOutsideList(page)).toEqual([]);

    await page.getByRole('button', { name: '返回首页' }).tap();
    const tile = page.locator('.tile-title').first();
    expect(await fontSize(tile)).toBeGreaterThanOrEqual(1.3 * 2 * before.root);
    await page.getByRole('button', { name: '长辈模式：开' }).tap();
    await page.getByRole('button', { name: '长辈模式：关' }).waitFor();
    expect(await fontSize(page.locator('html'))).toBe(before.root);
  });

  for (const [name, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    it(`${name} has no sideways overflow`, async () => {
      const page = await browser.open(kiosk.url, viewport);
      await visitScreens(page, async (screen) => {
        expect(await horizontalOverflow(page), screen).toEqual([]);
      });
    });

    it(`${name} targets are at least 64 px`, async () => {
      const page = await browser.open(kiosk.url, viewport);
      await visitScreens(page, async (screen) => {
        expect(await smallTargets(page, MIN_TARGET), screen).toEqual([]);
      });
    });
  }

  it('landscape elder mode has no overflow', async () => {
    const page = await browser.open(kiosk.url, LANDSCAPE);
    await tapIntoHome(page);
    await page.getByRole('button', { name: '长辈模式：关' }).tap();
    await page.getByRole('button', { name: '结束使用' }).waitFor();
    await openJobList(page);
    await waitForTotal(page, JOBS.length);
    await saveManualScreenshot(page, 'landscape-elder-list');

    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await cardsOutsideList(page)).toEqual([]);
    expect(await smallTargets(page, MIN_TARGET * 1.3)).toEqual([]);
  });
});
