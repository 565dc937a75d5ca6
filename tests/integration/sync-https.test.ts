// The sync CLI against the county server over HTTPS with a self-signed
// certificate, trusted through NODE_EXTRA_CA_CERTS or not at all.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../main/store/db.js';
import { listOutbox } from '../../main/store/outbox.js';
import { recordRating } from '../../main/store/records.js';
import { startCountyServer, type CountyServer } from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const OPENSSL = '/usr/bin/openssl';
const haveOpenssl = existsSync(OPENSSL);
const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `main/sync/cli.ts --enrol CODE --once` and returns its exit code and stderr. */
function runSyncCli(
  dataDir: string,
  serverUrl: string,
  code: string,
  extraCa: string | null,
): Promise<{ exitCode: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env['NODE_EXTRA_CA_CERTS'];
  if (extraCa !== null) env['NODE_EXTRA_CA_CERTS'] = extraCa;
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'main/sync/cli.ts'],
      ...['--data-dir', dataDir, '--server', serverUrl, '--enrol', code, '--once'],
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done) =>
    child.once('exit', (exitCode) => done({ exitCode, stderr })),
  );
}

function addRatings(dataDir: string, count: number): string[] {
  mkdirSync(dataDir, { recursive: true });
  const db = openStore(join(dataDir, 'kiosk.sqlite'));
  try {
    return Array.from({ length: count }, (_, n) =>
      recordRating(db, { rating: 1 + (n % 5), station: '丹州街道驿站' }),
    );
  } finally {
    db.close();
  }
}

function outboxStatuses(dataDir: string): string[] {
  const db = openStore(join(dataDir, 'kiosk.sqlite'));
  try {
    return listOutbox(db).map((row) => row.status);
  } finally {
    db.close();
  }
}

// Skipped only where /usr/bin/openssl is missing, because the test needs it
// to make its self-signed certificate.
describe.skipIf(!haveOpenssl)('sync over HTTPS', () => {
  const temp = makeTempDir('sync-https');
  const certFile = join(temp.dir, 'cert.pem');
  const keyFile = join(temp.dir, 'key.pem');
  let server: CountyServer | undefined;

  beforeAll(async () => {
    execFileSync(
      OPENSSL,
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
        ...['-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...[
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
      ],
      { stdio: 'ignore' },
    );
    server = await startCountyServer({
      args: ['--tls-cert', certFile, '--tls-key', keyFile],
      ca: readFileSync(certFile),
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    temp.remove();
  });

  it('trusted certificate pushes all', async () => {
    const dataDir = join(temp.dir, 'trusted');
    const ids = addRatings(dataDir, 5);
    const run = await runSyncCli(
      dataDir,
      server!.url,
      await server!.createEnrolmentCode(),
      certFile,
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(outboxStatuses(dataDir)).toEqual(ids.map(() => 'sent'));
    const records = await server!.admin<{ records: { id: string }[] }>(
      'GET',
      '/api/admin/records',
    );
    expect(records.body.records.map((record) => record.id).sort()).toEqual(ids.sort());
  }, 60_000);

  it('untrusted certificate fails enrolment', async () => {
    const dataDir = join(temp.dir, 'untrusted');
    addRatings(dataDir, 2);
    const run = await runSyncCli(
      dataDir,
      server!.url,
      await server!.createEnrolmentCode(),
      null,
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/certificate/iu);
    expect(outboxStatuses(dataDir)).toEqual(['pending', 'pending']);
  }, 60_000);
});
