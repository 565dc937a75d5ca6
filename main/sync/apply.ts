// Writes catalogue items from the server into the kiosk's tables. Callers
// validate items first (parseItem) and run these inside the transaction that
// also stores the cursor.
import { z } from 'zod';
import {
  syncEventSchema,
  syncJobSchema,
  syncNoticeSchema,
  syncPolicySchema,
  type CatalogueType,
  type SyncEvent,
  type SyncJob,
  type SyncNotice,
  type SyncPolicy,
} from '../contract/sync.js';
import type { Db } from '../store/db.js';
import { deleteJob, upsertJobs, type JobInput } from '../store/jobs.js';
import { upsertPolicies, type PolicyInput } from '../store/policies.js';
import { SyncError } from './errors.js';

/** Source of job postings that came from the county server. */
export const SERVER_SOURCE = 'server';

const itemSchemas = {
  job: syncJobSchema,
  policy: syncPolicySchema,
  notice: syncNoticeSchema,
  event: syncEventSchema,
} as const;

/** A validated catalogue item, with its server id and latest revision. */
export type CatalogueItem =
  | { type: 'job'; id: string; revision: number; data: SyncJob }
  | { type: 'policy'; id: string; revision: number; data: SyncPolicy }
  | { type: 'notice'; id: string; revision: number; data: SyncNotice }
  | { type: 'event'; id: string; revision: number; data: SyncEvent };

/** A change reduced to what the store needs: the item's new state or its removal. */
export type CatalogueWrite =
  CatalogueItem | { type: CatalogueType; id: string; deleted: true };

/** Returns the uid of the local row for a server item: `srv:ID`. */
export function localUid(serverId: string): string {
  return `srv:${serverId}`;
}

/** Validates one item's data against its type's schema. Raises MALFORMED_REPLY when it does not match. */
export function parseItem(
  type: CatalogueType,
  id: string,
  revision: number,
  data: unknown,
): CatalogueItem {
  const parsed = itemSchemas[type].safeParse(data);
  if (!parsed.success) {
    throw new SyncError(
      'MALFORMED_REPLY',
      `Server sent an invalid ${type} ${id}: ${z.prettifyError(parsed.error)}`,
    );
  }
  return { type, id, revision, data: parsed.data } as CatalogueItem;
}

/** Maps a server posting to the store's input for `srv:ID`. */
export function toJobInput(id: string, job: SyncJob): JobInput {
  // The county server sends each kiosk only the items aimed at its station
  // or town, so the station list is kept only in sync_items.data.
  return {
    uid: localUid(id),
    source: SERVER_SOURCE,
    title: job.title,
    employer: job.employer,
    kind: job.kind,
    category: job.category,
    pay: job.pay,
    area: job.area,
    location: job.location,
    suShaan: job.suShaan,
    headcount: job.headcount,
    contactName: job.contactName,
    contactPhone: job.contactPhone,
    education: job.education,
    experience: job.experience,
    requirements: job.requirements,
    benefits: job.benefits,
    postedOn: job.postedOn,
    deadline: job.deadline,
    highlighted: job.highlighted,
    isDemo: false,
  };
}

function toPolicyInput(id: string, policy: SyncPolicy): PolicyInput {
  return { ...policy, uid: localUid(id), isDemo: false };
}

function deletePolicy(db: Db, uid: string): void {
  const row = db
    .prepare<[string], { id: number }>('SELECT id FROM policies WHERE uid = ?')
    .get(uid);
  if (row === undefined) return;
  db.prepare('DELETE FROM policies_fts WHERE rowid = ?').run(row.id);
  db.prepare('DELETE FROM policies WHERE id = ?').run(row.id);
}

function upsertNotice(db: Db, id: string, notice: SyncNotice): void {
  db.prepare(
    `INSERT INTO notices (uid, title, body, starts_on, ends_on, stations)
     VALUES (@uid, @title, @body, @startsOn, @endsOn, @stations)
     ON CONFLICT (uid) DO UPDATE SET
       title = excluded.title, body = excluded.body, starts_on = excluded.starts_on,
       ends_on = excluded.ends_on, stations = excluded.stations,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run({ ...notice, uid: localUid(id), stations: JSON.stringify(notice.stations) });
}

function upsertEvent(db: Db, id: string, event: SyncEvent): void {
  db.prepare(
    `INSERT INTO events (uid, kind, title, description, place, starts_at, ends_at, stations)
     VALUES (@uid, @kind, @title, @description, @place, @startsAt, @endsAt, @stations)
     ON CONFLICT (uid) DO UPDATE SET
       kind = excluded.kind, title = excluded.title, description = excluded.description,
       place = excluded.place, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
       stations = excluded.stations, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run({ ...event, uid: localUid(id), stations: JSON.stringify(event.stations) });
}

function deleteLocalRow(db: Db, type: CatalogueType, uid: string): void {
  switch (type) {
    case 'job':
      deleteJob(db, uid);
      return;
    case 'policy':
      deletePolicy(db, uid);
      return;
    case 'notice':
      db.prepare('DELETE FROM notices WHERE uid = ?').run(uid);
      return;
    case 'event':
      db.prepare('DELETE FROM events WHERE uid = ?').run(uid);
      return;
  }
}

/**
 * Applies writes in order. Job and policy upserts go to the store in batches
 * (their search index is the costly part), so a later write to the same item
 * in one call must not be lost: only the last write per item is kept. With
 * `recordItems: false` the caller writes `sync_items` itself.
 */
export function applyWrites(
  db: Db,
  writes: readonly CatalogueWrite[],
  options: { recordItems: boolean } = { recordItems: true },
): void {
  const last = new Map<string, CatalogueWrite>();
  for (const write of writes) {
    const key = `${write.type}\u0000${write.id}`;
    last.delete(key);
    last.set(key, write);
  }

  const upsertItem = db.prepare<[string, string, string, number, string]>(
    `INSERT INTO sync_items (type, server_id, local_uid, revision, data) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (type, server_id) DO UPDATE SET
       local_uid = excluded.local_uid, revision = excluded.revision, data = excluded.data`,
  );
  const deleteItem = db.prepare<[string, string]>(
    'DELETE FROM sync_items WHERE type = ? AND server_id = ?',
  );

  const jobs: JobInput[] = [];
  const policies: PolicyInput[] = [];
  for (const write of last.values()) {
    if ('deleted' in write) {
      deleteLocalRow(db, write.type, localUid(write.id));
      deleteItem.run(write.type, write.id);
      continue;
    }
    if (options.recordItems) {
      upsertItem.run(
        write.type,
        write.id,
        localUid(write.id),
        write.revision,
        JSON.stringify(write.data),
      );
    }
    switch (write.type) {
      case 'job':
        jobs.push(toJobInput(write.id, write.data));
        break;
      case 'policy':
        policies.push(toPolicyInput(write.id, write.data));
        break;
      case 'notice':
        upsertNotice(db, write.id, write.data);
        break;
      case 'event':
        upsertEvent(db, write.id, write.data);
        break;
    }
  }
  if (jobs.length > 0) upsertJobs(db, jobs);
  if (policies.length > 0) upsertPolicies(db, policies);
}

/** Deletes every server item that the staged snapshot does not contain. Returns the count. */
export function deleteItemsMissingFromStaging(db: Db): number {
  const stale = db
    .prepare<[], { type: CatalogueType; server_id: string; local_uid: string }>(
      `SELECT type, server_id, local_uid FROM sync_items i
       WHERE NOT EXISTS (
         SELECT 1 FROM sync_staging s WHERE s.type = i.type AND s.server_id = i.server_id
       )`,
    )
    .all();
  const deleteItem = db.prepare<[string, string]>(
    'DELETE FROM sync_items WHERE type = ? AND server_id = ?',
  );
  for (const item of stale) {
    deleteLocalRow(db, item.type, item.local_uid);
    deleteItem.run(item.type, item.server_id);
  }
  return stale.length;
}
