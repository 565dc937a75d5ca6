// SIGKILLs the sync process (main/sync/cli.ts) at random points during pull
// and push, then checks the store it leaves behind.
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
import { seededRandom } from '../helpers/fault-proxy.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { SyncPeer } from './sync-peer.js';
import {
  checkCatalogueAtCursor,
  checkIntegrity,
  checkRecordsExactlyOnce,
  makeJob,
} from './sync-support.js';

/** Kills to land; rounds whose sync ends before its kill point do not count. */
const KILLS = Number(process.env['SYNC_KILL_KILLS'] ?? 100);
/** Round limit, so a kill point that is never reached fails the test instead of looping. */
const MAX_ROUNDS = KILLS * 3;
const SEED = Number(process.env['SYNC_KILL_SEED'] ?? 7);
const ROOT = resolve(import.meta.dirname, '../..');
const PUSH = 'POST /api/v1/sync/push';
const CHANGES = 'GET /api/v1/sync/changes';
const SNAPSHOT = 'GET /api/v1/sync/snapshot';
const RESTORE_EVERY = 25;

interface RoundOutcome {
  killed: boolean;
  /** Route of the request the kill landed on, or 'timer' for a kill after a random delay. */
  at: string;
}

describe('sync process killed', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let peer: SyncPeer;
  let db: Db;
  let dir: string;

  beforeAll(async () => {
    temp = makeTempDir('sync-kill');
    peer = new SyncPeer();
    peer.snapshotPageSize = 4;
    await peer.start();
    dir = join(temp.dir, 'kiosk');
    mkdirSync(dir);
    db = openStore(join(dir, 'kiosk.sqlite'));
    await enrolKiosk({
      db,
      dataDir: dir,
      serverUrl: peer.url,
      code: peer.issueCode(),
      name: 'k',
      version: 't',
    });
  });

  afterAll(async () => {
    db.close();
    await peer.stop();
    temp.remove();
  });

  function startSync(): ChildProcess {
    return spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'main/sync/cli.ts',
        ...['--data-dir', dir, '--server', peer.url, '--once'],
        ...['--page-size', '3', '--push-batch', '2', '--timeout', '5'],
      ],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
  }

  /**
   * Runs one sync process and kills it either when the peer receives the
   * n-th request of a chosen route (the reply is then lost) or at a random
   * delay after the attempt starts (which may land inside a transaction).
   * Choosing the route, not a request count, keeps every route covered
   * however fast the machine is. Snapshots run only after a restore.
   */
  async function runRound(
    random: () => number,
    afterRestore: boolean,
  ): Promise<RoundOutcome> {
    const child = startSync();
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const outcome: RoundOutcome = { killed: false, at: 'none' };
    const kill = (at: string): void => {
      if (outcome.killed || child.exitCode !== null) return;
      outcome.killed = child.kill('SIGKILL');
      outcome.at = at;
    };

    if (afterRestore || random() < 0.5) {
      const chosen = afterRestore ? SNAPSHOT : random() < 0.5 ? PUSH : CHANGES;
      const target = 1 + Math.floor(random() * 2);
      const seen = new Map<string, number>();
      peer.onRequest = (route) => {
        const count = (seen.get(route) ?? 0) + 1;
        seen.set(route, count);
        if (route === chosen && count === target) kill(route);
      };
    } else {
      const delayMs = random() * 30;
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (line.includes('sync attempt started'))
          setTimeout(() => kill('timer'), delayMs);
      });
    }
    child.stdout!.resume();
    await exited;
    peer.onRequest = null;
    return outcome;
  }

  it('leaves no lost or duplicated record', async () => {
    const random = seededRandom(SEED);
    const pick = (n: number): number => Math.floor(random() * n);
    const killedAt = new Map<string, number>();
    let nextJob = 1;
    const live: string[] = [];

    let kills = 0;
    for (let round = 0; kills < KILLS && round < MAX_ROUNDS; round++) {
      for (let n = 1 + pick(4); n > 0; n--) {
        recordRating(db, { rating: 1 + pick(5), station: '丹州街道驿站' });
      }
      for (let n = 2 + pick(8); n > 0; n--) {
        if (live.length > 0 && random() < 0.3) {
          const [id] = live.splice(pick(live.length), 1);
          peer.remove('job', id!);
        } else if (live.length > 0 && random() < 0.3) {
          peer.upsert(
            'job',
            live[pick(live.length)]!,
            makeJob(pick(500), { title: `改${round}` }),
          );
        } else {
          const id = `j${nextJob}`;
          peer.upsert('job', id, makeJob(nextJob++));
          live.push(id);
        }
      }
      const restored = round % RESTORE_EVERY === 12;
      if (restored) peer.restore();

      const outcome = await runRound(random, restored);
      const at = outcome.killed ? outcome.at : 'finished';
      killedAt.set(at, (killedAt.get(at) ?? 0) + 1);
      if (at !== 'finished') kills++;

      checkIntegrity(join(dir, 'kiosk.sqlite'));
      checkRecordsExactlyOnce(db, peer);
      checkCatalogueAtCursor(db, peer);
    }

    // One run without a kill drains everything.
    const child = startSync();
    child.stdout!.resume();
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(0);
    checkRecordsExactlyOnce(db, peer);
    checkCatalogueAtCursor(db, peer);
    const outbox = listOutbox(db);
    expect(outbox.every((row) => row.status === 'sent')).toBe(true);
    expect(new Set(peer.records.keys())).toEqual(new Set(outbox.map((row) => row.id)));
    expect(readSyncState(db).cursor).toEqual({
      epoch: peer.epoch,
      revision: peer.revision,
    });

    expect(kills).toBe(KILLS);
    for (const route of [PUSH, CHANGES, SNAPSHOT]) {
      expect(killedAt.get(route) ?? 0, `no kill landed on ${route}`).toBeGreaterThan(0);
    }
    console.log(`kills by point: ${JSON.stringify(Object.fromEntries(killedAt))}`);
  }, 300_000);
});
