import { afterEach, describe, expect, it } from 'vitest';
import { setJobStatus } from '../../main/store/jobs.js';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { useKioskBrowser } from './support/browser.js';
import { JOBS, TODAY } from './support/fixtures.js';
import { openJobList, tapIntoHome, waitForTotal } from './support/kiosk-page.js';

const LOAD_FAILED = '暂时无法加载，请稍后再试或联系工作人员';

describe('error states', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk | null = null;

  afterEach(async () => {
    await kiosk?.close();
    kiosk = null;
  });

  it('failed search shows message and retry', async () => {
    kiosk = await startTestKiosk({ jobs: JOBS, today: TODAY });
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    // Every search returns a server error until the route is removed.
    await page.route('**/api/jobs.search', (route) =>
      route.fulfill({ status: 500, body: 'boom' }),
    );
    await page.getByRole('button', { name: /^找工作/ }).tap();

    const alert = page.getByRole('alert').filter({ hasText: LOAD_FAILED });
    await alert.waitFor();
    // The page size settles once the keywords are on screen, which repeats
    // the search: let that failing call end before removing the route.
    await page.getByRole('group', { name: '常用词' }).waitFor();
    // Two animation frames: a resize observed after the keywords appear has run.
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
    await page.locator('[data-testid="job-list"][aria-busy="false"]').waitFor();
    await alert.waitFor();
    await expect(
      page.getByRole('button', { name: '返回首页' }).isVisible(),
    ).resolves.toBe(true);

    await page.unroute('**/api/jobs.search');
    await alert.getByRole('button', { name: '重试' }).tap();
    await waitForTotal(page, JOBS.length);
    await expect(alert.count()).resolves.toBe(0);
  });

  it('stopped host shows the message', async () => {
    kiosk = await startTestKiosk({ jobs: JOBS, today: TODAY });
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await kiosk.close();
    kiosk = null;

    await page.getByRole('button', { name: /^政策查询/ }).tap();
    await page.getByRole('alert').filter({ hasText: LOAD_FAILED }).waitFor();
    await expect(
      page.getByRole('alert').getByRole('button', { name: '重试' }).isVisible(),
    ).resolves.toBe(true);
  });

  it('withdrawn posting says so', async () => {
    kiosk = await startTestKiosk({ jobs: JOBS, today: TODAY });
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await waitForTotal(page, JOBS.length);
    const card = page.getByTestId('job-card').first();
    const title = await card.locator('.job-card-title').innerText();
    const withdrawn = JOBS.find((item) => item.title === title);
    if (withdrawn === undefined)
      throw new Error(`Card "${title}" is not a seeded posting.`);
    setJobStatus(kiosk.app.db, withdrawn.uid, 'filled');

    await card.tap();
    await page.getByRole('alert').filter({ hasText: '这个岗位已招满或已下架' }).waitFor();
    await page.getByRole('button', { name: '返回列表' }).tap();
    await waitForTotal(page, JOBS.length - 1);
  });

  it('failed config load offers retry', async () => {
    kiosk = await startTestKiosk({ jobs: JOBS, today: TODAY });
    const page = await browser.open('about:blank');
    await page.route('**/api/kiosk.config', (route) => route.abort('connectionrefused'));
    await page.goto(kiosk.url);
    const alert = page.getByRole('alert').filter({ hasText: LOAD_FAILED });
    await alert.waitFor();

    await page.unroute('**/api/kiosk.config');
    await alert.getByRole('button', { name: '重试' }).tap();
    await page.locator('.attract-invite').waitFor();
  });
});
