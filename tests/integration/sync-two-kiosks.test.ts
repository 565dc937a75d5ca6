// Two kiosk sync processes (main/sync/cli.ts, each with its own data folder
// and credential) against one county server process, running at the same
// time while staff publish, edit and fill postings. The kiosks belong to two
// stations, and some postings target only one of them. Each kiosk ends up
// with the server's catalogue for its station, and the server stores each
// kiosk's records once.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../main/store/db.js';
import { listOutbox } from '../../main/store/outbox.js';
import { recordRating } from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { loadCredential } from '../../main/sync/credential.js';
import {
  startCountyServer,
  TEST_STATION,
  type CountyServer,
} from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectedCatalogue, kioskCatalogue, makeJob, sorted } from './sync-support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ROUNDS = 6;
const SECOND_STATION = { id: 'second-station', name: '第二驿站', town: '集义镇' };

interface Kiosk {
  dir: string;
  station: string;
  db: Db | null;
}

interface SyncRun {
  code: number | null;
  output: string;
  startedAt: number;
  endedAt: number;
}

describe('two kiosk processes, one server', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: CountyServer;
  const kiosks: Kiosk[] = [];

  /** Runs one sync process for `kiosk` and resolves with its exit code and output. */
  function runSync(kiosk: Kiosk, extra: string[] = []): Promise<SyncRun> {
    const startedAt = performance.now();
    const child = spawn(
      process.execPath,
      [
        ...['--import', 'tsx', 'main/sync/cli.ts'],
        ...['--data-dir', kiosk.dir, '--server', server.url, '--once'],
        ...['--page-size', '4', '--push-batch', '3'],
        ...extra,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    return new Promise((done) =>
      child.once('exit', (code) =>
        done({ code, output, startedAt, endedAt: performance.now() }),
      ),
    );
  }

  function store(kiosk: Kiosk): Db {
    kiosk.db ??= openStore(join(kiosk.dir, 'kiosk.sqlite'));
    return kiosk.db;
  }

  async function serverRecords(): Promise<{ id: string; kioskId: string }[]> {
    const response = await server.admin<{ records: { id: string; kioskId: string }[] }>(
      'GET',
      '/api/admin/records',
    );
    expect(response.status).toBe(200);
    return response.body.records;
  }

  beforeAll(async () => {
    temp = makeTempDir('sync-two-kiosks');
    server = await startCountyServer();
    const created = await server.admin(
      'PUT',
      `/api/admin/stations/${SECOND_STATION.id}`,
      {
        name: SECOND_STATION.name,
        town: SECOND_STATION.town,
      },
    );
    expect(created.status).toBe(200);
    for (const [name, station] of [
      ['kiosk-a', TEST_STATION.id],
      ['kiosk-b', SECOND_STATION.id],
    ] as const) {
      const kiosk: Kiosk = { dir: join(temp.dir, name), station, db: null };
      mkdirSync(kiosk.dir);
      const code = await server.createEnrolmentCode(station);
      const enrolled = await runSync(kiosk, ['--enrol', code, '--name', name]);
      expect(enrolled.code, enrolled.output).toBe(0);
      kiosks.push(kiosk);
    }
  }, 60_000);

  afterAll(async () => {
    for (const kiosk of kiosks) kiosk.db?.close();
    await server.stop();
    temp.remove();
  });

  it('both converge, records once each', async () => {
    const live: string[] = [];
    let overlapping = 0;
    const ratings = new Map<Kiosk, string[]>(kiosks.map((kiosk) => [kiosk, []]));

    for (let round = 0; round < ROUNDS; round++) {
      for (const kiosk of kiosks) {
        for (let n = 0; n < 4; n++) {
          ratings
            .get(kiosk)!
            .push(recordRating(store(kiosk), { rating: 1 + n, station: '测试驿站' }));
        }
      }
      // Both processes run while staff change the catalogue.
      const syncing = kiosks.map((kiosk) => runSync(kiosk));
      for (let n = 0; n < 3; n++) {
        live.push((await server.publishJob(makeJob(round * 10 + n))).id);
      }
      // One posting for each station only.
      for (const kiosk of kiosks) {
        await server.publishJob(
          makeJob(round * 10 + 5, {
            title: `${kiosk.station}专属${round}`,
            stations: [kiosk.station],
          }),
        );
      }
      if (round > 0) {
        const filled = live.splice(0, 1)[0]!;
        expect(
          (await server.admin('POST', `/api/admin/jobs/${filled}/fill`)).status,
        ).toBe(200);
        const edited = await server.admin('PUT', `/api/admin/jobs/${live[0]!}`, {
          data: makeJob(round * 10, { title: `改第${round}轮` }),
        });
        expect(edited.status).toBe(200);
      }
      const [first, second] = await Promise.all(syncing);
      for (const result of [first!, second!]) {
        expect(result.code, result.output).toBe(0);
      }
      if (first!.startedAt < second!.endedAt && second!.startedAt < first!.endedAt) {
        overlapping++;
      }
    }
    expect(overlapping, 'rounds in which both processes ran at once').toBeGreaterThan(0);

    // A last run after the changes stopped, so both cursors reach the end.
    for (const result of await Promise.all(kiosks.map((kiosk) => runSync(kiosk)))) {
      expect(result.code, result.output).toBe(0);
    }

    const records = await serverRecords();
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    const kioskIds = kiosks.map((kiosk) => readSyncState(store(kiosk)).kioskId);
    expect(new Set(kioskIds).size).toBe(2);

    const state = await server.admin<{ revision: number }>(
      'GET',
      '/api/admin/sync-state',
    );
    for (const [index, kiosk] of kiosks.entries()) {
      const db = store(kiosk);
      const mine = records
        .filter((record) => record.kioskId === kioskIds[index])
        .map((record) => record.id);
      expect(mine.sort()).toEqual([...ratings.get(kiosk)!].sort());
      expect(listOutbox(db).every((row) => row.status === 'sent')).toBe(true);

      expect(readSyncState(db).cursor?.revision).toBe(state.body.revision);
      const credential = loadCredential(db, kiosk.dir)!;
      const { items } = await server.snapshot({
        ...credential,
        station: '',
        authorization: `Bearer ${credential.kioskId}.${credential.secret}`,
      });
      expect(items.length).toBeGreaterThan(0);
      expect(sorted(kioskCatalogue(db))).toEqual(sorted(expectedCatalogue(items)));

      // Only this station's own postings, none of the other station's.
      const titles = items.map((item) => (item.data as { title: string }).title);
      const other = kiosks[1 - index]!.station;
      expect(
        titles.filter((title) => title.startsWith(`${kiosk.station}专属`)),
      ).toHaveLength(ROUNDS);
      expect(titles.some((title) => title.startsWith(`${other}专属`))).toBe(false);
    }
  }, 180_000);
});
