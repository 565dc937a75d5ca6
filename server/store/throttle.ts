import type { Db } from './db.js';

/** Failure limits of one kind of throttle key. */
export interface ThrottlePolicy {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  /** Length of the first lock; each further failure doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

/** Per account: 5 failures, then 1 minute, 2, 4, ... up to 1 hour. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 60_000,
  maxLockMs: 3600_000,
  windowMs: 3600_000,
};

/** Per client address: more room, because one station's staff share an address. */
export const ADDRESS_THROTTLE: ThrottlePolicy = {
  freeFailures: 20,
  baseLockMs: 60_000,
  maxLockMs: 3600_000,
  windowMs: 3600_000,
};

interface ThrottleRow {
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
}

/** Returns how many milliseconds `key` stays locked, or 0. */
export function lockRemainingMs(db: Db, key: string, now: Date): number {
  const row = db
    .prepare<[string], ThrottleRow>(
      'SELECT failures, locked_until, last_failure_at FROM sign_in_throttle WHERE key = ?',
    )
    .get(key);
  if (!row || row.locked_until === null) return 0;
  return Math.max(0, Date.parse(row.locked_until) - now.getTime());
}

/** Counts one failure for `key` and returns the lock it now carries, in milliseconds (0 for none). */
export function recordFailure(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
): number {
  const run = db.transaction((): number => {
    const row = db
      .prepare<[string], ThrottleRow>(
        'SELECT failures, locked_until, last_failure_at FROM sign_in_throttle WHERE key = ?',
      )
      .get(key);
    const stale =
      row !== undefined &&
      now.getTime() - Date.parse(row.last_failure_at) > policy.windowMs;
    const failures = row === undefined || stale ? 1 : row.failures + 1;
    const excess = failures - policy.freeFailures;
    const lockMs =
      excess < 0 ? 0 : Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** excess);
    const lockedUntil =
      lockMs === 0 ? null : new Date(now.getTime() + lockMs).toISOString();
    db.prepare(
      `INSERT INTO sign_in_throttle (key, failures, locked_until, last_failure_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
         locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
    ).run(key, failures, lockedUntil, now.toISOString());
    return lockMs;
  });
  return run();
}

export function clearFailures(db: Db, key: string): void {
  db.prepare('DELETE FROM sign_in_throttle WHERE key = ?').run(key);
}
