// Pull: catalogue changes after the stored cursor, one page per transaction.
// When the cursor is missing, expired or from another server epoch, a full
// snapshot is staged first and swapped in with one transaction.
import {
  changesPageSchema,
  snapshotPageSchema,
  type ChangesPage,
  type Cursor,
  type SnapshotPage,
} from '../contract/sync.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { requeueSent } from '../store/outbox.js';
import {
  readSyncState,
  writeCursor,
  writeSnapshotProgress,
} from '../store/sync-state.js';
import {
  applyWrites,
  deleteItemsMissingFromStaging,
  parseItem,
  type CatalogueItem,
  type CatalogueWrite,
} from './apply.js';
import { SyncError } from './errors.js';
import type { SyncHttp } from './http.js';

export interface PullContext {
  db: Db;
  http: SyncHttp;
  /** Maximum changes per page that the kiosk requests. */
  pageSize: number;
  now: () => Date;
  log: Logger;
}

export interface PullOutcome {
  pages: number;
  changes: number;
  snapshots: number;
  /** Sent outbox entries marked pending again because the server epoch changed. */
  requeued: number;
  cursor: Cursor;
}

/** Pages after which one attempt gives up, so a server that always returns `more` cannot loop it. */
const MAX_PAGES_PER_ATTEMPT = 100_000;
/** Snapshot restarts (the epoch changed while loading) before the attempt fails. */
const MAX_SNAPSHOT_RESTARTS = 3;
/** Snapshot pages after which one attempt gives up. */
const MAX_SNAPSHOT_PAGES = 100_000;

function sameCursor(a: Cursor, b: Cursor): boolean {
  return a.epoch === b.epoch && a.revision === b.revision;
}

/**
 * Checks that a page fits the cursor it was requested with: same epoch,
 * revisions in (after, next], and a cursor that advances when `more` is true. A
 * reply that fails this is a stale or foreign reply and is never applied.
 */
function validateChangesPage(page: ChangesPage, after: Cursor): 'ok' | 'epoch_changed' {
  if (page.next.epoch !== after.epoch) return 'epoch_changed';
  if (page.next.revision < after.revision) {
    throw new SyncError(
      'MALFORMED_REPLY',
      `Changes page moves the cursor back from ${after.revision} to ${page.next.revision}`,
    );
  }
  let previous = after.revision;
  for (const change of page.changes) {
    if (change.revision <= previous || change.revision > page.next.revision) {
      throw new SyncError(
        'MALFORMED_REPLY',
        `Change ${change.type} ${change.id} has revision ${change.revision}, outside ` +
          `(${previous}, ${page.next.revision}] of a page after revision ${after.revision}`,
      );
    }
    previous = change.revision;
  }
  if (page.more && page.next.revision === after.revision) {
    throw new SyncError(
      'MALFORMED_REPLY',
      'Changes page has more: true but does not advance the cursor',
    );
  }
  return 'ok';
}

/**
 * Raises CONCURRENT_SYNC unless the stored cursor is still `expected`. Two
 * sync processes on one data folder would otherwise move the cursor back.
 */
function expectStoredCursor(db: Db, expected: Cursor): void {
  const stored = readSyncState(db).cursor;
  if (stored === null || !sameCursor(stored, expected)) {
    throw new SyncError(
      'CONCURRENT_SYNC',
      `Stored cursor changed from ${JSON.stringify(expected)} to ${JSON.stringify(stored)} ` +
        'during the pull: another sync process uses this data folder',
    );
  }
}

/** Raises CONCURRENT_SYNC unless the stored snapshot progress is still `expected`. */
function expectStoredSnapshot(
  db: Db,
  expected: { cursor: Cursor; nextPage: string | null } | null,
): void {
  const stored = readSyncState(db).snapshot;
  const same =
    stored === null || expected === null
      ? stored === expected
      : sameCursor(stored.cursor, expected.cursor) &&
        stored.nextPage === expected.nextPage;
  if (!same) {
    throw new SyncError(
      'CONCURRENT_SYNC',
      'Stored snapshot progress changed during the snapshot: another sync process uses this data folder',
    );
  }
}

/**
 * Marks a request for the next page, started while the current page is being
 * committed, as handled: if the attempt fails before awaiting it, its
 * rejection must not surface as an unhandled one. Awaiting it still throws.
 */
function prefetch<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

function toWrites(page: ChangesPage): CatalogueWrite[] {
  return page.changes.map((change) =>
    change.op === 'delete'
      ? { type: change.type, id: change.id, deleted: true as const }
      : parseItem(change.type, change.id, change.revision, change.data),
  );
}

/** Pulls every change after the stored cursor, loading a snapshot first when needed. */
export async function pull(context: PullContext): Promise<PullOutcome> {
  const { db, http, log } = context;
  const outcome: PullOutcome = {
    pages: 0,
    changes: 0,
    snapshots: 0,
    requeued: 0,
    cursor: { epoch: '', revision: 0 },
  };
  const snapshot = async (): Promise<Cursor> => {
    const loaded = await loadSnapshot(context);
    outcome.snapshots++;
    outcome.requeued += loaded.requeued;
    return loaded.cursor;
  };

  const state = readSyncState(db);
  let cursor = state.cursor;
  if (cursor === null || state.snapshot !== null) cursor = await snapshot();

  const applyPage = db.transaction(
    (writes: CatalogueWrite[], after: Cursor, next: Cursor) => {
      expectStoredCursor(db, after);
      applyWrites(db, writes);
      writeCursor(db, next, context.now().toISOString());
    },
  );

  const fetchPage = (after: Cursor): Promise<ChangesPage> =>
    http.get(
      '/sync/changes',
      { epoch: after.epoch, after: after.revision, limit: context.pageSize },
      changesPageSchema,
    );
  let prefetched: Promise<ChangesPage> | null = null;

  for (let pages = 0; pages < MAX_PAGES_PER_ATTEMPT; pages++) {
    let page: ChangesPage;
    try {
      const request = prefetched ?? fetchPage(cursor);
      prefetched = null;
      page = await request;
    } catch (error) {
      if (!(error instanceof SyncError) || error.code !== 'CURSOR_EXPIRED') throw error;
      log.info({ cursor }, 'cursor expired; loading a snapshot');
      cursor = await snapshot();
      continue;
    }

    if (validateChangesPage(page, cursor) === 'epoch_changed') {
      log.info(
        { cursor, serverEpoch: page.next.epoch },
        'server epoch changed; loading a snapshot',
      );
      cursor = await snapshot();
      continue;
    }

    const writes = toWrites(page);
    if (page.more) prefetched = prefetch(fetchPage(page.next));
    applyPage(writes, cursor, page.next);
    outcome.pages++;
    outcome.changes += page.changes.length;
    cursor = page.next;
    log.debug(
      { cursor, changes: page.changes.length, more: page.more },
      'changes page applied',
    );
    if (!page.more) {
      outcome.cursor = cursor;
      return outcome;
    }
  }
  throw new SyncError(
    'MALFORMED_REPLY',
    `Server still had more changes after ${MAX_PAGES_PER_ATTEMPT} pages`,
  );
}

/**
 * Milliseconds one snapshot load spent in each step, logged when it is
 * swapped in. A load resumed by a new process counts only its own pages.
 */
interface SnapshotTiming {
  /**
   * Time awaiting page replies: the server's time that the prefetch did not
   * hide, HTTP, and parsing and checking each reply's JSON.
   */
  waitMs: number;
  /** Time checking each item against its schema (parseItem). */
  validateMs: number;
  /** Time staging the pages before the last, each in its own transaction. */
  stageMs: number;
  /** Time in swapSnapshot, inside the last page's transaction. */
  swapMs: number;
  /** Time of the rest of the last page's transaction: staging it and the commit. */
  commitMs: number;
}

function roundTiming(timing: SnapshotTiming): SnapshotTiming {
  return {
    waitMs: Math.round(timing.waitMs),
    validateMs: Math.round(timing.validateMs),
    stageMs: Math.round(timing.stageMs),
    swapMs: Math.round(timing.swapMs),
    commitMs: Math.round(timing.commitMs),
  };
}

/**
 * Loads a full snapshot into `sync_staging` page by page, each page with its
 * progress in one transaction so that a restart resumes it, then swaps it
 * into the catalogue in the same transaction as the last page. Returns the
 * snapshot's cursor, which is then the stored cursor, and how many sent
 * outbox entries the swap marked pending again.
 */
export async function loadSnapshot(
  context: PullContext,
): Promise<{ cursor: Cursor; requeued: number }> {
  const { db, http, log } = context;
  const timing: SnapshotTiming = {
    waitMs: 0,
    validateMs: 0,
    stageMs: 0,
    swapMs: 0,
    commitMs: 0,
  };

  const stagePage = db.transaction(
    (
      page: SnapshotPage,
      items: CatalogueItem[],
      cursor: Cursor,
      expected: { cursor: Cursor; nextPage: string | null } | null,
      earlier: readonly CatalogueItem[] | null,
    ): { removed: number; requeued: number } | null => {
      expectStoredSnapshot(db, expected);
      const insert = db.prepare<[string, string, string]>(
        'INSERT OR REPLACE INTO sync_staging (type, server_id, data) VALUES (?, ?, ?)',
      );
      for (const item of items) insert.run(item.type, item.id, JSON.stringify(item.data));
      if (page.nextPage === null) {
        const started = performance.now();
        const staged = earlier === null ? null : [...earlier, ...items];
        const swapped = swapSnapshot(db, cursor, context.now().toISOString(), staged);
        timing.swapMs = performance.now() - started;
        return swapped;
      }
      writeSnapshotProgress(db, { cursor, nextPage: page.nextPage });
      log.debug({ cursor, items: items.length }, 'snapshot page staged');
      return null;
    },
  );

  const restart = db.transaction(() => {
    db.prepare('DELETE FROM sync_staging').run();
    writeSnapshotProgress(db, null);
  });

  let progress = readSyncState(db).snapshot;
  if (progress !== null && progress.nextPage === null) {
    // This code never stores such progress (the last page swaps at once), but finishing is safe.
    const swapped = db.transaction(() =>
      swapSnapshot(db, progress!.cursor, context.now().toISOString(), null),
    )();
    return { cursor: progress.cursor, requeued: swapped.requeued };
  }

  const fetchPage = (token: string | null): Promise<SnapshotPage> =>
    http.get('/sync/snapshot', { page: token ?? undefined }, snapshotPageSchema);
  let prefetched: Promise<SnapshotPage> | null = null;
  let restarts = 0;
  // The items of the pages this process staged since sync_staging was last
  // emptied, so that the swap need not read and parse them back. Null while
  // sync_staging also contains pages an earlier process staged.
  let loaded: CatalogueItem[] | null = null;
  for (let pages = 0; pages < MAX_SNAPSHOT_PAGES; pages++) {
    if (restarts > MAX_SNAPSHOT_RESTARTS) {
      throw new SyncError(
        'CURSOR_EXPIRED',
        `Snapshot restarted ${MAX_SNAPSHOT_RESTARTS} times because the server epoch kept changing`,
      );
    }
    if (progress === null) {
      restart();
      loaded = [];
    }
    let page: SnapshotPage;
    try {
      const request = prefetched ?? fetchPage(progress?.nextPage ?? null);
      prefetched = null;
      const waitStarted = performance.now();
      page = await request;
      timing.waitMs += performance.now() - waitStarted;
    } catch (error) {
      const resumable =
        error instanceof SyncError &&
        (error.code === 'CURSOR_EXPIRED' || error.code === 'REQUEST_REJECTED');
      if (progress === null || !resumable) throw error;
      // The page token no longer works (the server restarted or its epoch
      // changed): start the snapshot again.
      log.info(
        { code: error.code },
        'snapshot page token rejected; restarting the snapshot',
      );
      progress = null;
      restarts++;
      continue;
    }

    if (progress !== null && !sameCursor(page.cursor, progress.cursor)) {
      log.info(
        { expected: progress.cursor, got: page.cursor },
        'snapshot cursor changed; restarting',
      );
      progress = null;
      restarts++;
      continue;
    }

    const validateStarted = performance.now();
    const items = page.items.map((item) =>
      parseItem(item.type, item.id, page.cursor.revision, item.data),
    );
    timing.validateMs += performance.now() - validateStarted;
    if (page.nextPage !== null) prefetched = prefetch(fetchPage(page.nextPage));
    const stageStarted = performance.now();
    const swapped = stagePage(page, items, page.cursor, progress, loaded);
    const stageMs = performance.now() - stageStarted;
    if (swapped !== null) {
      // The last page's transaction staged it, swapped and committed.
      timing.commitMs = stageMs - timing.swapMs;
      log.info(
        { cursor: page.cursor, ...swapped, ms: roundTiming(timing) },
        'snapshot loaded and swapped in',
      );
      return { cursor: page.cursor, requeued: swapped.requeued };
    }
    timing.stageMs += stageMs;
    if (loaded !== null) {
      for (const item of items) loaded.push(item);
    }
    progress = { cursor: page.cursor, nextPage: page.nextPage };
  }
  throw new SyncError(
    'MALFORMED_REPLY',
    `Snapshot still had more pages after ${MAX_SNAPSHOT_PAGES}`,
  );
}

/** Reads every staged item back from sync_staging, at the snapshot's revision. */
function readStaged(db: Db, revision: number): CatalogueItem[] {
  const items: CatalogueItem[] = [];
  const select = db.prepare<
    [],
    { type: CatalogueItem['type']; server_id: string; data: string }
  >('SELECT type, server_id, data FROM sync_staging');
  for (const row of select.iterate()) {
    items.push({
      type: row.type,
      id: row.server_id,
      revision,
      data: JSON.parse(row.data) as unknown,
    } as CatalogueItem);
  }
  return items;
}

/**
 * Replaces the server catalogue with the staged snapshot and stores its
 * cursor. Runs inside the caller's transaction. `staged` is every item in
 * sync_staging when the caller has them in memory, or null to read them
 * back. Returns the count of items the snapshot no longer contains, which
 * were deleted, and of sent outbox entries marked pending again.
 *
 * A snapshot from another epoch than the stored cursor means the server
 * database was restored or replaced, so it may have lost entries it
 * acknowledged. Every kept sent entry is pushed again, and the server returns
 * `duplicate` for those it still has. This runs in the swap's transaction, so
 * a crash cannot store the new epoch without the requeue.
 */
function swapSnapshot(
  db: Db,
  cursor: Cursor,
  now: string,
  staged: readonly CatalogueItem[] | null,
): { removed: number; requeued: number } {
  const previous = readSyncState(db).cursor;
  const requeued =
    previous !== null && previous.epoch !== cursor.epoch ? requeueSent(db) : 0;
  const removed = deleteItemsMissingFromStaging(db);
  // One applyWrites call for the whole snapshot, because each upsertJobs
  // call of 1000 or more rows ends with an ANALYZE of job_postings: in
  // batches of 2000, a 50,000-posting swap ran it 25 times over a growing
  // table. Staged data was validated when its page arrived.
  applyWrites(db, staged ?? readStaged(db, cursor.revision), { recordItems: false });
  db.prepare(
    `INSERT INTO sync_items (type, server_id, local_uid, revision, data)
     SELECT type, server_id, 'srv:' || server_id, ?, data FROM sync_staging WHERE true
     ON CONFLICT (type, server_id) DO UPDATE SET
       local_uid = excluded.local_uid, revision = excluded.revision, data = excluded.data`,
  ).run(cursor.revision);
  db.prepare('DELETE FROM sync_staging').run();
  writeSnapshotProgress(db, null);
  writeCursor(db, cursor, now);
  return { removed, requeued };
}
