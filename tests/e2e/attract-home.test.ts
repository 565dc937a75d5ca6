import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { JOBS, TODAY } from './support/fixtures.js';
import {
  cardTitles,
  openJobList,
  tapIntoHome,
  waitForTotal,
} from './support/kiosk-page.js';

describe('attract and home', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({
      jobs: JOBS,
      today: TODAY,
      settings: { stationName: '宜川县零工市场', attractRotateSeconds: 2 },
    });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  it('attract rotates highlights', async () => {
    const page = await browser.open(kiosk.url);
    const highlight = page.getByTestId('highlight').locator('.attract-card-title');
    await highlight.waitFor();
    const first = await highlight.innerText();
    await saveManualScreenshot(page, 'attract');

    // Highlighted postings come first, so the loop starts with one of them.
    expect(['物业维修电工', '花椒采摘工', '苏州电子厂普工']).toContain(first);
    await expect
      .poll(() => highlight.innerText(), { timeout: 6000, interval: 200 })
      .not.toBe(first);
    await expect(page.locator('.attract-invite').innerText()).resolves.toBe(
      '点击屏幕开始',
    );
    await expect(page.locator('.attract-dot').count()).resolves.toBe(8);
  });

  it('tap on attract opens home', async () => {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await saveManualScreenshot(page, 'home');

    await expect(page.locator('.topbar-station').innerText()).resolves.toBe(
      '宜川县零工市场',
    );
    for (const name of ['找工作', '零工快招', '政策查询', '身份证登记求职']) {
      await expect(
        page.getByRole('button', { name: new RegExp(`^${name}`) }).isEnabled(),
      ).resolves.toBe(true);
    }
    for (const name of ['岗位匹配', '打印岗位单', '服务评价']) {
      const tile = page.getByRole('button', { name: new RegExp(`^${name}`) });
      await expect(tile.isDisabled()).resolves.toBe(true);
      await expect(tile.innerText()).resolves.toContain('暂未开放');
    }
    await expect(
      page.getByRole('button', { name: '长辈模式：关' }).isVisible(),
    ).resolves.toBe(true);
  });

  it('gig tile opens the gig list', async () => {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await page.getByRole('button', { name: /^零工快招/ }).tap();
    await waitForTotal(page, 3);

    expect((await cardTitles(page)).sort()).toEqual(
      ['建筑小工', '花椒采摘工', '苹果套袋零工'].sort(),
    );
    const kinds = page.getByRole('group', { name: '岗位类型' });
    await expect(kinds.getByRole('button', { pressed: true }).innerText()).resolves.toBe(
      '零工',
    );

    // 找工作 after 零工快招 starts over without the kind filter.
    await page.getByRole('button', { name: '返回首页' }).tap();
    await openJobList(page);
    await waitForTotal(page, JOBS.length);
  });

  it('every screen has 返回首页', async () => {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    const home = page.getByRole('button', { name: '返回首页' });

    await openJobList(page);
    await page.getByTestId('job-card').first().tap();
    await page.getByTestId('job-detail').waitFor();
    await home.tap();
    await page.getByRole('heading', { name: '您好！请选择服务' }).waitFor();

    await page.getByRole('button', { name: /^政策查询/ }).tap();
    await page.getByRole('heading', { name: '政策查询' }).waitFor();
    await home.tap();
    await page.getByRole('heading', { name: '您好！请选择服务' }).waitFor();

    // Home itself offers 结束使用, which returns to the attract loop.
    await page.getByRole('button', { name: '结束使用' }).tap();
    await page.locator('.attract-invite').waitFor();
    await expect(page.getByRole('button', { name: '返回首页' }).count()).resolves.toBe(0);
  });
});
