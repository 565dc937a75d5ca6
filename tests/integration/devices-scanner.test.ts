import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../main/contract/api.js';
import { dispatch } from '../../main/contract/dispatch.js';
import { simulatorConfig } from '../../main/devices/config.js';
import { createDeviceHandlers } from '../../main/devices/handlers.js';
import { DeviceManager } from '../../main/devices/manager.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

describe('simulated HID scanner', () => {
  const temp = makeTempDir('devices-scanner');
  let manager: DeviceManager;
  let handlers: ApiHandlers;

  const scannerState = () => manager.status()[2]?.state;
  const call = (method: string, params: unknown) =>
    dispatch(handlers, method, params, (error) => {
      throw error;
    });

  beforeAll(async () => {
    manager = await DeviceManager.start({
      dataDir: temp.dir,
      config: { ...simulatorConfig(), scanner: { transport: 'simulator' } },
      stationName: '站',
      forceLoopback: true,
      reconnectMs: 200,
    });
    handlers = createDeviceHandlers(manager, () => {
      throw new Error('no postings in this test');
    }) as unknown as ApiHandlers;
    await waitFor(() => scannerState() === 'ready', 5000, 'scanner ready');
  });

  afterAll(async () => {
    await manager.stop();
    temp.remove();
  });

  it('returns a scanned code', async () => {
    const reading = call('scanner.read', { waitSeconds: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await manager.simulators?.scan('https://127.0.0.1/jobs/7');
    await expect(reading).resolves.toEqual({
      ok: true,
      value: { text: 'https://127.0.0.1/jobs/7', symbology: 'QR Code' },
    });
  });

  it('answers NO_SCAN after the wait', async () => {
    await expect(call('scanner.read', { waitSeconds: 1 })).resolves.toEqual({
      ok: false,
      error: { code: 'NO_SCAN', message: '没有扫到二维码，请把二维码对准扫码窗口' },
    });
  });

  it('recovers an unplugged scanner', async () => {
    const reading = call('scanner.read', { waitSeconds: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await manager.simulators?.unplug('scanner');
    await expect(reading).resolves.toMatchObject({
      ok: false,
      error: { code: 'SCANNER_DISCONNECTED' },
    });
    expect(scannerState()).toBe('disconnected');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(scannerState()).toBe('disconnected');
    await manager.simulators?.replug('scanner');
    await waitFor(() => scannerState() === 'ready', 5000, 'scanner ready after re-plug');
    const again = call('scanner.read', { waitSeconds: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await manager.simulators?.scan('6901234567892');
    await expect(again).resolves.toMatchObject({
      ok: true,
      value: { text: '6901234567892' },
    });
  });
});
