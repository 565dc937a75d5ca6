// The sync acceptance test: a real county server, a kiosk that syncs with it
// every 10 s, and the kiosk screen in Chromium. A posting published on the
// server shows up on the screen, a filled one goes away, and with the server
// stopped the kiosk keeps its postings and shows since when it has not synced.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, STORE_FILE, type KioskApp } from '../../main/app.js';
import { SETTINGS_FILE } from '../../main/config.js';
import { startWebHost, type WebHost } from '../../main/host/web/server.js';
import { openStore } from '../../main/store/db.js';
import { recordRating } from '../../main/store/records.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { readSyncStatus } from '../../main/sync/status.js';
import {
  startCountyServer,
  TEST_STATION,
  type CountyServer,
} from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { BUILT_SCREENS } from '../helpers/web-host.js';
import { PORTRAIT, saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { cardTitles, fontSize, openJobList, tapIntoHome } from './support/kiosk-page.js';

const SYNC_INTERVAL_SECONDS = 10;
/** Titles of the postings that stay published on the server, sorted. */
const CACHED_TITLES = ['果园修剪工', '苹果采摘工', '花椒烘干工'].sort();
/** Maximum wait for one sync: the 10 s interval plus the attempt and reopening the list. */
const SYNC_WAIT_MS = 25_000;

/** Polls `check` about once a second until it returns true or `timeoutMs` passes. */
async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean> | boolean,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Goes home and opens the job list again, so it queries the store afresh. */
async function reopenJobList(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: '返回首页' }).tap();
  await page.getByRole('heading', { name: '您好！请选择服务' }).waitFor();
  await openJobList(page);
  return cardTitles(page);
}

async function searchTitle(page: Page, title: string): Promise<void> {
  await page.getByRole('searchbox', { name: '搜索岗位' }).fill(title);
  await page.getByRole('search').getByRole('button', { name: '搜索' }).tap();
  await page.locator('[data-testid="job-list"][aria-busy="false"]').waitFor();
}

/** The M月D日 HH:MM the screen should show for `iso`, in the page's time zone. */
function shanghaiStamp(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}

describe('live sync', () => {
  const browser = useKioskBrowser();
  const temp = makeTempDir('kiosk-sync-live');
  let server: CountyServer;
  let app: KioskApp | null = null;
  let host: WebHost | null = null;

  beforeAll(async () => {
    server = await startCountyServer();
    await server.publishJob({ title: '苹果采摘工' });
    await server.publishJob({ title: '果园修剪工', kind: 'seasonal' });

    const db = openStore(join(temp.dir, STORE_FILE));
    try {
      await enrolKiosk({
        db,
        dataDir: temp.dir,
        serverUrl: server.url,
        code: await server.createEnrolmentCode(),
        name: 'e2e 同步测试机',
        version: '0.0.0-test',
      });
    } finally {
      db.close();
    }
    writeFileSync(
      join(temp.dir, SETTINGS_FILE),
      JSON.stringify({
        syncServerUrl: server.url,
        syncIntervalSeconds: SYNC_INTERVAL_SECONDS,
        // A short rotation cycle, so the attract loop reloads its highlights every few seconds.
        attractRotateSeconds: 2,
      }),
    );

    app = startApp({ dataDir: temp.dir, demo: false });
    const kioskApp = app;
    await waitUntil(
      'the first sync ends',
      SYNC_WAIT_MS,
      () => readSyncStatus(kioskApp.db).lastSyncAt !== null,
    );
    host = await startWebHost({
      handlers: app.handlers,
      staticDir: BUILT_SCREENS,
      port: 0,
    });
  });

  afterAll(async () => {
    await host?.close();
    app?.close();
    await server?.stop();
    temp.remove();
  });

  it('publish, fill and outage reach the screen', async () => {
    if (app === null || host === null) throw new Error('The kiosk did not start.');
    const kioskApp = app;
    expect(kioskApp.sync).not.toBeNull();

    const page = await browser.open(host.urls.kiosk);
    const statusLine = page.getByTestId('sync-status');
    await statusLine.waitFor();
    await expect(statusLine.innerText()).resolves.toMatch(
      /^岗位信息更新于 (\d+月\d+日 )?\d{2}:\d{2}$/,
    );
    // On the attract loop the line sits in the bottom corner, inside the screen.
    const attractBox = await page.locator('.attract-sync-status').boundingBox();
    expect(attractBox).not.toBeNull();
    expect((attractBox?.y ?? 0) + (attractBox?.height ?? 0)).toBeLessThanOrEqual(
      PORTRAIT.height,
    );
    expect(attractBox?.y ?? 0).toBeGreaterThan(PORTRAIT.height * 0.8);

    // A highlighted posting published while the attract loop runs joins it.
    await server.publishJob({ title: '花椒烘干工', highlighted: true });
    const highlight = page.getByTestId('highlight').locator('.attract-card-title');
    const highlightMs = await waitUntil(
      'the attract loop shows the new highlight',
      SYNC_WAIT_MS,
      async () => (await highlight.innerText()) === '花椒烘干工',
    );
    console.log(`new highlight on the attract loop after ${highlightMs} ms`);

    await tapIntoHome(page);
    await openJobList(page);
    expect((await cardTitles(page)).sort()).toEqual(CACHED_TITLES);

    // Published on the server: in the open list after the next sync, with
    // no tap. The server is new for this file, so the title is unique there.
    const title = '物流园装卸工';
    const published = await server.publishJob({ title });
    const appearedMs = await waitUntil(
      'the published posting is listed',
      SYNC_WAIT_MS,
      async () => (await cardTitles(page)).includes(title),
    );
    console.log(`published posting listed after ${appearedMs} ms`);
    await expect(statusLine.innerText()).resolves.toMatch(
      /^岗位信息更新于 (\d+月\d+日 )?\d{2}:\d{2}$/,
    );
    await expect(page.locator('.screen-sync-status.is-offline').count()).resolves.toBe(0);
    await saveManualScreenshot(page, 'sync-status-ok');

    await searchTitle(page, title);
    await expect(
      page.getByRole('status').filter({ hasText: '共 1 个岗位' }).count(),
    ).resolves.toBe(1);
    await expect(cardTitles(page)).resolves.toEqual([title]);

    // Marked filled on the server: gone from the open search result, with
    // no tap, then from the list and a new search.
    const filled = await server.admin('POST', `/api/admin/jobs/${published.id}/fill`);
    expect(filled.status).toBe(200);
    const goneMs = await waitUntil(
      'the filled posting leaves the open search result',
      SYNC_WAIT_MS,
      async () => !(await cardTitles(page)).includes(title),
    );
    console.log(`filled posting gone after ${goneMs} ms`);
    await expect(
      page.getByText('没有找到合适的岗位，换个条件试试').isVisible(),
    ).resolves.toBe(true);
    expect((await reopenJobList(page)).sort()).toEqual(CACHED_TITLES);
    await searchTitle(page, title);
    await expect(
      page.getByText('没有找到合适的岗位，换个条件试试').isVisible(),
    ).resolves.toBe(true);

    // Server stopped: the cache stays on screen and the line shows since when.
    await server.stop();
    recordRating(kioskApp.db, { rating: 5, station: TEST_STATION.id });
    const offlineMs = await waitUntil(
      'the status line shows 网络中断',
      2 * SYNC_WAIT_MS,
      async () => {
        await reopenJobList(page);
        return (await statusLine.innerText()).includes('网络中断');
      },
    );
    console.log(`offline line shown ${offlineMs} ms after the server stopped`);

    const status = readSyncStatus(kioskApp.db);
    expect(status.lastErrorCode).toBe('NETWORK');
    expect(status.lastSyncAt).not.toBeNull();
    await expect(statusLine.locator('.sync-status-text').innerText()).resolves.toBe(
      `网络中断，显示的是 ${shanghaiStamp(status.lastSyncAt ?? '')} 保存的岗位信息`,
    );
    await expect(statusLine.locator('.sync-status-pending').innerText()).resolves.toBe(
      '待上传 1 条',
    );
    expect((await cardTitles(page)).sort()).toEqual(CACHED_TITLES);
    await saveManualScreenshot(page, 'sync-status-offline');

    // The line stays readable in elder mode: it grows with the rest of the screen.
    const normalSize = await fontSize(statusLine);
    await page.getByRole('button', { name: '长辈模式：关' }).tap();
    await page.getByRole('button', { name: '长辈模式：开' }).waitFor();
    const elderSize = await fontSize(statusLine);
    expect(normalSize).toBeGreaterThanOrEqual(20);
    expect(elderSize).toBeGreaterThan(normalSize * 1.3);
  });
});
