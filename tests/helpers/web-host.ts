import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startApp, type KioskApp } from '../../main/app.js';
import { SETTINGS_FILE, type KioskSettings } from '../../main/config.js';
import { upsertJobs, type JobInput } from '../../main/store/jobs.js';
import { upsertPolicies, type PolicyInput } from '../../main/store/policies.js';
import { startWebHost, type WebHost } from '../../main/host/web/server.js';
import { makeTempDir } from './temp-dir.js';

/** Folder of the built screens; `npm run build` writes it. */
export const BUILT_SCREENS = resolve(import.meta.dirname, '../../dist/renderer');

export interface TestKioskOptions {
  jobs?: readonly JobInput[];
  policies?: readonly PolicyInput[];
  /** Written to kiosk.json in the data folder before the services start. */
  settings?: Partial<KioskSettings>;
  /** Seed the bundled demo data into the empty store. */
  demo?: boolean;
  /** Today's date (YYYY-MM-DD) for "posted in the last N days". */
  today?: string;
}

export interface TestKiosk {
  /** The kiosk screen's URL, with the token in its fragment. */
  url: string;
  app: KioskApp;
  host: WebHost;
  dataDir: string;
  close: () => Promise<void>;
}

/**
 * Starts the real kiosk services on a fresh temp data folder, seeds the
 * given postings and policies, and serves the built screens on a free
 * loopback port.
 */
export async function startTestKiosk(options: TestKioskOptions = {}): Promise<TestKiosk> {
  const temp = makeTempDir('kiosk-e2e');
  if (options.settings !== undefined) {
    writeFileSync(join(temp.dir, SETTINGS_FILE), JSON.stringify(options.settings));
  }
  const today = options.today;
  const app = startApp({
    dataDir: temp.dir,
    demo: options.demo ?? false,
    // Test kiosks never sync with a county server.
    syncServerUrl: null,
    ...(today === undefined ? {} : { today: () => today }),
  });
  let host: WebHost;
  try {
    if (options.jobs !== undefined) upsertJobs(app.db, options.jobs);
    if (options.policies !== undefined) upsertPolicies(app.db, options.policies);
    host = await startWebHost({
      handlers: app.handlers,
      staticDir: BUILT_SCREENS,
      port: 0,
    });
  } catch (error) {
    app.close();
    temp.remove();
    throw error;
  }
  return {
    url: host.urls.kiosk,
    app,
    host,
    dataDir: temp.dir,
    close: async () => {
      await host.close();
      app.close();
      temp.remove();
    },
  };
}
