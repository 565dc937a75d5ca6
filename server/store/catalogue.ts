import type { CatalogueType } from '../../main/contract/sync.js';
import type { Db } from './db.js';
import { bumpRevision, readSyncState, setMeta } from './meta.js';

export const ITEM_STATUSES = [
  'draft',
  'published',
  'filled',
  'withdrawn',
  'deleted',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The stored status, or 'expired' for a published item whose deadline or end has passed. */
export type ServedStatus = ItemStatus | 'expired';

/** A catalogue item as stored: its wire-form data plus lifecycle and targeting. */
export interface CatalogueItem {
  type: CatalogueType;
  id: string;
  ownerStation: string | null;
  status: ItemStatus;
  data: Record<string, unknown>;
  towns: string[];
  revision: number;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One write of an item's full state. */
export interface ItemWrite {
  type: CatalogueType;
  id: string;
  ownerStation: string | null;
  status: ItemStatus;
  data: Record<string, unknown>;
  towns: readonly string[];
  actorId: number | null;
}

interface ItemRow {
  type: CatalogueType;
  id: string;
  owner_station: string | null;
  status: ItemStatus;
  data: string;
  towns: string;
  revision: number;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** China Standard Time is UTC+8 all year, so a local day ends at 16:00 UTC. */
function endOfChinaDay(date: string): string {
  return `${date.slice(0, 10)}T16:00:00.000Z`;
}

/**
 * Computes when an item stops being shown: the end of a job's deadline day or
 * a notice's last day (in China Standard Time), an event's end, or the end of
 * an event's start day when it has no end. Policies never expire.
 */
export function expiresAtOf(
  type: CatalogueType,
  data: Record<string, unknown>,
): string | null {
  switch (type) {
    case 'job':
      return typeof data['deadline'] === 'string'
        ? endOfChinaDay(data['deadline'])
        : null;
    case 'notice':
      return typeof data['endsOn'] === 'string' ? endOfChinaDay(data['endsOn']) : null;
    case 'event': {
      if (typeof data['endsAt'] === 'string')
        return new Date(data['endsAt']).toISOString();
      if (typeof data['startsAt'] !== 'string') return null;
      const start = new Date(data['startsAt']);
      const chinaDate = new Date(start.getTime() + 8 * 3600_000).toISOString();
      return endOfChinaDay(chinaDate);
    }
    case 'policy':
      return null;
  }
}

export function servedStatus(
  item: Pick<CatalogueItem, 'status' | 'expiresAt'>,
  now: Date,
): ServedStatus {
  if (
    item.status === 'published' &&
    item.expiresAt !== null &&
    item.expiresAt <= now.toISOString()
  ) {
    return 'expired';
  }
  return item.status;
}

function toItem(row: ItemRow): CatalogueItem {
  return {
    type: row.type,
    id: row.id,
    ownerStation: row.owner_station,
    status: row.status,
    data: JSON.parse(row.data) as Record<string, unknown>,
    towns: JSON.parse(row.towns) as string[],
    revision: row.revision,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const ITEM_COLUMNS = `type, id, owner_station, status, data, towns, revision, expires_at, created_at, updated_at`;

export function getItem(
  db: Db,
  type: CatalogueType,
  id: string,
): CatalogueItem | undefined {
  const row = db
    .prepare<[string, string], ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM catalogue_items WHERE type = ? AND id = ?`,
    )
    .get(type, id);
  return row ? toItem(row) : undefined;
}

/**
 * Lists the items of one type, newest change first, leaving out deleted ones.
 * With `ownerStation` set, lists only the items that station owns.
 */
export function listItems(
  db: Db,
  type: CatalogueType,
  ownerStation?: string,
): CatalogueItem[] {
  const rows =
    ownerStation === undefined
      ? db
          .prepare<[string], ItemRow>(
            `SELECT ${ITEM_COLUMNS} FROM catalogue_items
             WHERE type = ? AND status != 'deleted' ORDER BY revision DESC`,
          )
          .all(type)
      : db
          .prepare<[string, string], ItemRow>(
            `SELECT ${ITEM_COLUMNS} FROM catalogue_items
             WHERE type = ? AND owner_station = ? AND status != 'deleted' ORDER BY revision DESC`,
          )
          .all(type, ownerStation);
  return rows.map(toItem);
}

/** An employer (用工单位) with the number of its postings that are not deleted. */
export interface EmployerSummary {
  id: number;
  name: string;
  jobs: number;
}

export function listEmployers(db: Db): EmployerSummary[] {
  return db
    .prepare<[], EmployerSummary>(
      `SELECT e.id, e.name, COUNT(i.id) AS jobs
       FROM employers AS e
       LEFT JOIN catalogue_items AS i ON i.employer_id = e.id AND i.status != 'deleted'
       GROUP BY e.id ORDER BY e.name`,
    )
    .all();
}

function employerIdOf(db: Db, write: ItemWrite): number | null {
  const name = write.type === 'job' ? write.data['employer'] : undefined;
  if (typeof name !== 'string') return null;
  db.prepare('INSERT INTO employers (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(
    name,
  );
  const row = db
    .prepare<[string], { id: number }>('SELECT id FROM employers WHERE name = ?')
    .get(name);
  return row?.id ?? null;
}

function stationsOf(data: Record<string, unknown>): string[] {
  const stations = data['stations'];
  return Array.isArray(stations)
    ? stations.filter((value): value is string => typeof value === 'string')
    : [];
}

function hasChangeRow(db: Db, type: CatalogueType, id: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM changes WHERE type = ? AND id = ? LIMIT 1')
      .get(type, id) !== undefined
  );
}

/**
 * Stores an item's full new state under a new revision and appends its
 * change-log row, in one transaction. A published item's row carries its wire
 * form; any other status is a tombstone, written only when the change log has
 * a row of the item already.
 */
export function saveItem(db: Db, write: ItemWrite, now: Date): CatalogueItem {
  const run = db.transaction(() => {
    const revision = bumpRevision(db);
    const at = now.toISOString();
    const expiresAt = expiresAtOf(write.type, write.data);
    const alreadyExpired = expiresAt !== null && expiresAt <= at;
    const data = JSON.stringify(write.data);
    const towns = JSON.stringify(write.towns);

    db.prepare(
      `INSERT INTO catalogue_items (
         type, id, owner_station, status, data, towns, employer_id, expires_at,
         expiry_logged, revision, created_at, created_by, updated_at, updated_by
       ) VALUES (
         @type, @id, @ownerStation, @status, @data, @towns, @employerId, @expiresAt,
         @expiryLogged, @revision, @at, @actorId, @at, @actorId
       )
       ON CONFLICT (type, id) DO UPDATE SET
         owner_station = excluded.owner_station, status = excluded.status,
         data = excluded.data, towns = excluded.towns, employer_id = excluded.employer_id,
         expires_at = excluded.expires_at, expiry_logged = excluded.expiry_logged,
         revision = excluded.revision, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
    ).run({
      type: write.type,
      id: write.id,
      ownerStation: write.ownerStation,
      status: write.status,
      data,
      towns,
      employerId: employerIdOf(db, write),
      expiresAt,
      expiryLogged: alreadyExpired ? 1 : 0,
      revision,
      at,
      actorId: write.actorId,
    });

    const published = write.status === 'published';
    if (!published && !hasChangeRow(db, write.type, write.id)) {
      // No kiosk has seen this item (or its tombstone was compacted away), so a
      // tombstone would only tell kiosks to delete what they never had.
      return getItem(db, write.type, write.id);
    }
    db.prepare(
      `INSERT INTO changes (revision, type, id, op, data, stations, towns, expires_at, changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      revision,
      write.type,
      write.id,
      published ? 'upsert' : 'delete',
      published ? data : null,
      JSON.stringify(stationsOf(write.data)),
      towns,
      expiresAt,
      at,
    );
    return getItem(db, write.type, write.id);
  });
  const item = run();
  if (!item)
    throw new Error(
      `Item ${write.type} ${write.id} vanished inside its own transaction.`,
    );
  return item;
}

/**
 * Appends a tombstone for every published item whose deadline or end has
 * passed since its last change, so kiosks pulling changes drop it. Returns
 * how many items expired.
 */
export function expireDueItems(db: Db, now: Date): number {
  const at = now.toISOString();
  const due = db
    .prepare<
      [string],
      { type: CatalogueType; id: string; towns: string; data: string; expires_at: string }
    >(
      `SELECT type, id, towns, data, expires_at FROM catalogue_items
       WHERE status = 'published' AND expiry_logged = 0 AND expires_at <= ?`,
    )
    .all(at);
  if (due.length === 0) return 0;

  const markLogged = db.prepare(
    'UPDATE catalogue_items SET expiry_logged = 1, revision = ? WHERE type = ? AND id = ?',
  );
  const insertChange = db.prepare(
    `INSERT INTO changes (revision, type, id, op, data, stations, towns, expires_at, changed_at)
     VALUES (?, ?, ?, 'delete', NULL, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const item of due) {
      const revision = bumpRevision(db);
      const stations = stationsOf(JSON.parse(item.data) as Record<string, unknown>);
      markLogged.run(revision, item.type, item.id);
      insertChange.run(
        revision,
        item.type,
        item.id,
        JSON.stringify(stations),
        item.towns,
        item.expires_at,
        at,
      );
    }
  })();
  return due.length;
}

/**
 * Drops change-log rows at or below `throughRevision` that no snapshot at or
 * after that revision needs: rows superseded by a later row at or below it,
 * and tombstones that are an item's latest row. Cursors older than
 * `throughRevision` then get CURSOR_EXPIRED. Returns the rows removed.
 */
export function compactChanges(db: Db, throughRevision: number): number {
  const run = db.transaction(() => {
    const state = readSyncState(db);
    const floor = Math.min(throughRevision, state.revision);
    if (floor <= state.compactedThrough) return 0;

    const superseded = db
      .prepare(
        `DELETE FROM changes AS c
         WHERE c.revision <= @floor AND EXISTS (
           SELECT 1 FROM changes AS later
           WHERE later.type = c.type AND later.id = c.id
             AND later.revision > c.revision AND later.revision <= @floor)`,
      )
      .run({ floor }).changes;
    // Every tombstone left at or below the floor is its item's state there,
    // and neither a snapshot nor a change page after the floor needs it.
    const tombstones = db
      .prepare(`DELETE FROM changes WHERE revision <= ? AND op = 'delete'`)
      .run(floor).changes;
    setMeta(db, 'compacted_through', String(floor));
    return superseded + tombstones;
  });
  return run();
}
