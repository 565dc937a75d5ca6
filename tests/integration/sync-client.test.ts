import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobQuerySchema } from '../../main/contract/catalogue.js';
import { openStore, type Db } from '../../main/store/db.js';
import { searchJobs } from '../../main/store/jobs.js';
import { enqueue, listOutbox } from '../../main/store/outbox.js';
import { recordDeviceEvent, recordRating } from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { SyncClient, type SyncClientOptions } from '../../main/sync/client.js';
import { loadCredential } from '../../main/sync/credential.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { SyncPeer } from './sync-peer.js';
import {
  expectedCatalogue,
  kioskCatalogue,
  makeEvent,
  makeJob,
  makeNotice,
  makePolicy,
  sorted,
} from './sync-support.js';

interface Kiosk {
  db: Db;
  dir: string;
  client: SyncClient;
}

function titles(db: Db, text = ''): string[] {
  return searchJobs(
    db,
    jobQuerySchema.parse({ text, limit: 100 }),
    '2026-12-04',
  ).items.map((item) => item.title);
}

describe('sync client', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let peer: SyncPeer;
  const kiosks: Kiosk[] = [];

  async function addKiosk(options: Partial<SyncClientOptions> = {}): Promise<Kiosk> {
    const dir = join(temp.dir, `kiosk-${kiosks.length}`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const db = openStore(join(dir, 'kiosk.sqlite'));
    await enrolKiosk({
      db,
      dataDir: dir,
      serverUrl: peer.url,
      code: peer.issueCode(),
      name: `kiosk ${kiosks.length}`,
      version: 'test',
    });
    const client = new SyncClient({
      db,
      serverUrl: peer.url,
      credential: loadCredential(db, dir),
      version: 'test',
      requestTimeoutMs: 2000,
      pageSize: 7,
      ...options,
    });
    const kiosk = { db, dir, client };
    kiosks.push(kiosk);
    return kiosk;
  }

  function serverCatalogue(): Map<string, unknown> {
    return expectedCatalogue(peer.catalogueAt(peer.revision).values());
  }

  beforeEach(async () => {
    temp = makeTempDir('sync-client');
    peer = new SyncPeer();
    await peer.start();
  });

  afterEach(async () => {
    for (const kiosk of kiosks.splice(0)) {
      await kiosk.client.stop();
      kiosk.db.close();
    }
    await peer.stop();
    temp.remove();
  });

  it('posting reaches both kiosks, filled removes it', async () => {
    const a = await addKiosk();
    const b = await addKiosk();
    for (let n = 1; n <= 20; n++) peer.upsert('job', `j${n}`, makeJob(n));
    peer.upsert('job', 'electric', makeJob(99, { title: '维修电工' }));
    peer.upsert('policy', 'p1', makePolicy(1));
    peer.upsert('notice', 'n1', makeNotice(1));
    peer.upsert('event', 'e1', makeEvent(1));

    for (const kiosk of [a, b]) {
      const result = await kiosk.client.syncNow();
      expect(result.error).toBeNull();
      expect(titles(kiosk.db, '电工')).toEqual(['维修电工']);
      expect(sorted(kioskCatalogue(kiosk.db))).toEqual(sorted(serverCatalogue()));
    }

    peer.remove('job', 'electric');
    peer.upsert('job', 'j3', makeJob(3, { title: '果园采摘工' }));
    for (const kiosk of [a, b]) {
      expect((await kiosk.client.syncNow()).error).toBeNull();
      expect(titles(kiosk.db, '电工')).toEqual([]);
      expect(titles(kiosk.db, '采摘')).toEqual(['果园采摘工']);
      expect(sorted(kioskCatalogue(kiosk.db))).toEqual(sorted(serverCatalogue()));
      expect(readSyncState(kiosk.db).cursor).toEqual({
        epoch: peer.epoch,
        revision: peer.revision,
      });
    }
  });

  it('server down: serves cache, reports offline', async () => {
    const kiosk = await addKiosk();
    peer.upsert('job', 'j1', makeJob(1, { title: '保安' }));
    expect((await kiosk.client.syncNow()).error).toBeNull();
    const syncedAt = kiosk.client.status().lastSyncAt;
    expect(syncedAt).not.toBeNull();

    await peer.stop();
    const result = await kiosk.client.syncNow();
    expect(result.error?.code).toBe('NETWORK');
    expect(titles(kiosk.db)).toEqual(['保安']);
    const status = kiosk.client.status();
    expect(status.lastSyncAt).toBe(syncedAt);
    expect(status.offlineSince).not.toBeNull();
    expect(status.lastError).toBe('无法连接县服务器，请检查网络。');

    await peer.start();
    // The peer now listens on another port, so point a new client at it.
    const again = new SyncClient({
      db: kiosk.db,
      serverUrl: peer.url,
      credential: loadCredential(kiosk.db, kiosk.dir),
      version: 'test',
    });
    expect((await again.syncNow()).error).toBeNull();
    expect(again.status().offlineSince).toBeNull();
    expect(again.status().lastError).toBeNull();
  });

  it('records reach the server exactly once', async () => {
    const kiosk = await addKiosk({ pushBatchSize: 3 });
    const ids = [1, 2, 3, 4, 5, 4, 3].map((rating) =>
      recordRating(kiosk.db, { rating, topic: '窗口服务', station: '丹州街道驿站' }),
    );
    ids.push(
      recordDeviceEvent(kiosk.db, { device: 'printer', state: 'fault', message: '缺纸' }),
    );
    expect(kiosk.client.status().pendingCount).toBe(8);

    const result = await kiosk.client.syncNow();
    expect(result.error).toBeNull();
    expect(result.push).toEqual({ sent: 8, rejected: 0, batches: 3 });
    expect([...peer.records.keys()]).toEqual(ids);
    expect(peer.receivedPushes).toEqual([3, 3, 2]);
    expect(kiosk.client.status().pendingCount).toBe(0);

    expect((await kiosk.client.syncNow()).push).toEqual({
      sent: 0,
      rejected: 0,
      batches: 0,
    });
    expect(peer.receivedPushes).toHaveLength(3);
  });

  it('failed push counts attempts', async () => {
    const kiosk = await addKiosk({ backoffBaseMs: 10_000, random: () => 0.5 });
    const id = recordRating(kiosk.db, { rating: 2, station: '丹州街道驿站' });
    await peer.stop();
    const before = Date.now();
    const result = await kiosk.client.syncNow();
    expect(result.error?.code).toBe('NETWORK');
    expect(result.nextDelayMs).toBe(5000);
    const [row] = listOutbox(kiosk.db);
    expect(row?.id).toBe(id);
    expect(row?.status).toBe('pending');
    expect(row?.attempts).toBe(1);
    expect(Date.parse(row!.nextAttemptAt!)).toBeGreaterThanOrEqual(before + 5000);

    const second = await kiosk.client.syncNow();
    expect(second.nextDelayMs).toBe(10_000);
    expect(listOutbox(kiosk.db)[0]?.attempts).toBe(2);
  });

  it('cursor moved elsewhere stops the pull', async () => {
    const kiosk = await addKiosk({ pageSize: 2 });
    for (let n = 1; n <= 6; n++) peer.upsert('job', `j${n}`, makeJob(n));
    expect((await kiosk.client.syncNow()).error).toBeNull();
    for (let n = 1; n <= 6; n++)
      peer.upsert('job', `j${n}`, makeJob(n, { title: `新版${n}` }));

    // Another process on the same data folder moves the cursor while this
    // client waits for its page.
    const other = openStore(join(kiosk.dir, 'kiosk.sqlite'));
    const movedTo = peer.revision - 1;
    peer.onRequest = (route) => {
      if (route !== 'GET /api/v1/sync/changes') return;
      other
        .prepare('UPDATE sync_state SET cursor_revision = ? WHERE id = 1')
        .run(movedTo);
      peer.onRequest = null;
    };
    try {
      const result = await kiosk.client.syncNow();
      expect(result.error?.code).toBe('CONCURRENT_SYNC');
      expect(readSyncState(kiosk.db).cursor?.revision).toBe(movedTo);
      expect(titles(kiosk.db, '新版')).toEqual([]);
      expect(kiosk.client.status().lastError).toBe(
        '另一个同步程序正在更新本机数据，本次同步已停止。',
      );
    } finally {
      other.close();
    }
  });

  it('rejected entry is set aside', async () => {
    const kiosk = await addKiosk();
    const good = recordRating(kiosk.db, { rating: 5, station: '丹州街道驿站' });
    const bad = enqueue(kiosk.db, 'rating', { rating: 9 }, new Date().toISOString());
    const later = recordRating(kiosk.db, { rating: 4, station: '丹州街道驿站' });

    const result = await kiosk.client.syncNow();
    expect(result.error).toBeNull();
    expect(result.push).toEqual({ sent: 2, rejected: 1, batches: 1 });
    const rows = new Map(listOutbox(kiosk.db).map((row) => [row.id, row]));
    expect(rows.get(good)?.status).toBe('sent');
    expect(rows.get(later)?.status).toBe('sent');
    expect(rows.get(bad)?.status).toBe('rejected');
    expect(rows.get(bad)?.reason).toBe('rating must be 1 to 5');
    expect(kiosk.client.status().rejectedCount).toBe(1);
    expect(kiosk.client.status().pendingCount).toBe(0);
  });

  it('revoked kiosk stops retrying fast', async () => {
    const kiosk = await addKiosk({ staffActionRetryMs: 3_600_000, backoffBaseMs: 1000 });
    peer.revoke(readSyncState(kiosk.db).kioskId!);
    recordRating(kiosk.db, { rating: 3, station: '丹州街道驿站' });

    const result = await kiosk.client.syncNow();
    expect(result.error?.code).toBe('KIOSK_REVOKED');
    expect(result.nextDelayMs).toBe(3_600_000);
    expect(result.pull).toBeNull();
    const status = kiosk.client.status();
    expect(status.lastError).toBe('本机已被县服务器停用，请联系管理员。');
    expect(status.lastErrorCode).toBe('KIOSK_REVOKED');
    expect(status.pendingCount).toBe(1);
    expect(peer.heartbeats).toHaveLength(0);
  });

  it('unknown credential reports unauthorized', async () => {
    const kiosk = await addKiosk();
    const stranger = new SyncClient({
      db: kiosk.db,
      serverUrl: peer.url,
      credential: { kioskId: 'nobody', secret: 'wrong' },
      version: 'test',
    });
    const result = await stranger.syncNow();
    expect(result.error?.code).toBe('UNAUTHORIZED');
    expect(stranger.status().lastError).toBe(
      '本机的登记凭证无效，请联系管理员重新登记。',
    );
  });

  it('new epoch reloads a snapshot', async () => {
    const kiosk = await addKiosk();
    for (let n = 1; n <= 30; n++) peer.upsert('job', `j${n}`, makeJob(n));
    expect((await kiosk.client.syncNow()).error).toBeNull();

    peer.restore();
    peer.remove('job', 'j5');
    peer.upsert('job', 'j6', makeJob(6, { title: '变更后的岗位' }));
    peer.snapshotPageSize = 4;
    const result = await kiosk.client.syncNow();
    expect(result.error).toBeNull();
    expect(result.pull?.snapshots).toBe(1);
    expect(sorted(kioskCatalogue(kiosk.db))).toEqual(sorted(serverCatalogue()));
    expect(readSyncState(kiosk.db).cursor?.epoch).toBe(peer.epoch);
  });

  it('expired cursor reloads, then pulls changes', async () => {
    const kiosk = await addKiosk();
    for (let n = 1; n <= 10; n++) peer.upsert('job', `j${n}`, makeJob(n));
    expect((await kiosk.client.syncNow()).error).toBeNull();
    for (let n = 1; n <= 5; n++) peer.remove('job', `j${n}`);
    peer.upsert('policy', 'p1', makePolicy(1));
    peer.compactedThrough = peer.revision;
    peer.upsert('job', 'j11', makeJob(11));

    const result = await kiosk.client.syncNow();
    expect(result.error).toBeNull();
    expect(result.pull?.snapshots).toBe(1);
    expect(sorted(kioskCatalogue(kiosk.db))).toEqual(sorted(serverCatalogue()));
    expect(kioskCatalogue(kiosk.db).has('job:j1')).toBe(false);
  });

  it('sends a heartbeat after each sync', async () => {
    const kiosk = await addKiosk();
    recordRating(kiosk.db, { rating: 5, station: '丹州街道驿站' });
    await kiosk.client.syncNow();
    expect(peer.heartbeats).toHaveLength(1);
    const beat = peer.heartbeats[0]!;
    expect(beat.version).toBe('test');
    expect(beat.outboxDepth).toBe(0);
    expect(beat.lastSyncAt).toBe(kiosk.client.status().lastSyncAt);
    expect(beat.devices).toEqual([]);
    expect(readSyncState(kiosk.db).clockOffsetMs).not.toBeNull();
  });

  it('start syncs on the interval until stopped', async () => {
    const kiosk = await addKiosk({ intervalMs: 50 });
    kiosk.client.start();
    const deadline = Date.now() + 5000;
    while (peer.heartbeats.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await kiosk.client.stop();
    const count = peer.heartbeats.length;
    expect(count).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(peer.heartbeats).toHaveLength(count);
  });

  it('not enrolled kiosk says so', async () => {
    const kiosk = await addKiosk();
    const unenrolled = new SyncClient({
      db: kiosk.db,
      serverUrl: peer.url,
      credential: null,
      version: 'test',
    });
    const result = await unenrolled.syncNow();
    expect(result.error?.code).toBe('NOT_ENROLLED');
    expect(unenrolled.status().lastError).toBe('本机尚未登记到县服务器，请联系管理员。');
  });
});
