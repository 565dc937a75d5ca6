import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushRequestSchema } from '../../main/contract/sync.js';
import { openStore, type Db } from '../../main/store/db.js';
import {
  applyPushResults,
  enqueue,
  listOutbox,
  markAttemptFailed,
  takePending,
  takePendingBatch,
} from '../../main/store/outbox.js';
import { pushReplyReader } from '../../main/sync/push.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const AT = '2026-12-04T08:00:00.000Z';

describe('outbox batch', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  beforeEach(() => {
    temp = makeTempDir('sync-outbox-batch');
    db = openStore(join(temp.dir, 'kiosk.sqlite'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  function addEntries(payloads: Record<string, unknown>[]): string[] {
    return payloads.map((payload) => enqueue(db, 'rating', payload, AT));
  }

  it('body holds the same entries as takePending', () => {
    addEntries([
      { rating: 5, topic: '窗口服务', station: '丹州街道驿站' },
      { note: 'tab\tquote"backslash\\nul\u0000', nested: { list: [1, null, 'x'] } },
      { emoji: '😀', lone: '\ud800', empty: {} },
    ]);
    const batch = takePendingBatch(db, 10);
    expect(batch).not.toBeNull();
    const body: unknown = JSON.parse(batch!.body);
    expect(pushRequestSchema.parse(body).entries).toEqual(takePending(db, 10));
    expect(batch!.ids).toEqual(takePending(db, 10).map((entry) => entry.id));
    expect(batch!.lastSeq).toBe(listOutbox(db).at(-1)!.seq);
  });

  it('limit and afterSeq pick the next entries', () => {
    const ids = addEntries([1, 2, 3, 4, 5].map((rating) => ({ rating })));
    const first = takePendingBatch(db, 2)!;
    expect(first.ids).toEqual(ids.slice(0, 2));
    const second = takePendingBatch(db, 2, first.lastSeq)!;
    expect(second.ids).toEqual(ids.slice(2, 4));
    const third = takePendingBatch(db, 2, second.lastSeq)!;
    expect(third.ids).toEqual(ids.slice(4));
    expect(takePendingBatch(db, 2, third.lastSeq)).toBeNull();
  });

  it('byte budget splits batches', () => {
    // Each payload is {"t":"..."}: 8 bytes plus the text, 3 bytes per 汉.
    const ids = addEntries([
      { t: '汉'.repeat(1000) },
      { t: 'x'.repeat(2000) },
      { t: 'y'.repeat(10) },
      { t: 'z'.repeat(9000) },
    ]);
    // The budget is reached inside the second entry, which still goes.
    const first = takePendingBatch(db, 10, 0, 3010)!;
    expect(first.ids).toEqual(ids.slice(0, 2));
    // An entry larger than the budget goes alone.
    const second = takePendingBatch(db, 10, first.lastSeq, 15)!;
    expect(second.ids).toEqual([ids[2]]);
    const third = takePendingBatch(db, 10, second.lastSeq, 100)!;
    expect(third.ids).toEqual([ids[3]]);
  });

  it('skips entries that are not pending', () => {
    const ids = addEntries([{ rating: 1 }, { rating: 2 }, { rating: 3 }]);
    applyPushResults(db, [{ id: ids[1]!, status: 'accepted' }], AT);
    expect(takePendingBatch(db, 10)!.ids).toEqual([ids[0], ids[2]]);
  });

  it('results apply once and keep reasons', () => {
    const ids = addEntries([{ rating: 1 }, { rating: 2 }, { rating: 3 }, { rating: 4 }]);
    applyPushResults(db, [{ id: ids[0]!, status: 'accepted' }], AT);
    const counts = applyPushResults(
      db,
      [
        { id: ids[0]!, status: 'duplicate' },
        { id: ids[1]!, status: 'duplicate' },
        { id: ids[2]!, status: 'rejected', reason: 'station unknown' },
        { id: ids[3]!, status: 'rejected' },
      ],
      '2026-12-05T08:00:00.000Z',
    );
    expect(counts).toEqual({ sent: 2, rejected: 2 });
    const rows = listOutbox(db);
    expect(rows.map((row) => row.status)).toEqual([
      'sent',
      'sent',
      'rejected',
      'rejected',
    ]);
    // The entry sent before keeps its first sent time and attempt count.
    expect(rows[0]).toMatchObject({ sentAt: AT, attempts: 1 });
    expect(rows[1]).toMatchObject({ sentAt: '2026-12-05T08:00:00.000Z', attempts: 1 });
    expect(rows[2]!.reason).toBe('station unknown');
    expect(rows[3]!.reason).toBe('rejected by the server without a reason');
  });

  it('failed attempts count only pending entries', () => {
    const ids = addEntries([{ rating: 1 }, { rating: 2 }]);
    applyPushResults(db, [{ id: ids[0]!, status: 'accepted' }], AT);
    markAttemptFailed(db, ids);
    markAttemptFailed(db, [ids[1]!]);
    expect(listOutbox(db).map((row) => row.attempts)).toEqual([1, 2]);
  });
});

describe('push reply reader', () => {
  const ids = ['a', 'b'];
  const read = pushReplyReader(ids);

  it('accepts one result per entry in order', () => {
    expect(
      read({
        results: [
          { id: 'a', status: 'accepted', extra: 1 },
          { id: 'b', status: 'rejected', reason: 'bad' },
        ],
      }),
    ).toEqual({
      ok: true,
      value: [
        { id: 'a', status: 'accepted' },
        { id: 'b', status: 'rejected', reason: 'bad' },
      ],
    });
  });

  it('rejects replies off the protocol', () => {
    const cases: [unknown, RegExp][] = [
      [null, /results is not an array/u],
      [{ results: 'x' }, /results is not an array/u],
      [{ results: [{ id: 'a', status: 'accepted' }] }, /1 results for 2 entries/u],
      [
        {
          results: [
            { id: 'b', status: 'accepted' },
            { id: 'a', status: 'accepted' },
          ],
        },
        /result 0 is for b, expected a/u,
      ],
      [
        { results: [{ id: 'a', status: 'accepted' }, null] },
        /result 1 is for undefined/u,
      ],
      [
        {
          results: [
            { id: 'a', status: 'stored' },
            { id: 'b', status: 'accepted' },
          ],
        },
        /result 0 has an invalid status/u,
      ],
      [
        {
          results: [
            { id: 'a', status: 'rejected', reason: 5 },
            { id: 'b', status: 'accepted' },
          ],
        },
        /result 0 has a reason that is not text/u,
      ],
    ];
    for (const [json, message] of cases) {
      const outcome = read(json);
      expect(outcome.ok, JSON.stringify(json)).toBe(false);
      if (!outcome.ok) expect(outcome.error).toMatch(message);
    }
  });
});
