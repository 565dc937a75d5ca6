// SIGKILLs the sync process (main/sync/cli.ts) while it pushes to and pulls
// from the real county server, then checks the store it leaves behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../main/store/db.js';
import { listOutbox } from '../../main/store/outbox.js';
import { recordRating } from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { loadCredential } from '../../main/sync/credential.js';
import { startCountyServer, type CountyServer } from '../helpers/county-server.js';
import { seededRandom } from '../helpers/fault-proxy.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  checkIntegrity,
  expectedCatalogue,
  kioskCatalogue,
  makeJob,
  sorted,
} from './sync-support.js';

/** Kills to land; rounds whose sync ends before its kill point do not count. */
const KILLS = Number(process.env['SYNC_KILL_KILLS'] ?? 100);
/** Round limit, so a kill point that is never reached fails the test instead of looping. */
const MAX_ROUNDS = KILLS * 3;
const SEED = Number(process.env['SYNC_KILL_SEED'] ?? 11);
const ROOT = resolve(import.meta.dirname, '../..');

/** Log lines of the sync CLI after which a kill may be scheduled. */
const KILL_POINTS = [
  'sync attempt started',
  'push batch applied',
  'changes page applied',
  'snapshot page staged',
  'snapshot loaded and swapped in',
];

describe('sync process killed, county server', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: CountyServer;
  let db: Db;
  let dir: string;
  let kioskId: string;
  /** Server catalogues already read, by revision: compaction makes old ones unreadable. */
  const catalogues = new Map<number, Map<string, unknown>>();

  beforeAll(async () => {
    temp = makeTempDir('sync-county-kill');
    server = await startCountyServer();
    dir = join(temp.dir, 'kiosk');
    mkdirSync(dir);
    db = openStore(join(dir, 'kiosk.sqlite'));
    ({ kioskId } = await enrolKiosk({
      db,
      dataDir: dir,
      serverUrl: server.url,
      code: await server.createEnrolmentCode(),
      name: 'kill kiosk',
      version: 'test',
    }));
  }, 60_000);

  afterAll(async () => {
    db.close();
    await server.stop();
    temp.remove();
  });

  function startSync(): ChildProcess {
    return spawn(
      process.execPath,
      [
        ...['--import', 'tsx', 'main/sync/cli.ts'],
        ...['--data-dir', dir, '--server', server.url, '--once'],
        ...['--page-size', '3', '--push-batch', '2', '--timeout', '10'],
      ],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'debug' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
  }

  /**
   * Runs one sync process and kills it a random 0-20 ms after the n-th log
   * line that marks a step (see KILL_POINTS). Returns the step, or
   * 'finished' when the process ended first.
   */
  async function runRound(random: () => number): Promise<string> {
    const child = startSync();
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const target = 1 + Math.floor(random() * 5);
    const delayMs = random() * 20;
    let seen = 0;
    let killedAt = 'finished';
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const point = KILL_POINTS.find((message) => line.includes(`"msg":"${message}"`));
      if (point === undefined || ++seen !== target) return;
      setTimeout(() => {
        if (child.exitCode === null && child.kill('SIGKILL')) killedAt = point;
      }, delayMs);
    });
    await exited;
    return killedAt;
  }

  async function serverCatalogueAt(revision: number): Promise<Map<string, unknown>> {
    const cached = catalogues.get(revision);
    if (cached !== undefined) return cached;
    const credential = loadCredential(db, dir)!;
    const snapshot = await server.snapshot(
      {
        ...credential,
        station: '',
        authorization: `Bearer ${credential.kioskId}.${credential.secret}`,
      },
      revision,
    );
    const catalogue = expectedCatalogue(snapshot.items);
    catalogues.set(revision, catalogue);
    return catalogue;
  }

  async function checkStore(): Promise<void> {
    checkIntegrity(join(dir, 'kiosk.sqlite'));

    const response = await server.admin<{ records: { id: string }[] }>(
      'GET',
      `/api/admin/records?kiosk=${kioskId}`,
    );
    const serverIds = response.body.records.map((record) => record.id);
    expect(new Set(serverIds).size, 'a record is stored twice').toBe(serverIds.length);
    const outbox = new Map(listOutbox(db).map((row) => [row.id, row]));
    for (const id of serverIds) {
      expect(outbox.has(id), `server record ${id} is not in the kiosk outbox`).toBe(true);
    }
    const onServer = new Set(serverIds);
    for (const row of outbox.values()) {
      expect(row.status, `entry ${row.id}: ${row.reason ?? ''}`).not.toBe('rejected');
      if (row.status === 'sent') {
        expect(onServer.has(row.id), `sent ${row.id} missing`).toBe(true);
      }
    }

    const cursor = readSyncState(db).cursor;
    const expected =
      cursor === null
        ? new Map<string, unknown>()
        : await serverCatalogueAt(cursor.revision);
    expect(sorted(kioskCatalogue(db))).toEqual(sorted(expected));
  }

  it('leaves no lost or duplicated record', async () => {
    const random = seededRandom(SEED);
    const pick = (n: number): number => Math.floor(random() * n);
    const killedAt = new Map<string, number>();
    const live: string[] = [];

    let kills = 0;
    for (let round = 0; kills < KILLS && round < MAX_ROUNDS; round++) {
      for (let n = 1 + pick(4); n > 0; n--) {
        recordRating(db, { rating: 1 + pick(5), station: '测试驿站' });
      }
      for (let n = 1 + pick(5); n > 0; n--) {
        if (live.length > 0 && random() < 0.25) {
          const [id] = live.splice(pick(live.length), 1);
          expect((await server.admin('POST', `/api/admin/jobs/${id!}/fill`)).status).toBe(
            200,
          );
        } else if (live.length > 0 && random() < 0.3) {
          const edited = await server.admin(
            'PUT',
            `/api/admin/jobs/${live[pick(live.length)]!}`,
            {
              data: makeJob(pick(500), { title: `改${round}` }),
            },
          );
          expect(edited.status).toBe(200);
        } else {
          live.push((await server.publishJob(makeJob(round * 10 + n))).id);
        }
      }
      if (round % 20 === 10) {
        // Compacting past the kiosk's cursor makes its next pull load a snapshot.
        const state = await server.admin<{ revision: number }>(
          'GET',
          '/api/admin/sync-state',
        );
        const compacted = await server.admin('POST', '/api/admin/maintenance/compact', {
          throughRevision: state.body.revision,
        });
        expect(compacted.status).toBe(200);
      }

      const at = await runRound(random);
      killedAt.set(at, (killedAt.get(at) ?? 0) + 1);
      if (at !== 'finished') kills++;
      await checkStore();
    }

    // One run without a kill drains everything.
    const child = startSync();
    child.stdout!.resume();
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(0);
    await checkStore();
    expect(listOutbox(db).every((row) => row.status === 'sent')).toBe(true);

    expect(kills).toBe(KILLS);
    for (const point of ['push batch applied', 'changes page applied']) {
      expect(killedAt.get(point) ?? 0, `no kill after "${point}"`).toBeGreaterThan(0);
    }
    console.log(`kills by point: ${JSON.stringify(Object.fromEntries(killedAt))}`);
  }, 300_000);
});
