// Two kiosk stores and clients against the real county server (server/cli.ts)
// on 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobQuerySchema } from '../../main/contract/catalogue.js';
import { openStore, type Db } from '../../main/store/db.js';
import { searchJobs } from '../../main/store/jobs.js';
import { enqueue, listOutbox } from '../../main/store/outbox.js';
import { recordRating } from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { SyncClient } from '../../main/sync/client.js';
import { loadCredential } from '../../main/sync/credential.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { startCountyServer, type CountyServer } from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectedCatalogue, kioskCatalogue, makeJob, sorted } from './sync-support.js';

interface Kiosk {
  db: Db;
  dir: string;
  client: SyncClient;
  kioskId: string;
}

function titles(db: Db, text = ''): string[] {
  return searchJobs(
    db,
    jobQuerySchema.parse({ text, limit: 100 }),
    '2026-12-04',
  ).items.map((item) => item.title);
}

describe('sync with the county server', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: CountyServer;
  const kiosks: Kiosk[] = [];

  async function addKiosk(): Promise<Kiosk> {
    const dir = join(temp.dir, `kiosk-${kiosks.length}`);
    mkdirSync(dir);
    const db = openStore(join(dir, 'kiosk.sqlite'));
    const { kioskId } = await enrolKiosk({
      db,
      dataDir: dir,
      serverUrl: server.url,
      code: await server.createEnrolmentCode(),
      name: `kiosk ${kiosks.length}`,
      version: 'test',
    });
    const client = new SyncClient({
      db,
      serverUrl: server.url,
      credential: loadCredential(db, dir),
      version: 'test',
      requestTimeoutMs: 5000,
      pageSize: 3,
      staffActionRetryMs: 3_600_000,
    });
    const kiosk = { db, dir, client, kioskId };
    kiosks.push(kiosk);
    return kiosk;
  }

  /** Reads the server's catalogue for a kiosk at a revision (default: now), in kioskCatalogue's shape. */
  async function serverCatalogue(
    kiosk: Kiosk,
    revision?: number,
  ): Promise<Map<string, unknown>> {
    const credential = loadCredential(kiosk.db, kiosk.dir)!;
    const snapshot = await server.snapshot(
      {
        ...credential,
        station: '',
        authorization: `Bearer ${credential.kioskId}.${credential.secret}`,
      },
      revision,
    );
    return expectedCatalogue(snapshot.items);
  }

  async function records(): Promise<{ id: string; kioskId: string }[]> {
    const response = await server.admin<{ records: { id: string; kioskId: string }[] }>(
      'GET',
      '/api/admin/records',
    );
    expect(response.status).toBe(200);
    return response.body.records;
  }

  beforeAll(async () => {
    temp = makeTempDir('sync-county');
    server = await startCountyServer();
  }, 60_000);

  afterAll(async () => {
    for (const kiosk of kiosks.splice(0)) {
      await kiosk.client.stop();
      kiosk.db.close();
    }
    await server.stop();
    temp.remove();
  });

  it('posting reaches both kiosks, filled removes it', async () => {
    const a = await addKiosk();
    const b = await addKiosk();
    const published = [];
    for (let n = 1; n <= 7; n++) published.push(await server.publishJob(makeJob(n)));
    const electrician = await server.publishJob(makeJob(8, { title: '维修电工' }));

    for (const kiosk of [a, b]) {
      expect((await kiosk.client.syncNow()).error).toBeNull();
      expect(titles(kiosk.db, '电工')).toEqual(['维修电工']);
      expect(sorted(kioskCatalogue(kiosk.db))).toEqual(
        sorted(await serverCatalogue(kiosk)),
      );
    }

    const filled = await server.admin('POST', `/api/admin/jobs/${electrician.id}/fill`);
    expect(filled.status).toBe(200);
    const edited = await server.admin('PUT', `/api/admin/jobs/${published[0]!.id}`, {
      data: makeJob(1, { title: '果园采摘工' }),
    });
    expect(edited.status).toBe(200);

    for (const kiosk of [a, b]) {
      expect((await kiosk.client.syncNow()).error).toBeNull();
      expect(titles(kiosk.db, '电工')).toEqual([]);
      expect(titles(kiosk.db, '采摘')).toEqual(['果园采摘工']);
      expect(titles(kiosk.db)).toHaveLength(7);
      expect(sorted(kioskCatalogue(kiosk.db))).toEqual(
        sorted(await serverCatalogue(kiosk)),
      );
    }
  });

  it('records reach the server exactly once', async () => {
    const kiosk = await addKiosk();
    const ids = [5, 4, 3, 2, 1].map((rating) =>
      recordRating(kiosk.db, { rating, topic: '窗口服务', station: '测试驿站' }),
    );
    const bad = enqueue(kiosk.db, 'rating', { rating: 5 }, 'yesterday');
    expect((await kiosk.client.syncNow()).error).toBeNull();
    expect((await kiosk.client.syncNow()).error).toBeNull();

    const stored = (await records()).filter((record) => record.kioskId === kiosk.kioskId);
    expect(stored.map((record) => record.id).sort()).toEqual([...ids].sort());
    const rows = new Map(listOutbox(kiosk.db).map((row) => [row.id, row]));
    expect(ids.every((id) => rows.get(id)?.status === 'sent')).toBe(true);
    expect(rows.get(bad)?.status).toBe('rejected');
    expect(rows.get(bad)?.reason).toMatch(/createdAt/u);
    expect(kiosk.client.status()).toMatchObject({ pendingCount: 0, rejectedCount: 1 });
  });

  it('revoked kiosk stops retrying fast', async () => {
    const kiosk = await addKiosk();
    const revoked = await server.admin(
      'POST',
      `/api/admin/kiosks/${kiosk.kioskId}/revoke`,
    );
    expect(revoked.status).toBe(200);
    const result = await kiosk.client.syncNow();
    expect(result.error?.code).toBe('KIOSK_REVOKED');
    expect(result.nextDelayMs).toBe(3_600_000);
    expect(kiosk.client.status().lastError).toBe('本机已被县服务器停用，请联系管理员。');
  });

  it('server stopped: cache served, offline since', async () => {
    const kiosk = kiosks[0]!;
    const before = kiosk.client.status();
    expect(before.lastSyncAt).not.toBeNull();
    const cursor = readSyncState(kiosk.db).cursor;
    await server.stop({ keepDataDir: true });

    const result = await kiosk.client.syncNow();
    expect(result.error?.code).toBe('NETWORK');
    expect(titles(kiosk.db, '采摘')).toEqual(['果园采摘工']);
    const status = kiosk.client.status();
    expect(status.lastSyncAt).toBe(before.lastSyncAt);
    expect(status.offlineSince).not.toBeNull();
    expect(status.lastError).toBe('无法连接县服务器，请检查网络。');
    expect(readSyncState(kiosk.db).cursor).toEqual(cursor);
  });
});
