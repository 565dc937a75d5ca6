import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../main/services.js';
import { countJobs, expireJobs } from '../../main/store/jobs.js';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { useKioskBrowser } from './support/browser.js';
import { openJobList, tapIntoHome, waitForTotal } from './support/kiosk-page.js';

describe('demo data', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({ demo: true });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  it('demo postings carry 示例 badges', async () => {
    // The demo ledger has postings whose deadline has passed; the kiosk
    // hides them on its first query, so count what is left.
    expireJobs(kiosk.app.db, localDate());
    const total = countJobs(kiosk.app.db);
    expect(total).toBeGreaterThan(0);
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await waitForTotal(page, total);

    const cards = page.getByTestId('job-card');
    const cardCount = await cards.count();
    expect(cardCount).toBeGreaterThan(0);
    await expect(cards.locator('.badge-demo').count()).resolves.toBe(cardCount);

    await page.getByRole('button', { name: '返回首页' }).tap();
    await page.getByRole('button', { name: /^政策查询/ }).tap();
    const policy = page.getByTestId('policy-card').first();
    await policy.waitFor();
    await expect(policy.locator('.badge-demo').innerText()).resolves.toBe('示例内容');
  });
});
