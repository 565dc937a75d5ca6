import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setJobStatus } from '../../main/store/jobs.js';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { JOBS, TODAY, job } from './support/fixtures.js';
import {
  cardTitles,
  cardsOutsideList,
  openJobList,
  tapIntoHome,
  waitForTotal,
} from './support/kiosk-page.js';

/** Twelve extra 社区服务 postings in 英旺乡, enough for three pages of five. */
const PAGING_JOBS = Array.from({ length: 12 }, (_, i) =>
  job({
    uid: `e2e-paging-${i}`,
    title: `英旺乡社区岗位${i + 1}`,
    area: '英旺乡',
    category: '社区服务',
    postedOn: `2026-09-${String(10 + i).padStart(2, '0')}`,
  }),
);

async function pickFilter(page: Page, field: string, option: string): Promise<void> {
  await page.locator(`[data-filter="${field}"]`).tap();
  await page.getByRole('dialog').getByRole('button', { name: option, exact: true }).tap();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

describe('job search', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({ jobs: [...JOBS, ...PAGING_JOBS], today: TODAY });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  async function openList(): Promise<Page> {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await waitForTotal(page, JOBS.length + PAGING_JOBS.length);
    return page;
  }

  it('list shows cards with badges', async () => {
    const page = await openList();
    await saveManualScreenshot(page, 'list');

    await pickFilter(page, 'area', '江苏（苏陕协作）');
    await waitForTotal(page, 1);
    const card = page.getByTestId('job-card');
    await expect(card.locator('.job-card-title').innerText()).resolves.toBe(
      '苏州电子厂普工',
    );
    await expect(card.locator('.job-card-pay').innerText()).resolves.toBe(
      '5500-7000元/月',
    );
    await expect(card.innerText()).resolves.toContain('苏州示例电子有限公司');
    await expect(card.innerText()).resolves.toContain('江苏（苏陕协作） 苏州工业园区');
    await expect(card.locator('.badge-full_time').innerText()).resolves.toBe('全职');
    await expect(card.locator('.badge-sushaan').innerText()).resolves.toBe('苏陕协作');
    await expect(card.locator('.badge-demo').innerText()).resolves.toBe('示例');
  });

  it('gig in 集义镇 shows only those', async () => {
    const page = await openList();
    await page
      .getByRole('group', { name: '岗位类型' })
      .getByRole('button', { name: '零工' })
      .tap();
    await waitForTotal(page, 3);
    await pickFilter(page, 'area', '集义镇');
    await waitForTotal(page, 2);
    await saveManualScreenshot(page, 'list-filtered');

    expect((await cardTitles(page)).sort()).toEqual(
      ['花椒采摘工', '苹果套袋零工'].sort(),
    );
    await expect(page.locator('[data-filter="area"]').innerText()).resolves.toBe(
      '地点：集义镇',
    );
    for (const badge of await page
      .locator('[data-testid="job-card"] .badge-kind')
      .allInnerTexts()) {
      expect(badge).toBe('零工');
    }
  });

  it('category pay and date filters', async () => {
    const page = await openList();
    await pickFilter(page, 'category', '农业采摘');
    await waitForTotal(page, 2);
    await pickFilter(page, 'category', '不限');

    // 400元/天 counts as 8800 a month, so the day-paid builder passes 8000.
    await pickFilter(page, 'minMonthlyPay', '8000元以上');
    await waitForTotal(page, 1);
    expect(await cardTitles(page)).toEqual(['建筑小工']);

    await pickFilter(page, 'minMonthlyPay', '5000元以上');
    await waitForTotal(page, 3);
    expect((await cardTitles(page)).sort()).toEqual(
      ['建筑小工', '苏州电子厂普工', '送货司机'].sort(),
    );

    await pickFilter(page, 'minMonthlyPay', '不限');
    await pickFilter(page, 'postedWithinDays', '3天内');
    await waitForTotal(page, 2);
    expect((await cardTitles(page)).sort()).toEqual(
      ['物业维修电工', '花椒采摘工'].sort(),
    );
  });

  it('keyword 电工 searches at one tap', async () => {
    const page = await openList();
    await page
      .getByRole('group', { name: '常用词' })
      .getByRole('button', { name: '电工' })
      .tap();
    await waitForTotal(page, 1);

    expect(await cardTitles(page)).toEqual(['物业维修电工']);
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('电工');

    // A second tap on the same word takes it away again.
    await page
      .getByRole('group', { name: '常用词' })
      .getByRole('button', { name: '电工' })
      .tap();
    await waitForTotal(page, JOBS.length + PAGING_JOBS.length);
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('');
  });

  it('on-screen keyboard searches C1', async () => {
    const page = await openList();
    await page.getByRole('searchbox').tap();
    const keyboard = page.getByRole('group', { name: '屏幕键盘' });
    await keyboard.waitFor();
    await saveManualScreenshot(page, 'keyboard');

    for (const key of ['C', '2', '删除', '1']) {
      await keyboard.getByRole('button', { name: key, exact: true }).tap();
    }
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('C1');
    await keyboard.getByRole('button', { name: '搜索', exact: true }).tap();
    await waitForTotal(page, 1);

    expect(await cardTitles(page)).toEqual(['送货司机']);
    await expect(keyboard.count()).resolves.toBe(0);
  });

  it('keyboard 清空 empties the box', async () => {
    const page = await openList();
    await page.getByRole('searchbox').tap();
    const keyboard = page.getByRole('group', { name: '屏幕键盘' });
    for (const key of ['A', 'B'])
      await keyboard.getByRole('button', { name: key, exact: true }).tap();
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('AB');
    await keyboard.getByRole('button', { name: '清空' }).tap();
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('');
  });

  it('empty result offers 清除筛选', async () => {
    const page = await openList();
    await page.getByRole('searchbox').tap();
    const keyboard = page.getByRole('group', { name: '屏幕键盘' });
    for (const key of ['Q', 'Z', '9'])
      await keyboard.getByRole('button', { name: key, exact: true }).tap();
    await keyboard.getByRole('button', { name: '搜索' }).tap();
    await waitForTotal(page, 0);

    await expect(page.locator('.empty-text').innerText()).resolves.toBe(
      '没有找到合适的岗位，换个条件试试',
    );
    await page.locator('.empty').getByRole('button', { name: '清除筛选' }).tap();
    await waitForTotal(page, JOBS.length + PAGING_JOBS.length);
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('');
  });

  it('pager walks through pages', async () => {
    const page = await openList();
    await pickFilter(page, 'area', '英旺乡');
    await waitForTotal(page, 12);
    const pager = page.getByRole('navigation', { name: '翻页' });
    const previous = pager.getByRole('button', { name: '上一页' });
    const next = pager.getByRole('button', { name: '下一页' });

    // The page size is what fits on screen, and every card of a page is whole.
    const pageSize = await page.getByTestId('job-card').count();
    expect(pageSize).toBeGreaterThanOrEqual(3);
    expect(await cardsOutsideList(page)).toEqual([]);
    const pageCount = Math.ceil(12 / pageSize);
    await expect(previous.isDisabled()).resolves.toBe(true);

    const seen: string[] = [];
    for (let n = 1; n <= pageCount; n++) {
      await pager
        .locator('.pager-position')
        .filter({ hasText: `第 ${n} / ${pageCount} 页` })
        .waitFor();
      await waitForTotal(page, 12);
      seen.push(...(await cardTitles(page)));
      if (n < pageCount) await next.tap();
    }
    await expect(next.isDisabled()).resolves.toBe(true);
    // Newest first, each posting exactly once.
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `英旺乡社区岗位${12 - i}`));

    await previous.tap();
    await pager
      .locator('.pager-position')
      .filter({ hasText: `第 ${pageCount - 1} / ${pageCount} 页` })
      .waitFor();

    // A new filter starts again on the first page.
    await pickFilter(page, 'category', '社区服务');
    await pager
      .locator('.pager-position')
      .filter({ hasText: `第 1 / ${pageCount} 页` })
      .waitFor();
  });

  it('shrunken list moves to its last page', async () => {
    const own = await startTestKiosk({ jobs: PAGING_JOBS, today: TODAY });
    try {
      const page = await browser.open(own.url);
      await tapIntoHome(page);
      await openJobList(page);
      await waitForTotal(page, 12);
      const pageSize = await page.getByTestId('job-card').count();
      const pager = page.getByRole('navigation', { name: '翻页' });
      const pageCount = Math.ceil(12 / pageSize);
      while (!(await pager.getByRole('button', { name: '下一页' }).isDisabled())) {
        await pager.getByRole('button', { name: '下一页' }).tap();
      }
      await pager
        .locator('.pager-position')
        .filter({ hasText: `第 ${pageCount} / ${pageCount} 页` })
        .waitFor();
      await page.getByTestId('job-card').first().tap();
      await page.getByTestId('job-detail').waitFor();

      // All but the newest posting are filled while the citizen reads.
      for (const posting of PAGING_JOBS.slice(0, 11))
        setJobStatus(own.app.db, posting.uid, 'filled');
      await page.getByRole('button', { name: '返回列表' }).tap();

      await pager.locator('.pager-position').filter({ hasText: '第 1 / 1 页' }).waitFor();
      await waitForTotal(page, 1);
      expect(await cardTitles(page)).toEqual(['英旺乡社区岗位12']);
    } finally {
      await own.close();
    }
  });
});
