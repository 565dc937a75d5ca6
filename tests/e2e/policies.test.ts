import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { POLICIES, START_UP_POLICY, TRAINING_POLICY } from './support/fixtures.js';
import { tapIntoHome } from './support/kiosk-page.js';

describe('policies', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({ policies: POLICIES });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  async function openPolicies(): Promise<Page> {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await page.getByRole('button', { name: /^政策查询/ }).tap();
    await page.getByTestId('policy-card').first().waitFor();
    return page;
  }

  it('list shows every policy across pages', async () => {
    const page = await openPolicies();
    await saveManualScreenshot(page, 'policies');
    await expect(page.getByRole('status').innerText()).resolves.toBe('共 6 项政策');

    const first = page.getByTestId('policy-card').first();
    await expect(first.locator('.policy-card-title').innerText()).resolves.toBe(
      START_UP_POLICY.title,
    );
    await expect(first.locator('.badge-category').innerText()).resolves.toBe('创业扶持');
    await expect(first.locator('.badge-demo').innerText()).resolves.toBe('示例内容');

    const pager = page.getByRole('navigation', { name: '翻页' });
    const position = await pager.locator('.pager-position').innerText();
    const pageCount = Number(/\/ (\d+) 页/.exec(position)?.[1]);
    expect(pageCount).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    for (let n = 1; n <= pageCount; n++) {
      await pager
        .locator('.pager-position')
        .filter({ hasText: `第 ${n} / ${pageCount} 页` })
        .waitFor();
      seen.push(...(await page.locator('.policy-card-title').allInnerTexts()));
      if (n < pageCount) await pager.getByRole('button', { name: '下一页' }).tap();
    }
    expect(seen).toEqual(POLICIES.map((policy) => policy.title));
  });

  it('detail shows every section', async () => {
    const page = await openPolicies();
    await page
      .getByTestId('policy-card')
      .filter({ hasText: START_UP_POLICY.title })
      .tap();
    await page.getByTestId('policy-detail').waitFor();
    await saveManualScreenshot(page, 'policy-detail');
    const field = (name: string) => page.locator(`[data-field="${name}"] dd`).innerText();

    await expect(page.locator('.detail-title').innerText()).resolves.toBe(
      START_UP_POLICY.title,
    );
    await expect(page.locator('.detail .badge-category').innerText()).resolves.toBe(
      '创业扶持',
    );
    await expect(page.locator('.detail .badge-demo').innerText()).resolves.toBe(
      '示例内容',
    );
    await expect(field('summary')).resolves.toBe(START_UP_POLICY.summary);
    await expect(field('benefit')).resolves.toBe(START_UP_POLICY.benefit);
    await expect(field('eligibility')).resolves.toBe('本县户籍\n首次创业，经营满一年');
    await expect(field('materials')).resolves.toBe('身份证\n营业执照\n经营场所证明');
    await expect(field('whereToApply')).resolves.toBe('宜川县就业服务中心一楼窗口');
    await expect(field('sourceDocument')).resolves.toBe('政策文件待工作人员补充');
    for (const label of ['申请条件', '所需材料', '办理地点']) {
      await expect(
        page.locator('.field-label', { hasText: label }).count(),
      ).resolves.toBe(1);
    }
  });

  it('detail with a source document', async () => {
    const page = await openPolicies();
    await page
      .getByTestId('policy-card')
      .filter({ hasText: TRAINING_POLICY.title })
      .tap();
    await page.getByTestId('policy-detail').waitFor();

    await expect(
      page.locator('[data-field="sourceDocument"] dd').innerText(),
    ).resolves.toBe(TRAINING_POLICY.sourceDocument);
    await expect(page.locator('.detail .badge-demo').count()).resolves.toBe(0);

    await page.getByRole('button', { name: '返回政策列表' }).tap();
    await page.getByTestId('policy-list').waitFor();
  });
});
