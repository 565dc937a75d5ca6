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
import { FaultProxy, seededRandom } from '../helpers/fault-proxy.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { SyncPeer } from './sync-peer.js';
import {
  checkCatalogueAtCursor,
  checkIntegrity,
  checkRecordsExactlyOnce,
  makeEvent,
  makeJob,
  makeNotice,
  makePolicy,
} from './sync-support.js';

const ROUNDS = 220;
const SEED = Number(process.env['SYNC_FAULT_SEED'] ?? 20261204);

describe('sync through faults', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let peer: SyncPeer;
  let proxy: FaultProxy;
  let db: Db;
  let file: string;
  let client: SyncClient;

  beforeAll(async () => {
    temp = makeTempDir('sync-faults');
    peer = new SyncPeer();
    peer.snapshotPageSize = 6;
    await peer.start();
    proxy = new FaultProxy({
      target: peer.url,
      seed: SEED,
      faultRate: 0.35,
      stallMs: 700,
    });
    await proxy.start();
    const dir = join(temp.dir, 'kiosk');
    mkdirSync(dir);
    file = join(dir, 'kiosk.sqlite');
    db = openStore(file);
    await enrolKiosk({
      db,
      dataDir: dir,
      serverUrl: peer.url,
      code: peer.issueCode(),
      name: 'k',
      version: 't',
    });
    client = new SyncClient({
      db,
      serverUrl: proxy.url,
      credential: loadCredential(db, dir),
      version: 'test',
      requestTimeoutMs: 400,
      pageSize: 5,
      pushBatchSize: 4,
    });
  });

  afterAll(async () => {
    await client.stop();
    db.close();
    await proxy.stop();
    await peer.stop();
    temp.remove();
  });

  it('keeps records exactly once and catalogue consistent', async () => {
    const random = seededRandom(SEED + 1);
    const pick = (n: number): number => Math.floor(random() * n);
    let nextJob = 1;
    const live = new Set<string>();
    let failures = 0;

    for (let round = 0; round < ROUNDS; round++) {
      for (let n = pick(4); n > 0; n--) {
        recordRating(db, { rating: 1 + pick(5), topic: null, station: '丹州街道驿站' });
      }
      for (let n = pick(4); n > 0; n--) {
        const action = random();
        const ids = [...live];
        if (action < 0.45 || ids.length === 0) {
          const id = `j${nextJob}`;
          peer.upsert('job', id, makeJob(nextJob++));
          live.add(id);
        } else if (action < 0.7) {
          const id = ids[pick(ids.length)]!;
          peer.upsert('job', id, makeJob(pick(1000), { title: `修改${round}` }));
        } else if (action < 0.9) {
          const id = ids[pick(ids.length)]!;
          peer.remove('job', id);
          live.delete(id);
        } else {
          const n = pick(5);
          const type = (['policy', 'notice', 'event'] as const)[pick(3)]!;
          const makers = { policy: makePolicy, notice: makeNotice, event: makeEvent };
          const data = makers[type](n);
          if (random() < 0.7) peer.upsert(type, `${type}${n}`, data);
          else peer.remove(type, `${type}${n}`);
        }
      }
      if (round % 60 === 59) {
        // A server restored from an older backup: a new epoch and fewer changes.
        peer.restore(Math.max(0, peer.revision - pick(10)));
        live.clear();
        for (const item of peer.catalogueAt(peer.revision).values()) {
          if (item.type === 'job') live.add(item.id);
        }
      } else if (round % 45 === 44) {
        peer.compactedThrough = peer.revision - 1;
      }

      const result = await client.syncNow();
      if (result.error !== null) failures++;
      checkRecordsExactlyOnce(db, peer);
      checkCatalogueAtCursor(db, peer);
      if (round % 20 === 0) checkIntegrity(file);
    }

    proxy.enabled = false;
    const final = await client.syncNow();
    expect(final.error).toBeNull();
    checkRecordsExactlyOnce(db, peer);
    checkCatalogueAtCursor(db, peer);
    expect(readSyncState(db).cursor).toEqual({
      epoch: peer.epoch,
      revision: peer.revision,
    });
    const outbox = listOutbox(db);
    expect(outbox.every((row) => row.status === 'sent')).toBe(true);
    expect(new Set(peer.records.keys())).toEqual(new Set(outbox.map((row) => row.id)));

    // The run must have exercised every fault and both outcomes.
    for (const [fault, count] of Object.entries(proxy.counts)) {
      expect(count, `fault ${fault} was never injected`).toBeGreaterThan(0);
    }
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(ROUNDS);
    console.log(
      `faults: ${JSON.stringify(proxy.counts)}, failed attempts: ${failures}/${ROUNDS}`,
    );
  }, 240_000);
});
