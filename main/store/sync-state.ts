import type { Cursor } from '../contract/sync.js';
import type { Db } from './db.js';

/** The one row of `sync_state`, in camel case. Times are kiosk-clock ISO strings. */
export interface SyncState {
  cursor: Cursor | null;
  snapshot: { cursor: Cursor; nextPage: string | null } | null;
  lastPullAt: string | null;
  lastPushAt: string | null;
  lastSyncAt: string | null;
  lastErrorCode: string | null;
  lastError: string | null;
  offlineSince: string | null;
  clockOffsetMs: number | null;
  kioskId: string | null;
  station: string | null;
  credential: string | null;
}

interface SyncStateRow {
  cursor_epoch: string | null;
  cursor_revision: number;
  snapshot_epoch: string | null;
  snapshot_revision: number | null;
  snapshot_next_page: string | null;
  last_pull_at: string | null;
  last_push_at: string | null;
  last_sync_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  offline_since: string | null;
  clock_offset_ms: number | null;
  kiosk_id: string | null;
  station: string | null;
  credential: string | null;
}

/** Reads the sync state row that migration 0020 creates. */
export function readSyncState(db: Db): SyncState {
  const row = db.prepare<[], SyncStateRow>('SELECT * FROM sync_state WHERE id = 1').get();
  if (row === undefined)
    throw new Error('sync_state has no row: the store was not migrated.');
  const hasSnapshot = row.snapshot_epoch !== null && row.snapshot_revision !== null;
  return {
    cursor:
      row.cursor_epoch === null
        ? null
        : { epoch: row.cursor_epoch, revision: row.cursor_revision },
    snapshot: hasSnapshot
      ? {
          cursor: { epoch: row.snapshot_epoch!, revision: row.snapshot_revision! },
          nextPage: row.snapshot_next_page,
        }
      : null,
    lastPullAt: row.last_pull_at,
    lastPushAt: row.last_push_at,
    lastSyncAt: row.last_sync_at,
    lastErrorCode: row.last_error_code,
    lastError: row.last_error,
    offlineSince: row.offline_since,
    clockOffsetMs: row.clock_offset_ms,
    kioskId: row.kiosk_id,
    station: row.station,
    credential: row.credential,
  };
}

/** Stores the pull cursor. Callers run it in the transaction that applies the page. */
export function writeCursor(db: Db, cursor: Cursor, pulledAt: string): void {
  db.prepare(
    'UPDATE sync_state SET cursor_epoch = ?, cursor_revision = ?, last_pull_at = ? WHERE id = 1',
  ).run(cursor.epoch, cursor.revision, pulledAt);
}

/** Stores or clears the snapshot being loaded and the token of its next page. */
export function writeSnapshotProgress(
  db: Db,
  progress: { cursor: Cursor; nextPage: string | null } | null,
): void {
  db.prepare(
    `UPDATE sync_state SET snapshot_epoch = ?, snapshot_revision = ?, snapshot_next_page = ?
     WHERE id = 1`,
  ).run(
    progress?.cursor.epoch ?? null,
    progress?.cursor.revision ?? null,
    progress?.nextPage ?? null,
  );
}

export function writeLastPush(db: Db, pushedAt: string): void {
  db.prepare('UPDATE sync_state SET last_push_at = ? WHERE id = 1').run(pushedAt);
}

/** Records a complete sync: clears the error and the offline time. */
export function writeSyncSuccess(db: Db, at: string): void {
  db.prepare(
    `UPDATE sync_state SET last_sync_at = ?, last_error_code = NULL, last_error = NULL,
       offline_since = NULL
     WHERE id = 1`,
  ).run(at);
}

/** Stores the server time minus the kiosk time in ms, from the last heartbeat. */
export function writeClockOffset(db: Db, offsetMs: number): void {
  db.prepare('UPDATE sync_state SET clock_offset_ms = ? WHERE id = 1').run(
    Math.round(offsetMs),
  );
}

/** Records a failed sync; `offline_since` keeps the time of the first failure in a row. */
export function writeSyncFailure(
  db: Db,
  at: string,
  code: string,
  message: string,
): void {
  db.prepare(
    `UPDATE sync_state SET last_error_code = ?, last_error = ?,
       offline_since = coalesce(offline_since, ?)
     WHERE id = 1`,
  ).run(code, message, at);
}

/** Stores the enrolled kiosk's id, station and encrypted secret. */
export function writeCredential(
  db: Db,
  kioskId: string,
  station: string,
  encryptedSecret: string,
): void {
  db.prepare(
    'UPDATE sync_state SET kiosk_id = ?, station = ?, credential = ? WHERE id = 1',
  ).run(kioskId, station, encryptedSecret);
}
