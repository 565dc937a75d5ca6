// A county server restored from an online backup (server/backup-cli.ts)
// loses the records kiosks pushed after the backup. The kiosk notices the new
// epoch on its next pull and sends its sent entries again, so the restored
// server ends up with every record exactly once.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../main/store/db.js';
import { countOutbox, listOutbox } from '../../main/store/outbox.js';
import { recordRating } from '../../main/store/records.js';
import { readSyncState } from '../../main/store/sync-state.js';
import { SyncClient } from '../../main/sync/client.js';
import { loadCredential } from '../../main/sync/credential.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { startCountyServer, type CountyServer } from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('server restored from a backup', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let serverDir: string;
  let server: CountyServer;
  let db: Db;
  let client: SyncClient;

  async function storedIds(): Promise<string[]> {
    const response = await server.admin<{ records: { id: string }[] }>(
      'GET',
      '/api/admin/records',
    );
    expect(response.status).toBe(200);
    return response.body.records.map((record) => record.id).sort();
  }

  function rate(count: number): string[] {
    return Array.from({ length: count }, (_, index) =>
      recordRating(db, { rating: 1 + (index % 5), station: '测试驿站' }),
    );
  }

  beforeAll(async () => {
    temp = makeTempDir('sync-restore');
    serverDir = join(temp.dir, 'server');
    mkdirSync(serverDir);
    server = await startCountyServer({ dataDir: serverDir });
    const kioskDir = join(temp.dir, 'kiosk');
    mkdirSync(kioskDir);
    db = openStore(join(kioskDir, 'kiosk.sqlite'));
    await enrolKiosk({
      db,
      dataDir: kioskDir,
      serverUrl: server.url,
      code: await server.createEnrolmentCode(),
      name: 'restore kiosk',
      version: 'test',
    });
    client = new SyncClient({
      db,
      serverUrl: server.url,
      credential: loadCredential(db, kioskDir),
      version: 'test',
      requestTimeoutMs: 5000,
    });
  }, 60_000);

  afterAll(async () => {
    await client.stop();
    db.close();
    await server.stop({ keepDataDir: true });
    temp.remove();
  });

  it('gets lost records again', async () => {
    const beforeBackup = rate(3);
    await server.publishJob({ title: '备份前岗位' });
    expect((await client.syncNow()).error).toBeNull();
    const epochBefore = readSyncState(db).cursor?.epoch;

    const backup = join(temp.dir, 'county-backup.sqlite');
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/backup-cli.ts',
        '--data-dir',
        serverDir,
        '--out',
        backup,
      ],
      { cwd: ROOT },
    );

    const afterBackup = rate(2);
    expect((await client.syncNow()).error).toBeNull();
    const all = [...beforeBackup, ...afterBackup].sort();
    expect(await storedIds()).toEqual(all);
    expect(countOutbox(db)).toMatchObject({ pending: 0, sent: 5 });

    // The restore the server README describes: stop, drop WAL and SHM, copy,
    // start. The same port keeps the kiosk's server URL valid.
    const port = new URL(server.url).port;
    await server.stop({ keepDataDir: true });
    const file = join(serverDir, 'county.sqlite');
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    copyFileSync(backup, file);
    server = await startCountyServer({ dataDir: serverDir, args: ['--port', port] });
    expect(await storedIds()).toEqual([...beforeBackup].sort());

    const result = await client.syncNow();
    expect(result.error).toBeNull();
    expect(result.pull?.requeued).toBe(5);
    expect(readSyncState(db).cursor?.epoch).not.toBe(epochBefore);
    expect(await storedIds()).toEqual(all);
    expect(listOutbox(db).map((row) => row.status)).toEqual(Array(5).fill('sent'));

    // A later attempt on the same epoch sends nothing again.
    const next = await client.syncNow();
    expect(next.error).toBeNull();
    expect(next.pull?.requeued).toBe(0);
    expect(next.push?.sent ?? 0).toBe(0);
    expect(await storedIds()).toEqual(all);
  });
});
