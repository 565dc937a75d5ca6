import type { Db } from './db.js';

/** The database's epoch, its current revision and the compaction floor. */
export interface SyncState {
  epoch: string;
  revision: number;
  compactedThrough: number;
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
