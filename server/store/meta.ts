import type { Db } from './db.js';

/** The database's epoch, its current revision, the compaction floor and its count of accepted records. */
export interface SyncState {
  epoch: string;
  revision: number;
  compactedThrough: number;
  /** Count of records accepted over the database's life, which only grows. */
  recordsReceived: number;
}

export function readSyncState(db: Db): SyncState {
  const rows = db
    .prepare<[], { key: string; value: string }>('SELECT key, value FROM meta')
    .all();
  const values = new Map(rows.map((row) => [row.key, row.value]));
  return {
    epoch: values.get('epoch') ?? '',
    revision: Number(values.get('revision') ?? 0),
    compactedThrough: Number(values.get('compacted_through') ?? 0),
    recordsReceived: Number(values.get('records_received') ?? 0),
  };
}

/** Increments the global revision and returns the new value. Call inside a transaction. */
export function bumpRevision(db: Db): number {
  const row = db
    .prepare<[], { value: string }>(
      `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision' RETURNING value`,
    )
    .get();
  if (!row)
    throw new Error('The meta table has no revision row; the database is damaged.');
  return Number(row.value);
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** Adds `count` to the accepted-records counter. Call inside the transaction that stores them. */
export function addRecordsReceived(db: Db, count: number): void {
  db.prepare<[number]>(
    `INSERT INTO meta (key, value) VALUES ('records_received', ?)
     ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value`,
  ).run(count);
}
