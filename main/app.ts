import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiHandlers } from './contract/api.js';
import { loadSettings, type KioskSettings } from './config.js';
import { seedDemoData } from './demo/seed.js';
import { createLogger } from './log.js';
import { createHandlers, localDate } from './services.js';
import { openStore, type Db } from './store/db.js';

const log = createLogger('app');

export const STORE_FILE = 'kiosk.sqlite';

export interface AppOptions {
  dataDir: string;
  /** Seed the bundled demo data into an empty store. */
  demo: boolean;
  today?: () => string;
}

/** The running services of one kiosk, independent of the host that shows them. */
export interface KioskApp {
  db: Db;
  settings: KioskSettings;
  handlers: ApiHandlers;
  close: () => void;
}

/** Opens the data folder, migrates and seeds the store, and builds the API handlers. */
export function startApp(options: AppOptions): KioskApp {
  mkdirSync(options.dataDir, { recursive: true });
  const settings = loadSettings(options.dataDir);
  const db = openStore(join(options.dataDir, STORE_FILE));
  if (options.demo) {
    const summary = seedDemoData(db, log);
    if (summary.seeded) log.info(summary, 'demo data imported');
  }
  const handlers = createHandlers({
    db,
    settings,
    demo: options.demo,
    today: options.today ?? (() => localDate()),
  });
  log.info({ dataDir: options.dataDir }, 'kiosk services started');
  return {
    db,
    settings,
    handlers,
    close: () => {
      db.close();
      log.info('kiosk services stopped');
    },
  };
}
