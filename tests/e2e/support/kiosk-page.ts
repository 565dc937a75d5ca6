// Steps and measurements on the kiosk screen that several test files share.
// The Node test build has no DOM types, so page functions either declare the
// few members they use or are string expressions.
import type { Locator, Page } from 'playwright-core';

/** Waits for the attract loop and taps it to reach the home screen. */
export async function tapIntoHome(page: Page): Promise<void> {
  await page.locator('.attract-invite').waitFor();
  await page.locator('.attract').tap({ position: { x: 40, y: 40 } });
  await page.getByRole('heading', { name: '您好！请选择服务' }).waitFor();
}

/** Opens the job list from the home screen through the 找工作 tile. */
export async function openJobList(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^找工作/ }).tap();
  await page.locator('[data-testid="job-list"][aria-busy="false"]').waitFor();
}

/** Waits until the list shows `total` postings and is no longer loading. */
export async function waitForTotal(page: Page, total: number): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: `共 ${total} 个岗位` })
    .waitFor();
  await page.locator('[data-testid="job-list"][aria-busy="false"]').waitFor();
}

/** Titles of the job cards on the current page, in screen order. */
export async function cardTitles(page: Page): Promise<string[]> {
  return page.locator('[data-testid="job-card"] .job-card-title').allInnerTexts();
}

interface StyledElement {
  ownerDocument: {
    defaultView: { getComputedStyle: (element: unknown) => { fontSize: string } };
  };
}

/** Computed font size of the first matching element, in CSS pixels. */
export async function fontSize(locator: Locator): Promise<number> {
  return locator
    .first()
    .evaluate((el: StyledElement) =>
      parseFloat(el.ownerDocument.defaultView.getComputedStyle(el).fontSize),
    );
}

export async function scrollTop(locator: Locator): Promise<number> {
  return locator.evaluate((el: { scrollTop: number }) => el.scrollTop);
}

/** Elements that stick out of the viewport sideways, as "tag.class: text". */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width) found.push('document: ' + document.documentElement.scrollWidth);
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
        found.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 20));
      }
    }
    return found;
  })()`);
}

/** Visible buttons and inputs lower than `minHeight` CSS pixels, as "height: text". */
export async function smallTargets(page: Page, minHeight: number): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const found = [];
    for (const el of document.querySelectorAll('button, input')) {
      const box = el.getBoundingClientRect();
      if (box.height > 0 && box.height < ${minHeight}) {
        found.push(Math.round(box.height) + ': ' + (el.textContent || el.getAttribute('aria-label')));
      }
    }
    return found;
  })()`);
}

/** Titles of job cards that are not wholly inside the visible list area. */
export async function cardsOutsideList(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const list = document.querySelector('[data-testid="job-list"]').getBoundingClientRect();
    const found = [];
    for (const card of document.querySelectorAll('[data-testid="job-card"]')) {
      const box = card.getBoundingClientRect();
      if (box.top < list.top - 1 || box.bottom > list.bottom + 1) found.push(card.querySelector('.job-card-title').textContent);
    }
    return found;
  })()`);
}

/** Drags one finger from (x, fromY) to (x, toY) through Chromium's touch input. */
export async function swipe(
  page: Page,
  x: number,
  fromY: number,
  toY: number,
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const at = (y: number) => [{ x, y }];
  const steps = 20;
  await cdp.send('Input.dispatchTouchEvent', {
    type: 'touchStart',
    touchPoints: at(fromY),
  });
  for (let i = 1; i <= steps; i++) {
    const y = fromY + ((toY - fromY) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(y) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
