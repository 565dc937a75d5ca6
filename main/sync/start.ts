import type { HeartbeatRequest } from '../contract/sync.js';
import { createLogger } from '../log.js';
import type { Db } from '../store/db.js';
import { SyncClient } from './client.js';
import { loadCredential } from './credential.js';
import { kioskVersion } from './version.js';

const log = createLogger('sync');

export interface KioskSyncOptions {
  db: Db;
  dataDir: string;
  /** County server base URL, or null when this kiosk does not sync. */
  serverUrl: string | null;
  intervalSeconds: number;
  /** Device health for each heartbeat. */
  devices?: () => HeartbeatRequest['devices'];
}

/**
 * Starts the sync client for the kiosk app when a server URL is set and the
 * kiosk is enrolled. Returns null otherwise, and logs why, so that a kiosk
 * without sync keeps serving its local store.
 */
export function startKioskSync(options: KioskSyncOptions): SyncClient | null {
  if (options.serverUrl === null) return null;
  let credential;
  try {
    credential = loadCredential(options.db, options.dataDir);
  } catch (error) {
    log.error(
      { err: error },
      'kiosk credential cannot be read; sync is off until the kiosk is enrolled again',
    );
    return null;
  }
  if (credential === null) {
    log.warn(
      { serverUrl: options.serverUrl },
      'sync server is set but the kiosk is not enrolled; run main/sync/cli.ts with --enrol CODE',
    );
    return null;
  }
  const client = new SyncClient({
    db: options.db,
    serverUrl: options.serverUrl,
    credential,
    intervalMs: options.intervalSeconds * 1000,
    version: kioskVersion(),
    ...(options.devices === undefined ? {} : { devices: options.devices }),
  });
  client.start();
  return client;
}
