import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApiHandlers } from './contract/api.js';
import { loadSettings, type KioskSettings } from './config.js';
import { seedDemoData } from './demo/seed.js';
import type { DeviceManager } from './devices/manager.js';
import { createLogger } from './log.js';
import { createHandlers, localDate } from './services.js';
import { openStore, type Db } from './store/db.js';
import type { SyncClient } from './sync/client.js';
import { startKioskSync } from './sync/start.js';

const log = createLogger('app');

export const STORE_FILE = 'kiosk.sqlite';

export interface AppOptions {
  dataDir: string;
  /** Seed the bundled demo data into an empty store. */
  demo: boolean;
  /** Folder with the bundled demo files; defaultDemoDir() when absent. */
  demoDir?: string;
  today?: () => string;
  /** County server URL; overrides `syncServerUrl` in kiosk.json, and null turns sync off. */
  syncServerUrl?: string | null;
  /** Running device manager (see startDevices in main/devices/start.ts); the host stops it. */
  devices?: DeviceManager | null;
}

/**
 * Finds data/demo beside the nearest package.json above this module. That
 * works for the source tree (main/app.ts) and the Electron bundle
 * (dist/electron/main.mjs), so hosts need not know the layout.
 * NOTE: a packaged app.asar (electron-builder.yml packs package.json and
 * data/demo) should resolve the same way but is untested, because Electron
 * cannot run here.
 */
export function defaultDemoDir(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'data', 'demo');
    if (dirname(dir) === dir) return join(from, 'data', 'demo');
  }
}

/** The running services of one kiosk, independent of the host that shows them. */
export interface KioskApp {
  db: Db;
  settings: KioskSettings;
  handlers: ApiHandlers;
  /** The running sync client, or null when the kiosk does not sync. */
  sync: SyncClient | null;
  close: () => void;
}

/** Opens the data folder, migrates and seeds the store, and builds the API handlers. */
export function startApp(options: AppOptions): KioskApp {
  mkdirSync(options.dataDir, { recursive: true });
  const settings = loadSettings(options.dataDir);
  const db = openStore(join(options.dataDir, STORE_FILE));
  if (options.demo) {
    const summary = seedDemoData(db, log, {
      demoDir: options.demoDir ?? defaultDemoDir(),
      today: options.today?.(),
    });
    if (summary.seeded) log.info(summary, 'demo data imported');
  }
  const serverUrl =
    options.syncServerUrl === undefined ? settings.syncServerUrl : options.syncServerUrl;
  const handlers = createHandlers({
    db,
    settings,
    demo: options.demo,
    today: options.today ?? (() => localDate()),
    devices: options.devices ?? null,
    syncEnabled: serverUrl !== null,
  });
  const sync = startKioskSync({
    db,
    dataDir: options.dataDir,
    serverUrl,
    intervalSeconds: settings.syncIntervalSeconds,
    devices: () => options.devices?.heartbeatDevices() ?? [],
  });
  log.info({ dataDir: options.dataDir, sync: sync !== null }, 'kiosk services started');
  return {
    db,
    settings,
    handlers,
    sync,
    close: () => {
      sync?.halt();
      db.close();
      log.info('kiosk services stopped');
    },
  };
}
