import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEVICES_FILE,
  DevicesConfigError,
  simulatorConfig,
} from '../../main/devices/config.js';
import { DeviceManager } from '../../main/devices/manager.js';
import { startDevices } from '../../main/devices/start.js';
import { TEST_CITIZEN } from '../../native/idcard/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

describe('startDevices', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function dataDir(devicesJson?: unknown): string {
    const temp = makeTempDir('devices-start');
    cleanups.push(temp.remove);
    if (devicesJson !== undefined) {
      writeFileSync(join(temp.dir, DEVICES_FILE), JSON.stringify(devicesJson));
    }
    return temp.dir;
  }

  it('real devices need devices.json', async () => {
    const start = startDevices({
      dataDir: dataDir(),
      stationName: '站',
      realDevices: true,
    });
    await expect(start).rejects.toThrow(DevicesConfigError);
    await expect(
      startDevices({ dataDir: dataDir(), stationName: '站', realDevices: true }),
    ).rejects.toThrow(/needs devices\.json/);
  });

  it('real devices reject a simulator', async () => {
    const dir = dataDir({ idcard: { transport: 'none' } });
    await expect(
      startDevices({ dataDir: dir, stationName: '站', realDevices: true }),
    ).rejects.toThrow(/still names a simulator/);
  });

  it('real devices reject a simulated scanner', async () => {
    const dir = dataDir({
      idcard: { transport: 'none' },
      printer: { transport: 'none' },
      scanner: { transport: 'simulator' },
    });
    await expect(
      startDevices({ dataDir: dir, stationName: '站', realDevices: true }),
    ).rejects.toThrow(/still names a simulator/);
  });

  it('keeps the card for the idle timeout', async () => {
    const manager = await startDevices({
      dataDir: dataDir({
        printer: { transport: 'none' },
        scanner: { transport: 'none' },
      }),
      stationName: '站',
      idleTimeoutSeconds: 1,
      realDevices: false,
    });
    cleanups.push(() => manager.stop());
    await waitFor(() => manager.status()[0]?.state === 'ready', 5000, 'reader ready');
    const reading = manager.idcard?.read(5000);
    manager.simulators?.placeCard();
    await expect(reading).resolves.toMatchObject({ name: '张*丰' });
    expect(manager.idcard?.currentCard()).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(manager.idcard?.currentCard()).toBeNull();
  });

  it('runs with every device off', async () => {
    const dir = dataDir({
      idcard: { transport: 'none' },
      printer: { transport: 'none' },
      scanner: { transport: 'none' },
    });
    const manager = await startDevices({
      dataDir: dir,
      stationName: '站',
      realDevices: true,
    });
    cleanups.push(() => manager.stop());
    expect(manager.simulators).toBeNull();
    expect(manager.status().map((device) => device.state)).toEqual([
      'not-configured',
      'not-configured',
      'not-configured',
    ]);
    expect(manager.heartbeatDevices()).toEqual([]);
  });

  it('reports a missing serial port', async () => {
    const dir = dataDir({
      idcard: { transport: 'serial', path: join(dataDir(), 'no-such-tty') },
      printer: { transport: 'none' },
    });
    const manager = await startDevices({
      dataDir: dir,
      stationName: '站',
      realDevices: false,
    });
    cleanups.push(() => manager.stop());
    await waitFor(
      () => manager.status()[0]?.state === 'disconnected',
      5000,
      'reader disconnected',
    );
    expect(manager.status()[0]?.code).toBe('READER_DISCONNECTED');
    await expect(manager.idcard?.read(1000)).rejects.toMatchObject({
      code: 'READER_DISCONNECTED',
    });
  });

  it('forgets the card after the idle timeout', async () => {
    const manager = await DeviceManager.start({
      dataDir: dataDir(),
      config: simulatorConfig(),
      stationName: '站',
      forceLoopback: true,
      keepCardMs: 300,
    });
    cleanups.push(() => manager.stop());
    await waitFor(() => manager.status()[0]?.state === 'ready', 5000, 'reader ready');
    const reading = manager.idcard?.read(5000);
    manager.simulators?.placeCard();
    await expect(reading).resolves.toMatchObject({ name: '张*丰' });
    expect(manager.idcard?.currentCard()?.name).toBe(TEST_CITIZEN.name);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(manager.idcard?.currentCard()).toBeNull();
  });
});
