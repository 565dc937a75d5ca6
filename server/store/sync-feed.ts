// Change pages and snapshot pages for one kiosk, both read from the change
// log. Each change-log row is an item's published form (or a tombstone) at
// its revision, so a snapshot at revision R serves each item's latest row at
// or below R: pages stay consistent at R while staff keep editing.
import { z } from 'zod';
import type {
  CatalogueType,
  Change,
  ChangesPage,
  SnapshotPage,
} from '../../main/contract/sync.js';
import type { Db } from './db.js';
import { expireDueItems } from './catalogue.js';
import { readSyncState, type SyncState } from './meta.js';

/** The station a kiosk belongs to and the town that station is in. */
export interface KioskScope {
  station: string;
  town: string | null;
}

/** Raised for a cursor or page token that this database can no longer serve. */
export class CursorExpiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CursorExpiredError';
  }
}

interface ChangeRow {
  revision: number;
  type: CatalogueType;
  id: string;
  op: 'upsert' | 'delete';
  data: string | null;
  stations: string;
  towns: string;
  expires_at: string | null;
}

/**
 * Tells whether a row's item is shown on this kiosk now: published, not past
 * its deadline or end, and aimed at the whole county (no stations, no towns),
 * at the kiosk's station, or at the town the station is in.
 */
function isVisible(
  row: ChangeRow | RawChangeRow,
  scope: KioskScope,
  now: string,
): boolean {
  if (row.op !== 'upsert' || row.data === null) return false;
  if (row.expires_at !== null && row.expires_at <= now) return false;
  const stations = JSON.parse(row.stations) as string[];
  const towns = JSON.parse(row.towns) as string[];
  if (stations.length === 0 && towns.length === 0) return true;
  return (
    stations.includes(scope.station) ||
    (scope.town !== null && towns.includes(scope.town))
  );
}

/** Raises CursorExpiredError unless `revision` of `epoch` can be continued from. */
export function checkCursor(state: SyncState, epoch: string, revision: number): void {
  if (epoch !== state.epoch) {
    throw new CursorExpiredError(
      'The cursor belongs to another server database (it was replaced or restored); load a snapshot.',
    );
  }
  if (revision > state.revision) {
    throw new CursorExpiredError(
      `The cursor revision ${revision} is ahead of the server (revision ${state.revision}); ` +
        'the server was restored from a backup. Load a snapshot.',
    );
  }
  if (revision < state.compactedThrough) {
    throw new CursorExpiredError(
      `The cursor revision ${revision} is older than the kept change history ` +
        `(from revision ${state.compactedThrough}); load a snapshot.`,
    );
  }
}

/**
 * Reads the changes after `after` for one kiosk, at most `limit` change-log
 * rows. An item changed twice within the page appears once, in its state at
 * the page's last revision, so a kiosk that applies the page is exactly at
 * the returned cursor. Items the kiosk must not show become tombstones.
 */
export function readChangesPage(
  db: Db,
  scope: KioskScope,
  cursor: { epoch: string; after: number },
  limit: number,
  now: Date,
): ChangesPage {
  expireDueItems(db, now);
  const read = db.transaction((): ChangesPage => {
    const state = readSyncState(db);
    checkCursor(state, cursor.epoch, cursor.after);
    const rows = db
      .prepare<[number, number], ChangeRow>(
        `SELECT revision, type, id, op, data, stations, towns, expires_at
         FROM changes WHERE revision > ? ORDER BY revision LIMIT ?`,
      )
      .all(cursor.after, limit);

    const latestInPage = new Map<string, number>();
    for (const row of rows) latestInPage.set(`${row.type}\u0000${row.id}`, row.revision);

    const at = now.toISOString();
    const changes: Change[] = [];
    for (const row of rows) {
      if (latestInPage.get(`${row.type}\u0000${row.id}`) !== row.revision) continue;
      if (isVisible(row, scope, at)) {
        const data: unknown = JSON.parse(row.data ?? 'null');
        changes.push({
          op: 'upsert',
          revision: row.revision,
          type: row.type,
          id: row.id,
          data,
        });
      } else {
        changes.push({
          op: 'delete',
          revision: row.revision,
          type: row.type,
          id: row.id,
        });
      }
    }

    const full = rows.length === limit;
    const last = rows.at(-1)?.revision ?? cursor.after;
    const nextRevision = full ? last : Math.max(state.revision, cursor.after);
    return {
      changes,
      next: { epoch: state.epoch, revision: nextRevision },
      more: full && last < state.revision,
    };
  });
  return read();
}

const snapshotTokenSchema = z.object({
  e: z.string(),
  r: z.number().int().min(0),
  t: z.string(),
  i: z.string(),
});
type SnapshotToken = z.infer<typeof snapshotTokenSchema>;

/** Encodes the position of a snapshot page: the epoch, the snapshot revision and the last key. */
export function encodeSnapshotToken(token: SnapshotToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** Raised for a page token that is not one this server made. */
export class InvalidPageTokenError extends Error {
  constructor() {
    super(
      'The snapshot page token is invalid; start the snapshot again without a token.',
    );
    this.name = 'InvalidPageTokenError';
  }
}

function decodeSnapshotToken(text: string): SnapshotToken {
  try {
    return snapshotTokenSchema.parse(
      JSON.parse(Buffer.from(text, 'base64url').toString('utf8')),
    );
  } catch {
    throw new InvalidPageTokenError();
  }
}

/** One snapshot page with each item's data as the UTF-8 JSON bytes stored in the change log. */
export interface RawSnapshotPage {
  cursor: { epoch: string; revision: number };
  items: { type: CatalogueType; id: string; data: Buffer }[];
  nextPage: string | null;
}

/** A change-log row of a snapshot page, with its data read as bytes. */
type RawChangeRow = Omit<ChangeRow, 'data'> & { data: Buffer | null };

/**
 * Reads one page of the snapshot of every item this kiosk shows, at the
 * revision of the first page (carried in the page token). A page may hold
 * fewer than `pageSize` items, because rows hidden from this kiosk still
 * count towards the page. Item data stays the bytes the server stored: the
 * reply splices them in, so they are never decoded to a string and encoded
 * again.
 */
export function readRawSnapshotPage(
  db: Db,
  scope: KioskScope,
  pageToken: string | null,
  pageSize: number,
  now: Date,
): RawSnapshotPage {
  if (pageToken === null) expireDueItems(db, now);
  const read = db.transaction((): RawSnapshotPage => {
    const state = readSyncState(db);
    const token =
      pageToken === null
        ? { e: state.epoch, r: state.revision, t: '', i: '' }
        : decodeSnapshotToken(pageToken);
    checkCursor(state, token.e, token.r);

    // The latest row of each item at or below the snapshot revision, in key order.
    const rows = db
      .prepare<{ r: number; t: string; i: string; n: number }, RawChangeRow>(
        `SELECT c.revision, c.type, c.id, c.op, CAST(c.data AS BLOB) AS data,
           c.stations, c.towns, c.expires_at
         FROM changes AS c
         WHERE c.revision <= @r AND (c.type, c.id) > (@t, @i)
           AND NOT EXISTS (
             SELECT 1 FROM changes AS later
             WHERE later.type = c.type AND later.id = c.id
               AND later.revision > c.revision AND later.revision <= @r)
         ORDER BY c.type, c.id LIMIT @n`,
      )
      .all({ r: token.r, t: token.t, i: token.i, n: pageSize });

    const at = now.toISOString();
    const items: RawSnapshotPage['items'] = [];
    for (const row of rows) {
      if (row.data !== null && isVisible(row, scope, at)) {
        items.push({ type: row.type, id: row.id, data: row.data });
      }
    }
    const last = rows.at(-1);
    const nextPage =
      rows.length === pageSize && last
        ? encodeSnapshotToken({ e: token.e, r: token.r, t: last.type, i: last.id })
        : null;
    return { cursor: { epoch: state.epoch, revision: token.r }, items, nextPage };
  });
  return read();
}

/** Reads one snapshot page like readRawSnapshotPage, with each item's data parsed. */
export function readSnapshotPage(
  db: Db,
  scope: KioskScope,
  pageToken: string | null,
  pageSize: number,
  now: Date,
): SnapshotPage {
  const page = readRawSnapshotPage(db, scope, pageToken, pageSize, now);
  return {
    cursor: page.cursor,
    items: page.items.map((item) => ({
      type: item.type,
      id: item.id,
      data: JSON.parse(item.data.toString('utf8')) as unknown,
    })),
    nextPage: page.nextPage,
  };
}

/**
 * Writes a snapshot page as the UTF-8 JSON of the contract's SnapshotPage,
 * with each item's stored data bytes spliced in unparsed. The change log only
 * contains data that the server wrote with JSON.stringify, so the result is
 * valid JSON, and a kiosk still validates every item it receives.
 */
export function snapshotPageBody(page: RawSnapshotPage): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`{"cursor":${JSON.stringify(page.cursor)},"items":[`),
  ];
  page.items.forEach((item, index) => {
    const separator = index === 0 ? '' : ',';
    parts.push(
      Buffer.from(
        `${separator}{"type":${JSON.stringify(item.type)},"id":${JSON.stringify(item.id)},"data":`,
      ),
      item.data,
      CLOSE_ITEM,
    );
  });
  parts.push(Buffer.from(`],"nextPage":${JSON.stringify(page.nextPage)}}`));
  return Buffer.concat(parts);
}

const CLOSE_ITEM = Buffer.from('}');
