import { v7 as uuidv7 } from 'uuid';
import type { OutboxEntry, PushResult, RecordType } from '../contract/sync.js';
import type { Db } from './db.js';

/** Outbox entry states: waiting to go up, stored by the server, or set aside. */
export type OutboxStatus = 'pending' | 'sent' | 'rejected';

/** One outbox row, for staff screens and tests. */
export interface OutboxRow {
  seq: number;
  id: string;
  type: RecordType;
  payload: Record<string, unknown>;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  status: OutboxStatus;
  reason: string | null;
  sentAt: string | null;
}

interface RawOutboxRow {
  seq: number;
  id: string;
  type: RecordType;
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string | null;
  status: OutboxStatus;
  reason: string | null;
  sent_at: string | null;
}

function toRow(raw: RawOutboxRow): OutboxRow {
  return {
    seq: raw.seq,
    id: raw.id,
    type: raw.type,
    payload: JSON.parse(raw.payload) as Record<string, unknown>,
    createdAt: raw.created_at,
    attempts: raw.attempts,
    nextAttemptAt: raw.next_attempt_at,
    status: raw.status,
    reason: raw.reason,
    sentAt: raw.sent_at,
  };
}

/**
 * Adds a record to the outbox with a new UUIDv7 id and returns the id. The
 * caller runs this in the transaction that stores the record itself, so the
 * record and its entry exist together or not at all.
 */
export function enqueue(
  db: Db,
  type: RecordType,
  payload: Record<string, unknown>,
  createdAt: string,
  id: string = uuidv7(),
): string {
  db.prepare(
    'INSERT INTO outbox (id, type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
  ).run(id, type, JSON.stringify(payload), createdAt, createdAt);
  return id;
}

/** Returns up to `limit` pending entries in the order they were created on this kiosk. */
export function takePending(db: Db, limit: number): OutboxEntry[] {
  const rows = db
    .prepare<[number], Pick<RawOutboxRow, 'id' | 'type' | 'payload' | 'created_at'>>(
      "SELECT id, type, payload, created_at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
    )
    .all(limit);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    createdAt: row.created_at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  }));
}

/** Counts a failed push attempt of these entries. */
export function markAttemptFailed(db: Db, ids: readonly string[]): void {
  const update = db.prepare<[string]>(
    "UPDATE outbox SET attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
  );
  db.transaction(() => {
    for (const id of ids) update.run(id);
  })();
}

/**
 * Stores when the sync client next retries, on every pending entry, for
 * staff screens. The client's schedule decides when entries go up.
 */
export function writeNextAttempt(db: Db, nextAttemptAt: string): void {
  db.prepare("UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending'").run(
    nextAttemptAt,
  );
}

/**
 * Applies the server's per-entry results in one transaction: accepted and
 * duplicate entries become sent, rejected ones are set aside with the
 * server's reason and never sent again. Returns the count of each outcome.
 */
export function applyPushResults(
  db: Db,
  results: readonly PushResult[],
  now: string,
): { sent: number; rejected: number } {
  const markSent = db.prepare<[string, string]>(
    `UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1
     WHERE id = ? AND status = 'pending'`,
  );
  const markRejected = db.prepare<[string, string]>(
    `UPDATE outbox SET status = 'rejected', reason = ?, attempts = attempts + 1
     WHERE id = ? AND status = 'pending'`,
  );
  return db.transaction(() => {
    const counts = { sent: 0, rejected: 0 };
    for (const result of results) {
      if (result.status === 'rejected') {
        markRejected.run(
          result.reason ?? 'rejected by the server without a reason',
          result.id,
        );
        counts.rejected++;
      } else {
        markSent.run(now, result.id);
        counts.sent++;
      }
    }
    return counts;
  })();
}

/** Counts the entries in each status. */
export function countOutbox(db: Db): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, rejected: 0 };
  const rows = db
    .prepare<[], { status: OutboxStatus; n: number }>(
      'SELECT status, count(*) AS n FROM outbox GROUP BY status',
    )
    .all();
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Lists entries the server rejected, oldest first, for staff to review. */
export function listRejected(db: Db, limit = 100): OutboxRow[] {
  return db
    .prepare<[number], RawOutboxRow>(
      "SELECT * FROM outbox WHERE status = 'rejected' ORDER BY seq LIMIT ?",
    )
    .all(limit)
    .map(toRow);
}

/** Lists every entry in creation order. */
export function listOutbox(db: Db): OutboxRow[] {
  return db
    .prepare<[], RawOutboxRow>('SELECT * FROM outbox ORDER BY seq')
    .all()
    .map(toRow);
}
