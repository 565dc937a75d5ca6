import type { Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import {
  PUSH_BATCH_BYTES,
  type OutboxEntry,
  type PushResult,
  type RecordType,
} from '../contract/sync.js';
import { perConnection, type Db } from './db.js';

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

interface OutboxStatements {
  takeBatch: Statement<
    [number, number, number],
    { entries: string; ids: string; lastSeq: number; n: number }
  >;
  markFailed: Statement<[string]>;
  markSent: Statement<[string, string]>;
  markRejected: Statement<[string, string]>;
}

/** Prepares the push statements once per connection, because a push runs them once per batch. */
const statementsFor = perConnection((db): OutboxStatements => ({
  takeBatch: db.prepare(TAKE_BATCH_SQL),
  // `+status` keeps SQLite from walking the (status, seq) index over every
  // pending entry: with it, each id in the JSON array is one lookup by id.
  markFailed: db.prepare(
    `UPDATE outbox SET attempts = attempts + 1
       WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'pending'`,
  ),
  markSent: db.prepare(
    `UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1
       WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'pending'`,
  ),
  markRejected: db.prepare(
    `UPDATE outbox SET status = 'rejected', reason = ?, attempts = attempts + 1
       WHERE id = ? AND status = 'pending'`,
  ),
}));

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

/** Pending entries ready to send, serialised by SQLite. */
export interface PendingBatch {
  /** The push request body, `{"entries":[...]}`, as JSON text. */
  body: string;
  /** Entry ids in the order of the body. */
  ids: string[];
  /** Highest seq in the batch: the next batch starts after it. */
  lastSeq: number;
}

// SQLite builds the request body from the stored columns (json() checks
// and minifies each stored payload), so a batch costs one call and no
// JSON.parse and JSON.stringify per entry. The innermost query takes the
// next `limit` pending rows. The window sum then keeps each row whose
// preceding payload bytes stay below the byte budget, so the first row is
// always kept.
const TAKE_BATCH_SQL = `
  SELECT json_group_array(
           json_object('id', id, 'type', type, 'createdAt', created_at,
                       'payload', json(payload)) ORDER BY seq) AS entries,
         json_group_array(id ORDER BY seq) AS ids,
         max(seq) AS lastSeq,
         count(*) AS n
  FROM (SELECT *, sum(octet_length(payload)) OVER (ORDER BY seq) - octet_length(payload)
                    AS bytesBefore
        FROM (SELECT seq, id, type, created_at, payload FROM outbox
              WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?))
  WHERE bytesBefore < ?`;

/**
 * Returns the next pending entries after seq `afterSeq`, in creation order,
 * as a push request body, or null when none is pending: at most `limit`
 * entries, and no more once their payloads reach `maxBytes`. The body has
 * the same entries as takePending(db, limit) when `afterSeq` is 0 and the
 * payloads fit.
 */
export function takePendingBatch(
  db: Db,
  limit: number,
  afterSeq = 0,
  maxBytes = PUSH_BATCH_BYTES,
): PendingBatch | null {
  const row = statementsFor(db).takeBatch.get(afterSeq, limit, maxBytes)!;
  if (row.n === 0) return null;
  return {
    body: `{"entries":${row.entries}}`,
    ids: JSON.parse(row.ids) as string[],
    lastSeq: row.lastSeq,
  };
}

/** Counts a failed push attempt of these entries. */
export function markAttemptFailed(db: Db, ids: readonly string[]): void {
  statementsFor(db).markFailed.run(JSON.stringify(ids));
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
 * server's reason and never sent again. Entries that are no longer pending
 * stay as they are. Returns the count of each outcome in `results`.
 */
export function applyPushResults(
  db: Db,
  results: readonly PushResult[],
  now: string,
): { sent: number; rejected: number } {
  const { markSent, markRejected } = statementsFor(db);
  const sentIds: string[] = [];
  const rejected: PushResult[] = [];
  for (const result of results) {
    if (result.status === 'rejected') rejected.push(result);
    else sentIds.push(result.id);
  }
  db.transaction(() => {
    // One statement for all sent entries, because one statement per entry
    // took about 1.5 times as long in bench/suites/sync.ts.
    if (sentIds.length > 0) markSent.run(now, JSON.stringify(sentIds));
    for (const result of rejected) {
      markRejected.run(
        result.reason ?? 'rejected by the server without a reason',
        result.id,
      );
    }
  })();
  return { sent: sentIds.length, rejected: rejected.length };
}

/**
 * Marks every sent entry pending again and returns how many, for a server
 * database that was restored from a backup and may have lost what it
 * acknowledged. The server stores each id once, so entries it still has come
 * back as duplicates.
 */
export function requeueSent(db: Db): number {
  return db
    .prepare("UPDATE outbox SET status = 'pending', sent_at = NULL WHERE status = 'sent'")
    .run().changes;
}

/**
 * Deletes sent entries acknowledged before `sentBefore` (ISO time) and
 * returns how many. A restore from a backup older than that loses them.
 */
export function pruneSent(db: Db, sentBefore: string): number {
  return db
    .prepare("DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?")
    .run(sentBefore).changes;
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
