import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_LIMIT_MS,
  MAX_PUSH_ENTRIES,
  changesPageSchema,
  enrolResponseSchema,
  heartbeatResponseSchema,
  pushResponseSchema,
  snapshotPageSchema,
  syncErrorSchema,
  type ChangesPage,
  type OutboxEntry,
} from '../../main/contract/sync.js';
import {
  requestJson,
  startCountyServer,
  type CountyServer,
  type KioskCredential,
} from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let server: CountyServer;
let kiosk: KioskCredential;

beforeAll(async () => {
  server = await startCountyServer({ args: ['--snapshot-page-size', '2'] });
  kiosk = await server.enrolKiosk();
});

afterAll(async () => {
  await server.stop();
});

async function changesAfter(
  credential: KioskCredential,
  epoch: string,
  after: number,
): Promise<ChangesPage> {
  const response = await server.kiosk(
    credential,
    'GET',
    `/api/v1/sync/changes?epoch=${epoch}&after=${after}`,
  );
  expect(response.status).toBe(200);
  return changesPageSchema.parse(response.body);
}

async function currentCursor(
  credential: KioskCredential,
): Promise<{ epoch: string; revision: number }> {
  const response = await server.kiosk(credential, 'GET', '/api/v1/sync/snapshot');
  return snapshotPageSchema.parse(response.body).cursor;
}

/** Posts a raw body with the kiosk's credential, bypassing JSON encoding. */
async function rawPost(
  path: string,
  body: string,
  contentType: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: kiosk.authorization, 'content-type': contentType },
    body,
  });
  return { status: response.status, body: await response.json() };
}

function entry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: uuidv7(),
    type: 'rating',
    createdAt: new Date().toISOString(),
    payload: { rating: 5, topic: 'jobs' },
    ...overrides,
  };
}

describe('server enrolment and kiosk auth', () => {
  it('health answers without auth', async () => {
    const response = await requestJson<{ status: string }>(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('start output hides the password', () => {
    expect(server.adminPassword.length).toBeGreaterThan(0);
    expect(server.output()).toContain('admin sign-in: admin, password in ');
    expect(server.output()).not.toContain(server.adminPassword);
  });

  it('enrolment code works once', async () => {
    const code = await server.createEnrolmentCode();
    const body = { code, name: 'kiosk A', version: '1.0.0' };
    const first = await requestJson(`${server.url}/api/v1/enrol`, {
      method: 'POST',
      body,
    });
    expect(first.status).toBe(200);
    const credential = enrolResponseSchema.parse(first.body);
    expect(credential.station).toBe('test-station');
    expect(credential.secret.length).toBeGreaterThanOrEqual(43);

    const second = await requestJson(`${server.url}/api/v1/enrol`, {
      method: 'POST',
      body,
    });
    expect(second.status).toBe(401);
    expect(syncErrorSchema.parse(second.body).error.message).toMatch(/already been used/);
  });

  it('enrolment code expires', async () => {
    const created = await server.admin<{ code: string }>(
      'POST',
      '/api/admin/enrolment-codes',
      {
        station: 'test-station',
        expiresInSeconds: 1,
      },
    );
    expect(created.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const response = await requestJson(`${server.url}/api/v1/enrol`, {
      method: 'POST',
      body: { code: created.body.code, name: 'late kiosk', version: '1.0.0' },
    });
    expect(response.status).toBe(401);
    expect(syncErrorSchema.parse(response.body).error.message).toMatch(/expired/);
  });

  it('unknown enrolment code is refused', async () => {
    const response = await requestJson(`${server.url}/api/v1/enrol`, {
      method: 'POST',
      body: { code: 'AAAA-BBBB-CCCC', name: 'kiosk', version: '1.0.0' },
    });
    expect(response.status).toBe(401);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('UNAUTHORIZED');
  });

  it('missing credential is refused', async () => {
    const response = await requestJson(`${server.url}/api/v1/sync/snapshot`);
    expect(response.status).toBe(401);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('UNAUTHORIZED');
  });

  it('wrong secret is refused', async () => {
    const forged = {
      ...kiosk,
      authorization: `Bearer ${kiosk.kioskId}.${'A'.repeat(43)}`,
    };
    const response = await server.kiosk(forged, 'GET', '/api/v1/sync/snapshot');
    expect(response.status).toBe(401);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('UNAUTHORIZED');
  });

  it('revoked kiosk is refused', async () => {
    const doomed = await server.enrolKiosk({ name: 'doomed kiosk' });
    expect((await server.kiosk(doomed, 'GET', '/api/v1/sync/snapshot')).status).toBe(200);
    const revoked = await server.admin(
      'POST',
      `/api/admin/kiosks/${doomed.kioskId}/revoke`,
    );
    expect(revoked.status).toBe(200);

    for (const path of [
      '/api/v1/sync/snapshot',
      '/api/v1/sync/changes?epoch=xxxxxxxx&after=0',
    ]) {
      const response = await server.kiosk(doomed, 'GET', path);
      expect(response.status).toBe(403);
      expect(syncErrorSchema.parse(response.body).error.code).toBe('KIOSK_REVOKED');
    }
  });

  it('kiosk list shows last sync', async () => {
    await currentCursor(kiosk);
    const response = await server.admin<{
      kiosks: { id: string; lastSyncAt: string | null }[];
    }>('GET', '/api/admin/kiosks');
    const row = response.body.kiosks.find((item) => item.id === kiosk.kioskId);
    expect(row?.lastSyncAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('server changes feed', () => {
  it('published job appears after the cursor', async () => {
    const cursor = await currentCursor(kiosk);
    const { id, revision } = await server.publishJob({ title: '护工' });
    const page = await changesAfter(kiosk, cursor.epoch, cursor.revision);
    expect(page.changes.map((change) => [change.op, change.id])).toEqual([
      ['upsert', id],
    ]);
    const change = page.changes[0];
    expect(
      change?.op === 'upsert' ? (change.data as { title: string }).title : null,
    ).toBe('护工');
    expect(page.next).toEqual({ epoch: cursor.epoch, revision });
    expect(page.more).toBe(false);
  });

  it('filled job becomes a tombstone', async () => {
    const { id } = await server.publishJob({ title: '电焊工' });
    const cursor = await currentCursor(kiosk);
    const filled = await server.admin('POST', `/api/admin/jobs/${id}/fill`);
    expect(filled.status).toBe(200);
    const page = await changesAfter(kiosk, cursor.epoch, cursor.revision);
    expect(page.changes).toEqual([
      { op: 'delete', revision: cursor.revision + 1, type: 'job', id },
    ]);
    const snapshot = await server.snapshot(kiosk);
    expect(snapshot.items.map((item) => item.id)).not.toContain(id);
  });

  it('another station sees a tombstone', async () => {
    await server.admin('PUT', '/api/admin/stations/other-station', {
      name: '其他驿站',
      town: '秋林镇',
    });
    const cursor = await currentCursor(kiosk);
    const { id } = await server.publishJob({
      title: '秋林镇保洁',
      stations: ['other-station'],
    });
    const page = await changesAfter(kiosk, cursor.epoch, cursor.revision);
    expect(page.changes).toEqual([
      { op: 'delete', revision: cursor.revision + 1, type: 'job', id },
    ]);
  });

  it('town targeting reaches the station', async () => {
    const cursor = await currentCursor(kiosk);
    const response = await server.admin<{ item: { id: string } }>(
      'POST',
      '/api/admin/notices',
      {
        data: {
          title: '丹州街道通知',
          body: '正文',
          startsOn: null,
          endsOn: null,
          stations: [],
        },
        towns: ['丹州街道'],
        publish: true,
      },
    );
    expect(response.status).toBe(201);
    const page = await changesAfter(kiosk, cursor.epoch, cursor.revision);
    expect(page.changes.map((change) => [change.op, change.id])).toEqual([
      ['upsert', response.body.item.id],
    ]);
  });

  it('page limit sets more and next', async () => {
    const cursor = await currentCursor(kiosk);
    await server.publishJob({ title: '岗位一' });
    await server.publishJob({ title: '岗位二' });
    await server.publishJob({ title: '岗位三' });
    const query = `epoch=${cursor.epoch}&after=${cursor.revision}&limit=2`;
    const first = changesPageSchema.parse(
      (await server.kiosk(kiosk, 'GET', `/api/v1/sync/changes?${query}`)).body,
    );
    expect(first.changes).toHaveLength(2);
    expect(first.more).toBe(true);
    expect(first.next.revision).toBe(cursor.revision + 2);
    const second = await changesAfter(kiosk, cursor.epoch, first.next.revision);
    expect(second.changes).toHaveLength(1);
    expect(second.more).toBe(false);
  });

  it('item edited twice in a page appears once', async () => {
    const { id } = await server.publishJob({ title: '初稿' });
    const cursor = await currentCursor(kiosk);
    const job = await server.admin<{ item: { data: Record<string, unknown> } }>(
      'GET',
      `/api/admin/jobs/${id}`,
    );
    await server.admin('PUT', `/api/admin/jobs/${id}`, {
      data: { ...job.body.item.data, title: '二稿' },
    });
    await server.admin('PUT', `/api/admin/jobs/${id}`, {
      data: { ...job.body.item.data, title: '定稿' },
    });
    const page = await changesAfter(kiosk, cursor.epoch, cursor.revision);
    expect(page.changes).toHaveLength(1);
    const change = page.changes[0];
    expect(
      change?.op === 'upsert' ? (change.data as { title: string }).title : null,
    ).toBe('定稿');
  });

  it('foreign epoch gets 410', async () => {
    const response = await server.kiosk(
      kiosk,
      'GET',
      '/api/v1/sync/changes?epoch=not-this-epoch&after=0',
    );
    expect(response.status).toBe(410);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('CURSOR_EXPIRED');
  });

  it('bad query gets 400', async () => {
    const response = await server.kiosk(
      kiosk,
      'GET',
      '/api/v1/sync/changes?epoch=abcdefgh&after=-1',
    );
    expect(response.status).toBe(400);
    expect(syncErrorSchema.parse(response.body).error.message).toMatch(/after/);
  });
});

describe('server snapshot', () => {
  it('pages stay consistent during edits', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await server.publishJob({ title: `快照岗位${i}` })).id);

    const first = snapshotPageSchema.parse(
      (await server.kiosk(kiosk, 'GET', '/api/v1/sync/snapshot')).body,
    );
    expect(first.nextPage).not.toBeNull();
    const seen = new Map(
      first.items.map((item) => [item.id, item.data as { title: string }]),
    );

    // Between pages: edit one of the new jobs, withdraw another, publish a new one.
    const [editedId, withdrawnId] = [ids[3] ?? '', ids[4] ?? ''];
    const edited = await server.admin<{ item: { data: Record<string, unknown> } }>(
      'GET',
      `/api/admin/jobs/${editedId}`,
    );
    await server.admin('PUT', `/api/admin/jobs/${editedId}`, {
      data: { ...edited.body.item.data, title: '改过的标题' },
    });
    await server.admin('POST', `/api/admin/jobs/${withdrawnId}/withdraw`);
    const added = await server.publishJob({ title: '快照之后的岗位' });

    let token = first.nextPage;
    while (token !== null) {
      const response = await server.kiosk(
        kiosk,
        'GET',
        `/api/v1/sync/snapshot?page=${encodeURIComponent(token)}`,
      );
      const page = snapshotPageSchema.parse(response.body);
      expect(page.cursor).toEqual(first.cursor);
      for (const item of page.items) seen.set(item.id, item.data as { title: string });
      token = page.nextPage;
    }

    expect(seen.get(editedId)?.title).toBe('快照岗位3');
    expect(seen.get(withdrawnId)?.title).toBe('快照岗位4');
    expect(seen.has(added.id)).toBe(false);

    // The pull after the snapshot cursor brings the kiosk up to date.
    const page = await changesAfter(kiosk, first.cursor.epoch, first.cursor.revision);
    const ops = new Map(page.changes.map((change) => [change.id, change.op]));
    expect(ops.get(editedId)).toBe('upsert');
    expect(ops.get(withdrawnId)).toBe('delete');
    expect(ops.get(added.id)).toBe('upsert');
  });

  it('bad page token gets 400', async () => {
    const response = await server.kiosk(
      kiosk,
      'GET',
      '/api/v1/sync/snapshot?page=not-a-token',
    );
    expect(response.status).toBe(400);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('INVALID_REQUEST');
  });

  it('compacted cursor gets 410', async () => {
    const before = await currentCursor(kiosk);
    await server.publishJob({ title: '压缩前' });
    await server.publishJob({ title: '压缩后' });
    const compacted = await server.admin<{ compactedThrough: number }>(
      'POST',
      '/api/admin/maintenance/compact',
      {
        throughRevision: before.revision + 1,
      },
    );
    expect(compacted.status).toBe(200);
    expect(compacted.body.compactedThrough).toBe(before.revision + 1);

    const old = await server.kiosk(
      kiosk,
      'GET',
      `/api/v1/sync/changes?epoch=${before.epoch}&after=${before.revision}`,
    );
    expect(old.status).toBe(410);
    expect(syncErrorSchema.parse(old.body).error.code).toBe('CURSOR_EXPIRED');
    const atFloor = await changesAfter(kiosk, before.epoch, before.revision + 1);
    expect(atFloor.changes).toHaveLength(1);

    // A snapshot after compaction still has every live item.
    const snapshot = await server.snapshot(kiosk);
    const titles = snapshot.items.map((item) => (item.data as { title: string }).title);
    expect(titles).toContain('压缩前');
    expect(titles).toContain('压缩后');
  });
});

describe('server push', () => {
  it('same entry twice is a duplicate', async () => {
    const record = entry();
    const first = pushResponseSchema.parse(
      (await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries: [record] }))
        .body,
    );
    expect(first.results).toEqual([{ id: record.id, status: 'accepted' }]);
    const again = pushResponseSchema.parse(
      (await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries: [record] }))
        .body,
    );
    expect(again.results).toEqual([{ id: record.id, status: 'duplicate' }]);

    const records = await server.admin<{ records: { id: string }[] }>(
      'GET',
      `/api/admin/records?kiosk=${kiosk.kioskId}`,
    );
    expect(records.body.records.filter((row) => row.id === record.id)).toHaveLength(1);
  });

  it('reused id with other content is rejected', async () => {
    const record = entry();
    await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries: [record] });
    const changed = { ...record, payload: { rating: 1 } };
    const response = pushResponseSchema.parse(
      (await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries: [changed] }))
        .body,
    );
    expect(response.results[0]?.status).toBe('rejected');
    expect(response.results[0]?.reason).toMatch(/different content/);
  });

  it('bad entries fail alone', async () => {
    const good = [entry(), entry()];
    const bad = [
      {
        id: 'not-a-uuid',
        type: 'rating',
        createdAt: new Date().toISOString(),
        payload: {},
      },
      { ...entry(), type: 'unknown_type' },
      { ...entry(), createdAt: 'yesterday' },
      { ...entry(), payload: { text: 'x'.repeat(70 * 1024) } },
      42,
    ];
    const entries = [good[0], ...bad, good[1]];
    const response = await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries });
    expect(response.status).toBe(200);
    const { results } = pushResponseSchema.parse(response.body);
    expect(results.map((result) => result.status)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    for (const result of results.filter((item) => item.status === 'rejected')) {
      expect(result.reason).toMatch(/^Invalid entry: /);
    }

    const listed = await server.admin<{
      rejections: { kioskId: string; entryId: string }[];
    }>('GET', '/api/admin/push-rejections');
    expect(
      listed.body.rejections.some(
        (row) => row.entryId === 'not-a-uuid' && row.kioskId === kiosk.kioskId,
      ),
    ).toBe(true);
  });

  it('oversized push is refused whole', async () => {
    const entries = Array.from({ length: MAX_PUSH_ENTRIES + 1 }, () => entry());
    const response = await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries });
    expect(response.status).toBe(400);
    expect(syncErrorSchema.parse(response.body).error.message).toMatch(/entries/);
  });

  it('entry from another kiosk is rejected', async () => {
    const other = await server.enrolKiosk({ name: 'second kiosk' });
    const record = entry();
    await server.kiosk(kiosk, 'POST', '/api/v1/sync/push', { entries: [record] });
    const response = pushResponseSchema.parse(
      (await server.kiosk(other, 'POST', '/api/v1/sync/push', { entries: [record] }))
        .body,
    );
    expect(response.results[0]?.status).toBe('rejected');
    expect(response.results[0]?.reason).toMatch(/another kiosk/);
  });
});

describe('server malformed requests', () => {
  it('broken JSON gets 400', async () => {
    const response = await rawPost(
      '/api/v1/sync/push',
      '{"entries": [',
      'application/json',
    );
    expect(response.status).toBe(400);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('INVALID_REQUEST');
  });

  it('wrong content type gets 415', async () => {
    const response = await rawPost(
      '/api/v1/sync/push',
      'entries=1',
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(415);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('INVALID_REQUEST');
  });

  it('oversized body gets 413', async () => {
    const response = await rawPost(
      '/api/v1/heartbeat',
      JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
      'application/json',
    );
    expect(response.status).toBe(413);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('INVALID_REQUEST');
  });

  it('unknown path gets 404', async () => {
    const response = await server.kiosk(kiosk, 'GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('NOT_FOUND');
  });

  it('server still answers afterwards', async () => {
    const response = await requestJson(`${server.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('server heartbeat', () => {
  const beat = {
    version: '1.2.3',
    uptimeSeconds: 60,
    outboxDepth: 3,
    lastSyncAt: null,
    devices: [],
  };

  it('accurate clock is not flagged', async () => {
    const response = await server.kiosk(kiosk, 'POST', '/api/v1/heartbeat', {
      ...beat,
      kioskTime: new Date().toISOString(),
    });
    expect(response.status).toBe(200);
    const body = heartbeatResponseSchema.parse(response.body);
    expect(body.clockFlagged).toBe(false);
    expect(Math.abs(body.clockOffsetMs)).toBeLessThan(60_000);
  });

  it('skewed clock is flagged', async () => {
    const kioskTime = new Date(Date.now() - CLOCK_SKEW_LIMIT_MS - 60_000).toISOString();
    const response = await server.kiosk(kiosk, 'POST', '/api/v1/heartbeat', {
      ...beat,
      kioskTime,
    });
    expect(response.status).toBe(200);
    const body = heartbeatResponseSchema.parse(response.body);
    expect(body.clockFlagged).toBe(true);
    expect(body.clockOffsetMs).toBeGreaterThan(CLOCK_SKEW_LIMIT_MS);

    type Row = {
      id: string;
      heartbeat: { outboxDepth: number; clockFlagged: boolean } | null;
    };
    const kiosks = await server.admin<{ kiosks: Row[] }>('GET', '/api/admin/kiosks');
    const row = kiosks.body.kiosks.find((item) => item.id === kiosk.kioskId);
    expect(row?.heartbeat?.outboxDepth).toBe(3);
    expect(row?.heartbeat?.clockFlagged).toBe(true);
  });

  it('unreadable kiosk time gets 400', async () => {
    const response = await server.kiosk(kiosk, 'POST', '/api/v1/heartbeat', {
      ...beat,
      kioskTime: 'noon',
    });
    expect(response.status).toBe(400);
    expect(syncErrorSchema.parse(response.body).error.message).toMatch(/kioskTime/);
  });
});

describe('server restore', () => {
  it('restored database expires cursors', async () => {
    const temp = makeTempDir('county-restore');
    const dbFile = join(temp.dir, 'county.sqlite');
    const backup = join(temp.dir, 'backup.sqlite');
    try {
      let restoring = await startCountyServer({ dataDir: temp.dir });
      const credential = await restoring.enrolKiosk();
      await restoring.publishJob({ title: '备份前' });
      await restoring.stop();
      copyFileSync(dbFile, backup);

      restoring = await startCountyServer({ dataDir: temp.dir });
      await restoring.publishJob({ title: '备份后' });
      const cursor = (await restoring.snapshot(credential)).cursor;
      await restoring.stop();

      // Restore the backup: the server notices that it already served a
      // later revision of this epoch and starts a new epoch.
      rmSync(`${dbFile}-wal`, { force: true });
      rmSync(`${dbFile}-shm`, { force: true });
      copyFileSync(backup, dbFile);
      restoring = await startCountyServer({ dataDir: temp.dir });
      const query = `epoch=${cursor.epoch}&after=${cursor.revision}`;
      const response = await restoring.kiosk(
        credential,
        'GET',
        `/api/v1/sync/changes?${query}`,
      );
      expect(response.status).toBe(410);
      expect(syncErrorSchema.parse(response.body).error.message).toMatch(
        /another server database/,
      );
      const fresh = await restoring.snapshot(credential);
      expect(fresh.cursor.epoch).not.toBe(cursor.epoch);
      expect(fresh.items.map((item) => (item.data as { title: string }).title)).toEqual([
        '备份前',
      ]);
      await restoring.stop();

      // Without the revision mark, a cursor ahead of the database still expires.
      copyFileSync(backup, dbFile);
      rmSync(join(temp.dir, 'revision-mark.json'));
      restoring = await startCountyServer({ dataDir: temp.dir });
      const ahead = await restoring.kiosk(
        credential,
        'GET',
        `/api/v1/sync/changes?${query}`,
      );
      expect(ahead.status).toBe(410);
      expect(syncErrorSchema.parse(ahead.body).error.message).toMatch(
        /ahead of the server/,
      );
      await restoring.stop();
    } finally {
      temp.remove();
    }
  });
});
