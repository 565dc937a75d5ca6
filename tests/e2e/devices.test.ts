import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type KioskApp } from '../../main/app.js';
import { SETTINGS_FILE } from '../../main/config.js';
import { jobQuerySchema } from '../../main/contract/catalogue.js';
import { simulatorConfig } from '../../main/devices/config.js';
import { DeviceManager } from '../../main/devices/manager.js';
import { startWebHost, type WebHost } from '../../main/host/web/server.js';
import { searchJobs, upsertJobs } from '../../main/store/jobs.js';
import { TEST_CITIZEN } from '../../native/idcard/index.js';
import { BUILT_SCREENS } from '../helpers/web-host.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { saveManualScreenshot, useKioskBrowser } from './support/browser.js';
import { ELECTRICIAN, JOBS, TODAY } from './support/fixtures.js';
import { openJobList, tapIntoHome, waitForTotal } from './support/kiosk-page.js';
import { waitFor } from '../helpers/wait.js';

/** The station's public job page; a posting's link is this plus its id. */
const PUBLIC_JOB_URL = 'https://jobs.example.cn/job/';

describe('kiosk devices', () => {
  const browser = useKioskBrowser();
  const temp = makeTempDir('devices-e2e');
  let devices: DeviceManager;
  let app: KioskApp;
  let host: WebHost;
  // What beforeAll started, so that a failure part-way still stops the simulators' socat.
  const started: Array<() => unknown> = [];

  const state = (id: 'idcard' | 'printer') =>
    devices.status().find((device) => device.id === id)?.state;

  beforeAll(async () => {
    devices = await DeviceManager.start({
      dataDir: temp.dir,
      config: simulatorConfig(),
      stationName: '宜川县零工市场',
      printerPollMs: 500,
      reconnectMs: 500,
    });
    started.push(() => devices.stop());
    // With a public job page, the QR codes carry the posting's link.
    writeFileSync(
      join(temp.dir, SETTINGS_FILE),
      JSON.stringify({ publicJobUrl: PUBLIC_JOB_URL }),
    );
    app = startApp({ dataDir: temp.dir, demo: false, today: () => TODAY, devices });
    started.push(() => app.close());
    upsertJobs(app.db, JOBS);
    host = await startWebHost({
      handlers: app.handlers,
      staticDir: BUILT_SCREENS,
      port: 0,
    });
    started.push(() => host.close());
    await waitFor(
      () => state('idcard') === 'ready' && state('printer') === 'ready',
      8000,
      'devices ready',
    );
  });

  afterEach(async () => {
    devices.simulators?.clearFaults();
    devices.simulators?.removeCard();
    devices.simulators?.flushCapture();
    await waitFor(() => state('printer') === 'ready', 5000, 'printer ready after test');
  });

  afterAll(async () => {
    for (const stop of started.reverse()) await stop();
    temp.remove();
  });

  /**
   * Opens the ID card screen. With the reader unplugged the screen may show
   * its error before the waiting state ever paints, so only a working reader
   * waits for the waiting state here.
   */
  async function openIdCardScreen(expectWaiting = true): Promise<Page> {
    const page = await browser.open(host.urls.kiosk);
    await tapIntoHome(page);
    await page.getByRole('button', { name: /^身份证登记求职/ }).tap();
    if (expectWaiting) await page.getByTestId('idcard-waiting').waitFor();
    return page;
  }

  async function openDetail(title: string): Promise<Page> {
    const page = await browser.open(host.urls.kiosk);
    await tapIntoHome(page);
    await openJobList(page);
    await waitForTotal(page, JOBS.length);
    await page.getByTestId('job-card').filter({ hasText: title }).tap();
    await page.getByTestId('job-detail').waitFor();
    return page;
  }

  it('placed card shows masked data', async () => {
    const page = await openIdCardScreen();
    await expect(page.getByText('请将身份证放在读卡区').isVisible()).resolves.toBe(true);
    await saveManualScreenshot(page, 'idcard-waiting');

    devices.simulators?.placeCard();
    await page.getByTestId('idcard-result').waitFor();
    const field = (name: string) => page.locator(`[data-field="${name}"] dd`).innerText();
    await expect(field('name')).resolves.toBe('张*丰');
    await expect(field('idNumber')).resolves.toBe('610630********1236');
    await expect(field('cardType')).resolves.toBe('居民身份证');
    await expect(page.getByText('求职登记功能即将开放').isVisible()).resolves.toBe(true);
    await saveManualScreenshot(page, 'idcard-result');

    const html = await page.content();
    expect(html).not.toContain(TEST_CITIZEN.idNumber);
    expect(html).not.toContain(TEST_CITIZEN.name);
    expect(html).not.toContain(TEST_CITIZEN.address);
  });

  it('unplugged reader shows words', async () => {
    await devices.simulators?.unplug('idcard');
    await waitFor(() => state('idcard') === 'disconnected', 5000, 'reader disconnected');
    try {
      const page = await openIdCardScreen(false);
      const alert = page.getByTestId('idcard-error');
      await alert.waitFor();
      await expect(alert.innerText()).resolves.toContain('读卡器未连接，请联系工作人员');
      await saveManualScreenshot(page, 'idcard-reader-unplugged');
    } finally {
      await devices.simulators?.replug('idcard');
      await waitFor(() => state('idcard') === 'ready', 8000, 'reader ready again');
    }
  });

  it('unreadable card asks to re-place', async () => {
    devices.simulators?.setCardFault('bad-checksum', true);
    const page = await openIdCardScreen();
    devices.simulators?.placeCard();
    await page.getByText('读卡失败，请重新放置身份证').waitFor();
    devices.simulators?.setCardFault('bad-checksum', false);
    devices.simulators?.placeCard();
    await page.getByTestId('idcard-result').waitFor();
    await expect(page.locator('[data-field="name"] dd').innerText()).resolves.toBe(
      '张*丰',
    );
  });

  it('print button prints the slip', async () => {
    const page = await openDetail(ELECTRICIAN.title);
    await page.getByRole('button', { name: '打印岗位单' }).tap();
    const result = page.getByTestId('print-result');
    await result.waitFor();
    await expect(result.innerText()).resolves.toBe('打印完成，请取走岗位单');
    await saveManualScreenshot(page, 'print-done');

    const capture = devices.simulators?.flushCapture();
    const lines = capture?.document.lines.map((line) => line.text) ?? [];
    expect(lines).toContain(ELECTRICIAN.title);
    expect(lines.some((line) => line.includes(ELECTRICIAN.employer))).toBe(true);
    expect(lines.some((line) => line.includes('4500-6000元/月'))).toBe(true);
    const seeded = searchJobs(app.db, jobQuerySchema.parse({ limit: 100 }), TODAY);
    const id = seeded.items.find((item) => item.title === ELECTRICIAN.title)?.id ?? 0;
    const shareText = (await app.handlers['jobs.get']({ id })).shareText;
    expect(shareText).toBe(`${PUBLIC_JOB_URL}${id}`);
    expect(capture?.document.qrCodes).toEqual([shareText]);

    // The screen's QR code and the printed one carry the same text.
    const png = PNG.sync.read(await page.locator('img.qr-image').screenshot());
    const decoded = jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(
      decoded === null ? null : Buffer.from(decoded.binaryData).toString('utf8'),
    ).toBe(shareText);
  });

  it('paper out shows words', async () => {
    devices.simulators?.setPrinterFault('paper-out', true);
    await waitFor(() => state('printer') === 'fault', 5000, 'printer fault');
    const page = await openDetail(ELECTRICIAN.title);
    await page.getByRole('button', { name: '打印岗位单' }).tap();
    const result = page.getByTestId('print-result');
    await result.waitFor();
    await expect(result.innerText()).resolves.toBe('打印机缺纸，请联系工作人员');
    await saveManualScreenshot(page, 'print-paper-out');
    expect(devices.simulators).not.toBeNull();
    expect(devices.simulators!.flushCapture()).toBeUndefined();
  });

  it('long press opens device status', async () => {
    devices.simulators?.setPrinterFault('paper-near-end', true);
    await waitFor(() => state('printer') === 'warning', 5000, 'printer warning');
    const page = await browser.open(host.urls.kiosk);
    await tapIntoHome(page);
    const station = page.locator('.topbar-station');
    await station.tap();
    await expect(page.getByTestId('device-idcard').count()).resolves.toBe(0);

    const box = await station.boundingBox();
    if (box === null) throw new Error('The station name has no bounding box.');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(3300);
    await page.mouse.up();
    await page.getByTestId('device-idcard').waitFor();
    await expect(
      page.getByTestId('device-idcard').locator('[data-field="state"]').innerText(),
    ).resolves.toBe('正常');
    await expect(
      page.getByTestId('device-printer').locator('[data-field="state"]').innerText(),
    ).resolves.toBe('需要注意');
    await expect(page.getByTestId('device-printer').innerText()).resolves.toContain(
      '纸卷快用完了',
    );
    await saveManualScreenshot(page, 'device-status');
  });
});
