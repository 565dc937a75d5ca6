import Database from 'better-sqlite3';
import { createLogger } from '../log.js';
import { DbVersionFromFutureError } from './errors.js';
import { migrations, type Migration } from './migrations/index.js';

const log = createLogger('store');

export type Db = Database.Database;

/**
 * Returns a function that gives what `build` makes for a connection, built on
 * the first call per connection and reused after, such as the prepared
 * statements of a hot path.
 */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) {
      value = build(db);
      built.set(db, value);
    }
    return value;
  };
}

/** Returns the highest schema version that this release supports. */
export function latestVersion(steps: readonly Migration[] = migrations): number {
  return steps.reduce((max, step) => Math.max(max, step.version), 0);
}

/**
 * Opens (or creates) a SQLite store in WAL mode and brings its schema up to
 * date. Raises DbVersionFromFutureError for a file from a newer release
 * instead of touching it, because kiosks get rolled back.
 */
export function openStore(file: string, steps: readonly Migration[] = migrations): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, steps);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies every step newer than the file's `user_version`, one transaction each. */
export function migrate(
  db: Db,
  file: string,
  steps: readonly Migration[] = migrations,
): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(steps);
  if (current > latest) {
    throw new DbVersionFromFutureError(current, latest, file);
  }

  const pending = [...steps].filter((step) => step.version > current);
  pending.sort((a, b) => a.version - b.version);
  for (const step of pending) {
    const apply = db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    });
    apply();
    log.info({ version: step.version, migration: step.name, file }, 'migration applied');
  }
}
