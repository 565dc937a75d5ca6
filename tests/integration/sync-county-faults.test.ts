// Randomized rounds against the real county server through the fault proxy:
// the kiosk records ratings, staff publish, edit and fill postings, and the
// kiosk syncs through injected faults.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../main/store/db.js';
import { listOutbox } from '../../main/store/outbox.js';
import { recordRating } from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { SyncClient } from '../../main/sync/client.js';
import { loadCredential } from '../../main/sync/credential.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { startCountyServer, type CountyServer } from '../helpers/county-server.js';
import { FaultProxy, seededRandom } from '../helpers/fault-proxy.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  checkIntegrity,
  expectedCatalogue,
  kioskCatalogue,
  makeJob,
  sorted,
} from './sync-support.js';

const ROUNDS = 200;
const SEED = Number(process.env['SYNC_FAULT_SEED'] ?? 4242);

describe('county sync through faults', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: CountyServer;
  let proxy: FaultProxy;
  let db: Db;
  let dir: string;
  let kioskId: string;
  let client: SyncClient;

  beforeAll(async () => {
    temp = makeTempDir('sync-county-faults');
    server = await startCountyServer();
    proxy = new FaultProxy({
      target: server.url,
      seed: SEED,
      faultRate: 0.35,
      stallMs: 700,
    });
    await proxy.start();
    dir = join(temp.dir, 'kiosk');
    mkdirSync(dir);
    db = openStore(join(dir, 'kiosk.sqlite'));
    ({ kioskId } = await enrolKiosk({
      db,
      dataDir: dir,
      serverUrl: server.url,
      code: await server.createEnrolmentCode(),
      name: 'fault kiosk',
      version: 'test',
    }));
    client = new SyncClient({
      db,
      serverUrl: proxy.url,
      credential: loadCredential(db, dir),
      version: 'test',
      requestTimeoutMs: 400,
      pageSize: 4,
      pushBatchSize: 3,
    });
  }, 60_000);

  afterAll(async () => {
    await client.stop();
    db.close();
    await proxy.stop();
    await server.stop();
    temp.remove();
  });

  async function checkRecords(): Promise<void> {
    const response = await server.admin<{ records: { id: string; kioskId: string }[] }>(
      'GET',
      `/api/admin/records?kiosk=${kioskId}`,
    );
    expect(response.status).toBe(200);
    const serverIds = response.body.records.map((record) => record.id);
    expect(new Set(serverIds).size, 'a record is stored twice').toBe(serverIds.length);
    const outbox = new Map(listOutbox(db).map((row) => [row.id, row]));
    for (const id of serverIds) {
      expect(outbox.has(id), `server record ${id} is not in the kiosk outbox`).toBe(true);
    }
    const onServer = new Set(serverIds);
    for (const row of outbox.values()) {
      expect(row.status, `entry ${row.id}: ${row.reason ?? ''}`).not.toBe('rejected');
      if (row.status === 'sent')
        expect(onServer.has(row.id), `sent ${row.id} missing`).toBe(true);
    }
  }

  async function checkCatalogue(): Promise<void> {
    const cursor = readSyncState(db).cursor;
    if (cursor === null) {
      expect(kioskCatalogue(db).size).toBe(0);
      return;
    }
    const credential = loadCredential(db, dir)!;
    const snapshot = await server.snapshot(
      {
        ...credential,
        station: '',
        authorization: `Bearer ${credential.kioskId}.${credential.secret}`,
      },
      cursor.revision,
    );
    expect(snapshot.cursor).toEqual(cursor);
    expect(sorted(kioskCatalogue(db))).toEqual(sorted(expectedCatalogue(snapshot.items)));
  }

  it('keeps records exactly once and catalogue consistent', async () => {
    const random = seededRandom(SEED + 1);
    const pick = (n: number): number => Math.floor(random() * n);
    const live: string[] = [];
    let failures = 0;

    for (let round = 0; round < ROUNDS; round++) {
      for (let n = pick(4); n > 0; n--) {
        recordRating(db, { rating: 1 + pick(5), topic: null, station: '测试驿站' });
      }
      for (let n = pick(3); n > 0; n--) {
        const action = random();
        if (action < 0.5 || live.length === 0) {
          live.push((await server.publishJob(makeJob(round * 10 + n))).id);
        } else if (action < 0.75) {
          const id = live[pick(live.length)]!;
          const edited = await server.admin('PUT', `/api/admin/jobs/${id}`, {
            data: makeJob(pick(1000), { title: `修改${round}` }),
          });
          expect(edited.status).toBe(200);
        } else {
          const [id] = live.splice(pick(live.length), 1);
          const filled = await server.admin('POST', `/api/admin/jobs/${id!}/fill`);
          expect(filled.status).toBe(200);
        }
      }

      const result = await client.syncNow();
      if (result.error !== null) failures++;
      await checkRecords();
      await checkCatalogue();
    }

    proxy.enabled = false;
    expect((await client.syncNow()).error).toBeNull();
    await checkRecords();
    await checkCatalogue();
    checkIntegrity(join(dir, 'kiosk.sqlite'));
    const outbox = listOutbox(db);
    expect(outbox.every((row) => row.status === 'sent')).toBe(true);
    const response = await server.admin<{ records: { id: string }[] }>(
      'GET',
      `/api/admin/records?kiosk=${kioskId}`,
    );
    expect(response.body.records.map((record) => record.id).sort()).toEqual(
      outbox.map((row) => row.id).sort(),
    );

    for (const [fault, count] of Object.entries(proxy.counts)) {
      expect(count, `fault ${fault} was never injected`).toBeGreaterThan(0);
    }
    expect(failures).toBeGreaterThan(10);
    console.log(
      `faults: ${JSON.stringify(proxy.counts)}, failed attempts: ${failures}/${ROUNDS}`,
    );
  }, 240_000);
});
