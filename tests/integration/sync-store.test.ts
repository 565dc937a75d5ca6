import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, openStore, type Db } from '../../main/store/db.js';
import { countJobs } from '../../main/store/jobs.js';
import { migration0010 } from '../../main/store/migrations/0010-catalogue.js';
import {
  applyPushResults,
  countOutbox,
  listOutbox,
  pruneSent,
  requeueSent,
  takePending,
} from '../../main/store/outbox.js';
import {
  InvalidRecordError,
  recordDeviceEvent,
  recordRating,
} from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

describe('sync store', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  beforeEach(() => {
    temp = makeTempDir('sync-store');
    db = openStore(join(temp.dir, 'kiosk.sqlite'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('migration 0020 from an empty store', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const state = readSyncState(db);
    expect(state.cursor).toBeNull();
    expect(state.snapshot).toBeNull();
    expect(state.kioskId).toBeNull();
    expect(countOutbox(db)).toEqual({ pending: 0, sent: 0, rejected: 0 });
  });

  it('migration 0020 from version 10 keeps data', () => {
    const file = join(temp.dir, 'v10.sqlite');
    const old = openStore(file, [migration0010]);
    expect(old.pragma('user_version', { simple: true })).toBe(10);
    // Written with plain SQL: upsertJobs expects the newest schema.
    const employerId = Number(
      old.prepare('INSERT INTO employers (name) VALUES (?)').run('宜川县测试单位')
        .lastInsertRowid,
    );
    old
      .prepare(
        `INSERT INTO job_postings (uid, source, title, employer_id, kind, category, area,
           posted_on, status, content_hash)
         VALUES ('ledger-1', 'ledger', '焊工', ?, 'full_time', '制造普工', '秋林镇',
           '2026-11-30', 'published', 'old')`,
      )
      .run(employerId);
    old.close();

    const upgraded = openStore(file);
    try {
      expect(upgraded.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(countJobs(upgraded)).toBe(1);
      expect(readSyncState(upgraded).cursor).toBeNull();
      const id = recordRating(upgraded, { rating: 4, station: '秋林镇驿站' });
      expect(takePending(upgraded, 10).map((entry) => entry.id)).toEqual([id]);
    } finally {
      upgraded.close();
    }
  });

  it('prunes only old sent entries', () => {
    const old = recordRating(db, { rating: 3, station: '测试驿站' });
    const recent = recordRating(db, { rating: 4, station: '测试驿站' });
    const pending = recordRating(db, { rating: 5, station: '测试驿站' });
    applyPushResults(db, [{ id: old, status: 'accepted' }], '2026-08-01T00:00:00.000Z');
    applyPushResults(
      db,
      [{ id: recent, status: 'duplicate' }],
      '2026-12-01T00:00:00.000Z',
    );

    expect(pruneSent(db, '2026-09-05T00:00:00.000Z')).toBe(1);
    expect(listOutbox(db).map((row) => row.id)).toEqual([recent, pending]);
    expect(db.prepare('SELECT count(*) AS n FROM service_ratings').get()).toEqual({
      n: 3,
    });
  });

  it('requeues sent entries, not rejected', () => {
    const sent = recordRating(db, { rating: 3, station: '测试驿站' });
    const rejected = recordRating(db, { rating: 4, station: '测试驿站' });
    applyPushResults(
      db,
      [
        { id: sent, status: 'accepted' },
        { id: rejected, status: 'rejected', reason: 'invalid' },
      ],
      '2026-12-01T00:00:00.000Z',
    );

    expect(requeueSent(db)).toBe(1);
    expect(takePending(db, 10).map((entry) => entry.id)).toEqual([sent]);
    expect(countOutbox(db)).toEqual({ pending: 1, sent: 0, rejected: 1 });
  });

  it('rating and outbox entry share one id', () => {
    const now = new Date('2026-12-04T08:00:00Z');
    const id = recordRating(
      db,
      { rating: 5, topic: '窗口服务', station: '丹州街道驿站' },
      now,
    );
    expect(id).toMatch(UUID_V7);
    const rating = db.prepare('SELECT * FROM service_ratings WHERE id = ?').get(id);
    expect(rating).toEqual({
      id,
      rating: 5,
      topic: '窗口服务',
      station: '丹州街道驿站',
      created_at: '2026-12-04T08:00:00.000Z',
    });
    expect(takePending(db, 10)).toEqual([
      {
        id,
        type: 'rating',
        createdAt: '2026-12-04T08:00:00.000Z',
        payload: { rating: 5, topic: '窗口服务', station: '丹州街道驿站' },
      },
    ]);
  });

  it('invalid rating stores nothing', () => {
    expect(() => recordRating(db, { rating: 6, station: '丹州街道驿站' })).toThrow(
      InvalidRecordError,
    );
    expect(() => recordRating(db, { rating: 2.5, station: '丹州街道驿站' })).toThrow(
      /rating/u,
    );
    expect(() =>
      recordDeviceEvent(db, { device: 'printer', state: 'on fire' as 'fault' }),
    ).toThrow(InvalidRecordError);
    expect(db.prepare('SELECT count(*) AS n FROM service_ratings').get()).toEqual({
      n: 0,
    });
    expect(countOutbox(db).pending).toBe(0);
  });

  it('failed outbox insert rolls back the record', () => {
    db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox
             BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => recordRating(db, { rating: 3, station: '丹州街道驿站' })).toThrow(
      /disk full/u,
    );
    expect(db.prepare('SELECT count(*) AS n FROM service_ratings').get()).toEqual({
      n: 0,
    });
  });

  it('pending order follows creation, not the clock', () => {
    const first = recordRating(
      db,
      { rating: 1, station: 's' },
      new Date('2030-01-01T00:00:00Z'),
    );
    const second = recordRating(
      db,
      { rating: 2, station: 's' },
      new Date('2020-01-01T00:00:00Z'),
    );
    expect(takePending(db, 10).map((entry) => entry.id)).toEqual([first, second]);
  });

  it('push results mark sent and rejected', () => {
    const a = recordRating(db, { rating: 1, station: 's' });
    const b = recordRating(db, { rating: 2, station: 's' });
    const c = recordRating(db, { rating: 3, station: 's' });
    const counts = applyPushResults(
      db,
      [
        { id: a, status: 'accepted' },
        { id: b, status: 'duplicate' },
        { id: c, status: 'rejected', reason: 'station unknown' },
      ],
      '2026-12-04T08:00:00.000Z',
    );
    expect(counts).toEqual({ sent: 2, rejected: 1 });
    const rows = listOutbox(db);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'rejected']);
    expect(rows[2]!.reason).toBe('station unknown');
    expect(rows[0]!.sentAt).toBe('2026-12-04T08:00:00.000Z');
    expect(takePending(db, 10)).toEqual([]);
  });
});
