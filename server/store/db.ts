import {
  latestVersion as highestVersion,
  openStore,
  type Db,
} from '../../main/store/db.js';
import { migrations, type Migration } from './migrations/index.js';

export type { Db };

/** File name of the server database inside the data folder. */
export const SERVER_DB_FILE = 'county.sqlite';

/** Returns the highest schema version of the server database that this release supports. */
export function latestVersion(steps: readonly Migration[] = migrations): number {
  return highestVersion(steps);
}

/**
 * Opens (or creates) the server database with the kiosk store's runner: WAL
 * mode, and DbVersionFromFutureError for a file from a newer release, so that
 * rolling back the server never damages data.
 */
export function openServerDb(file: string, steps: readonly Migration[] = migrations): Db {
  return openStore(file, steps);
}
