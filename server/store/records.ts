import { z } from 'zod';
import {
  outboxEntrySchema,
  type OutboxEntry,
  type PushResult,
} from '../../main/contract/sync.js';
import type { Db } from './db.js';
import { sha256Hex } from './hash.js';
import { randomIvs, sealRecord } from './record-key.js';

/** Largest payload accepted per entry, as UTF-8 JSON bytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const createdAtSchema = z.iso.datetime({ offset: true });

/** Orders object keys by UTF-16 code units, like Array.prototype.sort without a comparator. */
function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** JSON with object keys sorted at every level, so equal content hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareKeys(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function contentHashOf(entry: OutboxEntry): string {
  return sha256Hex(
    canonicalJson({
      type: entry.type,
      createdAt: entry.createdAt,
      payload: entry.payload,
    }),
  );
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`)
    .join('; ');
}

type Checked =
  | { ok: true; entry: OutboxEntry; payload: string }
  | { ok: false; id: string; type: string | null; reason: string };

function checkEntry(raw: unknown): Checked {
  const rawObject =
    raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const id = typeof rawObject['id'] === 'string' ? rawObject['id'].slice(0, 64) : '';
  const type =
    typeof rawObject['type'] === 'string' ? rawObject['type'].slice(0, 32) : null;

  const parsed = outboxEntrySchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      id,
      type,
      reason: `Invalid entry: ${describeIssues(parsed.error)}`,
    };
  if (!createdAtSchema.safeParse(parsed.data.createdAt).success) {
    return {
      ok: false,
      id,
      type,
      reason: 'Invalid entry: createdAt is not an ISO date-time with offset.',
    };
  }
  const payload = JSON.stringify(parsed.data.payload);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      id,
      type,
      reason: `Invalid entry: payload is larger than ${MAX_PAYLOAD_BYTES} bytes.`,
    };
  }
  return { ok: true, entry: parsed.data, payload };
}

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
  const insert = db.prepare(
    `INSERT INTO records (id, kiosk_id, type, created_at, content_hash, payload, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const findExisting = db.prepare<[string], { kiosk_id: string; content_hash: string }>(
    'SELECT kiosk_id, content_hash FROM records WHERE id = ?',
  );
  const insertRejection = db.prepare(
    `INSERT INTO push_rejections (kiosk_id, entry_id, entry_type, reason, rejected_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const at = now.toISOString();
  const ivs = randomIvs(rawEntries.length);

  const run = db.transaction((): PushResult[] => {
    const results: PushResult[] = [];
    const reject = (id: string, type: string | null, reason: string): void => {
      insertRejection.run(kioskId, id, type, reason, at);
      results.push({ id, status: 'rejected', reason });
    };

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
