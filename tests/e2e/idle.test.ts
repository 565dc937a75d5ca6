import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKiosk, type TestKiosk } from '../helpers/web-host.js';
import { saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { JOBS, TODAY } from './support/fixtures.js';
import { openJobList, tapIntoHome, waitForTotal } from './support/kiosk-page.js';

/** The shortest timeout kiosk.json accepts. */
const IDLE_SECONDS = 10;
const PROMPT_SECONDS = 10;

describe('idle timeout', () => {
  const browser = useKioskBrowser();
  let kiosk: TestKiosk;

  beforeAll(async () => {
    kiosk = await startTestKiosk({
      jobs: JOBS,
      today: TODAY,
      settings: { idleTimeoutSeconds: IDLE_SECONDS },
    });
  });

  afterAll(async () => {
    await kiosk.close();
  });

  // The one test that waits in real time: 10 s to the first prompt, which
  // 继续使用 dismisses, then 10 s to the next prompt and 10 s until it runs out.
  it('idle kiosk forgets the session', { timeout: 60_000 }, async () => {
    const page = await browser.open(kiosk.url);
    await tapIntoHome(page);
    await openJobList(page);
    await page
      .getByRole('group', { name: '常用词' })
      .getByRole('button', { name: '电工' })
      .tap();
    await waitForTotal(page, 1);
    await page.getByRole('button', { name: '长辈模式：关' }).tap();
    await page.getByRole('button', { name: '长辈模式：开' }).waitFor();
    const prompt = page.getByRole('alertdialog', { name: '还在使用吗？' });

    await prompt.waitFor({ timeout: (IDLE_SECONDS + 3) * 1000 });
    await prompt.getByRole('button', { name: '继续使用' }).tap();
    await prompt.waitFor({ state: 'detached' });
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('电工');
    const idleSince = Date.now();

    await prompt.waitFor({ timeout: (IDLE_SECONDS + 3) * 1000 });
    expect(Date.now() - idleSince).toBeGreaterThanOrEqual((IDLE_SECONDS - 1) * 1000);
    const seconds = Number(await prompt.locator('.idle-seconds').innerText());
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(PROMPT_SECONDS);
    await saveManualScreenshot(page, 'idle-prompt');

    // The session is still there under the prompt until it runs out.
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('电工');
    await page
      .locator('.attract-invite')
      .waitFor({ timeout: (PROMPT_SECONDS + 3) * 1000 });
    expect(Date.now() - idleSince).toBeGreaterThanOrEqual(
      (IDLE_SECONDS + PROMPT_SECONDS - 1) * 1000,
    );

    await tapIntoHome(page);
    await page.getByRole('button', { name: '长辈模式：关' }).waitFor();
    await expect(page.locator('html').getAttribute('class')).resolves.not.toContain(
      'elder',
    );
    await openJobList(page);
    await waitForTotal(page, JOBS.length);
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('');
  });
});
