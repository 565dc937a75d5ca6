import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchJobs } from '../../main/store/jobs.js';
import { jobQuerySchema } from '../../main/contract/catalogue.js';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { ELECTRICIAN, JOBS, TODAY, job } from './support/fixtures.js';
import {
  openJobList,
  scrollTop,
  swipe,
  tapIntoHome,
  waitForTotal,
} from './support/kiosk-page.js';

const MARKUP = job({
  uid: 'e2e-markup',
  title: '<img src=x onerror="document.title=1">仓库<b>搬运</b>',
  employer: '<script>alert(1)</script>示例物流',
  requirements: '<a href="http://example.com">点我</a>\u0007能干活',
  postedOn: '2026-11-01',
});

/** Many lines of requirements, so the details need more than one screen. */
const LONG = job({
  uid: 'e2e-long',
  title: '长说明岗位',
  requirements: Array.from({ length: 40 }, (_, i) => `第${i + 1}条要求`).join('\n'),
  postedOn: '2026-10-01',
});

/** Decodes the QR code in a PNG screenshot and returns its bytes as UTF-8 text. */
function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const code = jsQR.default(new Uint8ClampedArray(image.data), image.width, image.height);
  return code === null ? null : Buffer.from(code.binaryData).toString('utf8');
}

describe('job detail', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({ jobs: [...JOBS, MARKUP, LONG], today: TODAY });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  function idOf(title: string): number {
    const page = searchJobs(kiosk.app.db, jobQuerySchema.parse({ limit: 100 }), TODAY);
    const found = page.items.find((item) => item.title === title);
    if (found === undefined)
      throw new Error(`Seeded posting "${title}" not found in the store.`);
    return found.id;
  }

  async function openDetail(title: string): Promise<Page> {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await waitForTotal(page, JOBS.length + 2);
    let card = page.getByTestId('job-card').filter({ hasText: title });
    while ((await card.count()) === 0) {
      await page.getByRole('button', { name: '下一页' }).tap();
      card = page.getByTestId('job-card').filter({ hasText: title });
      await page.locator('[data-testid="job-list"][aria-busy="false"]').waitFor();
    }
    await card.tap();
    await page.getByTestId('job-detail').waitFor();
    return page;
  }

  it('detail shows every field', async () => {
    const page = await openDetail(ELECTRICIAN.title);
    await page.locator('img.qr-image').waitFor();
    await saveManualScreenshot(page, 'detail');
    const field = (name: string) => page.locator(`[data-field="${name}"] dd`).innerText();

    await expect(page.locator('.detail-title').innerText()).resolves.toBe('物业维修电工');
    await expect(page.locator('[data-field="pay"]').innerText()).resolves.toBe(
      '4500-6000元/月',
    );
    await expect(field('employer')).resolves.toBe('丹州街道示例物业服务站');
    await expect(field('place')).resolves.toBe('丹州街道 城区滨河路');
    await expect(field('headcount')).resolves.toBe('2人');
    await expect(field('education')).resolves.toBe('初中及以上');
    await expect(field('experience')).resolves.toBe('1年以上');
    await expect(field('requirements')).resolves.toBe('持低压电工证\n会排查小区水电故障');
    await expect(field('benefits')).resolves.toBe('包午餐，缴纳五险');
    await expect(field('contactName')).resolves.toBe('李师傅');
    await expect(field('contactPhone')).resolves.toBe('13800000001');
    await expect(field('postedOn')).resolves.toBe('2026年12月3日');
    await expect(field('deadline')).resolves.toBe('2026年12月31日');
    await expect(page.locator('.detail .badge-kind').innerText()).resolves.toBe('全职');
    await expect(page.locator('.detail .badge-demo').count()).resolves.toBe(0);
    await expect(page.locator('.qr-caption').innerText()).resolves.toBe(
      '手机扫码带走岗位信息',
    );

    const print = page.getByRole('button', { name: /打印岗位单/ });
    await expect(print.isEnabled()).resolves.toBe(true);
    await expect(print.innerText()).resolves.not.toContain('暂未开放');
  });

  it('QR code carries shareText', async () => {
    const page = await openDetail(ELECTRICIAN.title);
    const image = page.locator('img.qr-image');
    await image.waitFor();
    const expected = (
      await kiosk.app.handlers['jobs.get']({ id: idOf(ELECTRICIAN.title) })
    ).shareText;

    expect(expected).toContain('物业维修电工');
    expect(decodeQr(await image.screenshot())).toBe(expected);
  });

  it('posting markup shows as text', async () => {
    const page = await openDetail('仓库');
    await expect(page.locator('.detail-title').innerText()).resolves.toBe(MARKUP.title);
    await expect(page.locator('[data-field="employer"] dd').innerText()).resolves.toBe(
      MARKUP.employer,
    );
    await expect(
      page
        .locator('.detail img:not(.qr-image), .detail script, .detail a, .detail b')
        .count(),
    ).resolves.toBe(0);
    await expect(page.title()).resolves.toBe('宜川县就业服务自助一体机');
  });

  it('blank fields read 未注明', async () => {
    const page = await openDetail(LONG.title);
    await expect(page.locator('[data-field="benefits"] dd').innerText()).resolves.toBe(
      '未注明',
    );
    await expect(page.locator('[data-field="deadline"] dd').innerText()).resolves.toBe(
      '未注明',
    );
  });

  it('long detail scrolls by button and swipe', async () => {
    const page = await openDetail(LONG.title);
    const area = page.locator('.scroll-area');
    const pager = page.getByRole('navigation', { name: '翻页' });
    await pager.waitFor();
    await expect(
      pager.getByRole('button', { name: '上一页' }).isDisabled(),
    ).resolves.toBe(true);

    await pager.getByRole('button', { name: '下一页' }).tap();
    await expect.poll(() => scrollTop(area)).toBeGreaterThan(300);
    await expect
      .poll(() => pager.getByRole('button', { name: '上一页' }).isEnabled())
      .toBe(true);

    await pager.getByRole('button', { name: '上一页' }).tap();
    await expect.poll(() => scrollTop(area)).toBe(0);

    // A finger swipe upwards through Chromium's touch input.
    const box = await area.boundingBox();
    if (box === null) throw new Error('The detail area has no box.');
    await swipe(
      page,
      box.x + box.width / 2,
      box.y + box.height * 0.8,
      box.y + box.height * 0.3,
    );
    await expect.poll(() => scrollTop(area)).toBeGreaterThan(200);
  });

  it('mouse drag scrolls like a finger', async () => {
    // Some kiosk touch frames report a mouse, which does not scroll natively.
    const page = await openDetail(LONG.title);
    const area = page.locator('.scroll-area');
    const box = await area.boundingBox();
    if (box === null) throw new Error('The detail area has no box.');
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + box.height * 0.8);
    await page.mouse.down();
    await page.mouse.move(x, box.y + box.height * 0.3, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => scrollTop(area)).toBeGreaterThan(200);
  });

  it('返回列表 keeps the filters', async () => {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await page
      .getByRole('group', { name: '常用词' })
      .getByRole('button', { name: '电工' })
      .tap();
    await waitForTotal(page, 1);
    await page.getByTestId('job-card').tap();
    await page.getByTestId('job-detail').waitFor();
    await page.getByRole('button', { name: '返回列表' }).tap();

    await waitForTotal(page, 1);
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('电工');
  });
});
