import type { Statement } from 'better-sqlite3';
import type { PushResult } from '../../main/contract/sync.js';
import { perConnection } from '../../main/store/db.js';
import type { Db } from './db.js';
import { addRecordsReceived } from './meta.js';
import { checkEntry, contentHashOf } from './push-entry.js';
import { randomIvs, sealRecord } from './record-key.js';

interface PushStatements {
  insert: Statement<[string, string, string, string, string, Buffer, string]>;
  findExisting: Statement<[string], { kiosk_id: string; content_hash: string }>;
  insertRejection: Statement<[string, string, string | null, string, string]>;
}

/** Prepares the push statements once per connection, so a push does not compile them again. */
const statementsFor = perConnection((db): PushStatements => ({
  insert: db.prepare(
    `INSERT INTO records (id, kiosk_id, type, created_at, content_hash, payload, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  ),
  findExisting: db.prepare('SELECT kiosk_id, content_hash FROM records WHERE id = ?'),
  insertRejection: db.prepare(
    `INSERT INTO push_rejections (kiosk_id, entry_id, entry_type, reason, rejected_at)
       VALUES (?, ?, ?, ?, ?)`,
  ),
}));

/**
 * Stores pushed outbox entries exactly once by id, in one transaction, and
 * returns one result per entry in request order. An invalid entry or an id
 * reused with other content is rejected (and kept in push_rejections) without
 * failing the other entries.
 */
export function storePushedEntries(
  db: Db,
  recordKey: Buffer,
  kioskId: string,
  rawEntries: readonly unknown[],
  now: Date,
): PushResult[] {
  const { insert, findExisting, insertRejection } = statementsFor(db);
  const at = now.toISOString();
  const ivs = randomIvs(rawEntries.length);

  const run = db.transaction((): PushResult[] => {
    const results: PushResult[] = [];
    const reject = (id: string, type: string | null, reason: string): void => {
      insertRejection.run(kioskId, id, type, reason, at);
      results.push({ id, status: 'rejected', reason });
    };
    let accepted = 0;

    for (const [index, raw] of rawEntries.entries()) {
      const checked = checkEntry(raw);
      if (!checked.ok) {
        reject(checked.id, checked.type, checked.reason);
        continue;
      }
      const { entry } = checked;
      const hash = contentHashOf(entry);
      const sealed = sealRecord(recordKey, checked.payload, entry.id, ivs(index));
      if (
        insert.run(entry.id, kioskId, entry.type, entry.createdAt, hash, sealed, at)
          .changes === 1
      ) {
        results.push({ id: entry.id, status: 'accepted' });
        accepted++;
        continue;
      }

      const existing = findExisting.get(entry.id);
      if (existing && existing.kiosk_id !== kioskId) {
        reject(
          entry.id,
          entry.type,
          'The id is already used by a record from another kiosk.',
        );
      } else if (existing && existing.content_hash !== hash) {
        reject(
          entry.id,
          entry.type,
          'The id is already used by a record with different content.',
        );
      } else {
        results.push({ id: entry.id, status: 'duplicate' });
      }
    }
    if (accepted > 0) addRecordsReceived(db, accepted);
    return results;
  });
  return run();
}

/** A stored record without its payload, for checks that every record arrived once. */
export interface RecordSummary {
  id: string;
  kioskId: string;
  type: string;
  createdAt: string;
  receivedAt: string;
}

export function listRecords(db: Db, kioskId?: string): RecordSummary[] {
  const sql = `SELECT id, kiosk_id AS kioskId, type, created_at AS createdAt, received_at AS receivedAt
               FROM records ${kioskId === undefined ? '' : 'WHERE kiosk_id = ?'} ORDER BY id`;
  const statement = db.prepare<unknown[], RecordSummary>(sql);
  return kioskId === undefined ? statement.all() : statement.all(kioskId);
}

export interface PushRejection {
  id: number;
  kioskId: string;
  entryId: string;
  entryType: string | null;
  reason: string;
  rejectedAt: string;
}

export function listPushRejections(db: Db, limit: number): PushRejection[] {
  return db
    .prepare<[number], PushRejection>(
      `SELECT id, kiosk_id AS kioskId, entry_id AS entryId, entry_type AS entryType, reason,
              rejected_at AS rejectedAt
       FROM push_rejections ORDER BY id DESC LIMIT ?`,
    )
    .all(limit);
}
