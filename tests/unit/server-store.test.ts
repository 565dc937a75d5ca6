import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  compactChanges,
  expireDueItems,
  expiresAtOf,
  saveItem,
  servedStatus,
  type ItemWrite,
} from '../../server/store/catalogue.js';
import { latestVersion, openServerDb, type Db } from '../../server/store/db.js';
import { DbVersionFromFutureError } from '../../server/store/errors.js';
import { readSyncState } from '../../server/store/meta.js';
import { openRecord, sealRecord } from '../../server/store/record-key.js';
import { storePushedEntries } from '../../server/store/records.js';
import { readChangesPage, readSnapshotPage } from '../../server/store/sync-feed.js';
import {
  ACCOUNT_THROTTLE,
  lockRemainingMs,
  recordFailure,
} from '../../server/store/throttle.js';
import { sampleJob } from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
const NOW = new Date('2026-12-04T02:00:00Z');
const SCOPE = { station: 'danzhou-market', town: '丹州街道' };
const KEY = Buffer.alloc(32, 7);

function job(
  id: string,
  overrides: Record<string, unknown> = {},
  status: ItemWrite['status'] = 'published',
): ItemWrite {
  return {
    type: 'job',
    id,
    ownerStation: null,
    status,
    data: { ...sampleJob(), ...overrides },
    towns: [],
    actorId: null,
  };
}

beforeEach(() => {
  temp = makeTempDir('server-store');
  db = openServerDb(join(temp.dir, 'county.sqlite'));
});

afterEach(() => {
  db.close();
  temp.remove();
});

describe('server database', () => {
  it('new database has an epoch', () => {
    const state = readSyncState(db);
    expect(state.epoch).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(state.revision).toBe(0);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('newer database is refused untouched', () => {
    const file = join(temp.dir, 'future.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${latestVersion() + 10}`);
    future.close();
    expect(() => openServerDb(file)).toThrow(DbVersionFromFutureError);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(latestVersion() + 10);
    check.close();
  });
});

describe('server catalogue store', () => {
  it('every save bumps the revision', () => {
    saveItem(db, job('a'), NOW);
    saveItem(db, job('a', { title: '改' }), NOW);
    saveItem(db, job('b', {}, 'draft'), NOW);
    saveItem(db, job('a', {}, 'withdrawn'), NOW);
    expect(readSyncState(db).revision).toBe(4);
    // The draft b was never published, so kiosks get no tombstone for it.
    const ops = db
      .prepare('SELECT revision, id, op FROM changes ORDER BY revision')
      .all();
    expect(ops).toEqual([
      { revision: 1, id: 'a', op: 'upsert' },
      { revision: 2, id: 'a', op: 'upsert' },
      { revision: 4, id: 'a', op: 'delete' },
    ]);
  });

  it('changes page skips revision gaps', () => {
    saveItem(db, job('draft', {}, 'draft'), NOW);
    saveItem(db, job('live'), NOW);
    const epoch = readSyncState(db).epoch;
    const page = readChangesPage(db, SCOPE, { epoch, after: 0 }, 100, NOW);
    expect(page.changes.map((change) => [change.revision, change.id])).toEqual([
      [2, 'live'],
    ]);
    expect(page.next.revision).toBe(2);
    const empty = readChangesPage(db, SCOPE, { epoch, after: 2 }, 100, NOW);
    expect(empty.changes).toEqual([]);
    expect(empty.more).toBe(false);
  });

  it('deadline ends at China midnight', () => {
    expect(expiresAtOf('job', { deadline: '2026-12-04' })).toBe(
      '2026-12-04T16:00:00.000Z',
    );
    expect(
      expiresAtOf('event', { startsAt: '2026-12-04T20:00:00+08:00', endsAt: null }),
    ).toBe('2026-12-04T16:00:00.000Z');
    expect(
      expiresAtOf('event', {
        startsAt: '2026-12-04T09:00:00+08:00',
        endsAt: '2026-12-04T11:00:00+08:00',
      }),
    ).toBe('2026-12-04T03:00:00.000Z');
    expect(expiresAtOf('policy', {})).toBeNull();
  });

  it('expiry sweep writes one tombstone', () => {
    saveItem(db, job('due', { deadline: '2026-12-04' }), NOW);
    const later = new Date('2026-12-04T16:00:01Z');
    expect(
      servedStatus({ status: 'published', expiresAt: '2026-12-04T16:00:00.000Z' }, later),
    ).toBe('expired');
    expect(expireDueItems(db, NOW)).toBe(0);
    expect(expireDueItems(db, later)).toBe(1);
    expect(expireDueItems(db, later)).toBe(0);
    const page = readChangesPage(
      db,
      SCOPE,
      { epoch: readSyncState(db).epoch, after: 1 },
      100,
      later,
    );
    expect(page.changes).toEqual([{ op: 'delete', revision: 2, type: 'job', id: 'due' }]);
  });

  it('expired item is a tombstone before the sweep', () => {
    saveItem(db, job('due', { deadline: '2026-12-04' }), NOW);
    const epoch = readSyncState(db).epoch;
    const page = readChangesPage(
      db,
      SCOPE,
      { epoch, after: 0 },
      100,
      new Date('2026-12-05T00:00:00Z'),
    );
    expect(page.changes.map((change) => change.op)).toEqual(['delete']);
  });

  it('snapshot serves each item at its revision', () => {
    saveItem(db, job('a', { title: 'A1' }), NOW);
    saveItem(db, job('b', { title: 'B1' }), NOW);
    saveItem(db, job('c', { title: 'C1' }), NOW);
    const first = readSnapshotPage(db, SCOPE, null, 1, NOW);
    saveItem(db, job('b', { title: 'B2' }), NOW);
    saveItem(db, job('c', {}, 'withdrawn'), NOW);
    saveItem(db, job('0', { title: 'new' }), NOW);

    const titles = first.items.map((item) => (item.data as { title: string }).title);
    let token = first.nextPage;
    while (token !== null) {
      const page = readSnapshotPage(db, SCOPE, token, 1, NOW);
      expect(page.cursor.revision).toBe(3);
      titles.push(...page.items.map((item) => (item.data as { title: string }).title));
      token = page.nextPage;
    }
    expect(titles).toEqual(['A1', 'B1', 'C1']);
  });

  it('compaction keeps every live item', () => {
    saveItem(db, job('a', { title: 'A1' }), NOW);
    saveItem(db, job('a', { title: 'A2' }), NOW);
    saveItem(db, job('b'), NOW);
    saveItem(db, job('b', {}, 'filled'), NOW);
    saveItem(db, job('a', { title: 'A3' }), NOW);
    // Revisions 1-4 are at or below the floor: A1 is superseded by A2 (2),
    // and b's tombstone (4) and its upsert (3) go too.
    expect(compactChanges(db, 4)).toBe(3);
    expect(readSyncState(db).compactedThrough).toBe(4);
    const left = db
      .prepare('SELECT revision FROM changes ORDER BY revision')
      .pluck()
      .all();
    expect(left).toEqual([2, 5]);

    const snapshotAt4 = readSnapshotPage(
      db,
      SCOPE,
      Buffer.from(
        JSON.stringify({ e: readSyncState(db).epoch, r: 4, t: '', i: '' }),
      ).toString('base64url'),
      10,
      NOW,
    );
    expect(
      snapshotAt4.items.map((item) => (item.data as { title: string }).title),
    ).toEqual(['A2']);
    const epoch = readSyncState(db).epoch;
    expect(() => readChangesPage(db, SCOPE, { epoch, after: 3 }, 10, NOW)).toThrow(
      /older than the kept change history/,
    );
    expect(readChangesPage(db, SCOPE, { epoch, after: 4 }, 10, NOW).changes).toHaveLength(
      1,
    );
  });
});

describe('server record store', () => {
  const entry = (payload: Record<string, unknown>) => ({
    id: uuidv7(),
    type: 'rating',
    createdAt: '2026-12-04T10:00:00+08:00',
    payload,
  });

  it('key order does not make content differ', () => {
    const first = entry({ rating: 4, topic: 'jobs' });
    const reordered = { ...first, payload: { topic: 'jobs', rating: 4 } };
    const results = storePushedEntries(db, KEY, 'kiosk-1', [first, reordered], NOW);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'duplicate']);
  });

  it('payload is encrypted at rest', () => {
    const record = entry({ note: '明文不应出现' });
    storePushedEntries(db, KEY, 'kiosk-1', [record], NOW);
    const row = db
      .prepare<[string], { payload: Buffer }>('SELECT payload FROM records WHERE id = ?')
      .get(record.id);
    expect(row?.payload.toString('utf8')).not.toContain('明文不应出现');
    expect(
      JSON.parse(openRecord(KEY, row?.payload ?? Buffer.alloc(0), record.id)),
    ).toEqual(record.payload);
    expect(() => openRecord(KEY, row?.payload ?? Buffer.alloc(0), 'other-id')).toThrow();
  });

  it('sealed record fails with another key', () => {
    const sealed = sealRecord(KEY, '{}', 'id');
    expect(() => openRecord(Buffer.alloc(32, 8), sealed, 'id')).toThrow();
  });

  it('10000 entries arrive exactly once', () => {
    const entries = Array.from({ length: 10_000 }, (_, index) =>
      entry({ rating: (index % 5) + 1 }),
    );
    for (let start = 0; start < entries.length; start += 200) {
      const results = storePushedEntries(
        db,
        KEY,
        'kiosk-1',
        entries.slice(start, start + 200),
        NOW,
      );
      expect(results.every((result) => result.status === 'accepted')).toBe(true);
    }
    const again = storePushedEntries(db, KEY, 'kiosk-1', entries.slice(0, 200), NOW);
    expect(again.every((result) => result.status === 'duplicate')).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM records').pluck().get()).toBe(10_000);
  });
});

describe('server sign-in throttle', () => {
  it('lock grows with each failure', () => {
    const key = 'account:someone';
    for (let i = 0; i < 4; i++)
      expect(recordFailure(db, key, ACCOUNT_THROTTLE, NOW)).toBe(0);
    expect(recordFailure(db, key, ACCOUNT_THROTTLE, NOW)).toBe(60_000);
    expect(recordFailure(db, key, ACCOUNT_THROTTLE, NOW)).toBe(120_000);
    expect(lockRemainingMs(db, key, NOW)).toBe(120_000);
    expect(lockRemainingMs(db, key, new Date(NOW.getTime() + 120_000))).toBe(0);
  });
});
