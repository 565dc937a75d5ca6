// `npm run server`: starts the county server on one SQLite database in a
// data folder, prints its URL and the administrator's sign-in, and stops
// cleanly on SIGINT or SIGTERM.
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../main/log.js';
import { buildServer } from './app.js';
import { checkRestored, rotateEpoch, writeRevisionMark } from './restore-guard.js';
import { ensureInitialAdmin, seedDemo, ADMIN_PASSWORD_FILE } from './setup.js';
import { compactChanges, expireDueItems } from './store/catalogue.js';
import { SERVER_DB_FILE, openServerDb } from './store/db.js';
import { loadRecordKey } from './store/record-key.js';

const log = createLogger('server');

const USAGE = `Usage: npm run server -- [options]

  --port N                 TCP port (default 8090; 0 picks a free one)
  --host ADDRESS           address to listen on (default 127.0.0.1)
  --data-dir DIR           data folder with county.sqlite (default .data/server)
  --no-demo                do not load demo stations and catalogue into an empty database
  --tls-cert FILE          PEM certificate: serve HTTPS (needs --tls-key)
  --tls-key FILE           PEM private key of --tls-cert
  --trust-proxy ADDRESS    trust X-Forwarded-For from a reverse proxy at ADDRESS
  --new-epoch              give the database a new epoch (after restoring a backup)
  --retention-days N       keep change history for N days (default 90); older cursors reload a snapshot
  --snapshot-page-size N   change-log rows per snapshot page (default 500)
  --help                   print this help
`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** How often expired items get their tombstones and old change history is compacted. */
const EXPIRY_SWEEP_MS = 60_000;
const COMPACTION_MS = 3600_000;
const REVISION_MARK_MS = 5_000;
const DAY_MS = 86_400_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function integerOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    fail(`Invalid --${name} "${value}": expected a whole number from ${min} to ${max}.`);
  }
  return number;
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string', default: '.data/server' },
        'no-demo': { type: 'boolean', default: false },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'new-epoch': { type: 'boolean', default: false },
        'retention-days': { type: 'string' },
        'snapshot-page-size': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if ((parsed['tls-cert'] === undefined) !== (parsed['tls-key'] === undefined)) {
    fail('HTTPS needs both --tls-cert and --tls-key.');
  }
  return {
    port: integerOption(parsed.port, 'port', 8090, 0, 65535),
    host: parsed.host,
    dataDir: resolve(parsed['data-dir']),
    demo: !parsed['no-demo'],
    tlsCert: parsed['tls-cert'],
    tlsKey: parsed['tls-key'],
    newEpoch: parsed['new-epoch'],
    trustProxy: parsed['trust-proxy'],
    retentionDays: integerOption(
      parsed['retention-days'],
      'retention-days',
      90,
      1,
      36500,
    ),
    snapshotPageSize: integerOption(
      parsed['snapshot-page-size'],
      'snapshot-page-size',
      500,
      1,
      10_000,
    ),
  };
}

/** Compacts change history older than the retention period. */
function compactOldHistory(
  db: ReturnType<typeof openServerDb>,
  retentionDays: number,
): void {
  const cutoff = new Date(Date.now() - retentionDays * DAY_MS).toISOString();
  const row = db
    .prepare<[string], { revision: number | null }>(
      'SELECT MAX(revision) AS revision FROM changes WHERE changed_at < ?',
    )
    .get(cutoff);
  if (row?.revision == null) return;
  const removed = compactChanges(db, row.revision);
  if (removed > 0)
    log.info({ throughRevision: row.revision, removed }, 'old change history compacted');
}

async function main(): Promise<void> {
  const options = parseOptions();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dbFile = join(options.dataDir, SERVER_DB_FILE);
  const db = openServerDb(dbFile);
  const recordKey = loadRecordKey(join(options.dataDir, 'record-key'));

  if (options.newEpoch) {
    log.warn(
      { epoch: rotateEpoch(db) },
      'new epoch requested; kiosks will reload a snapshot',
    );
  } else {
    checkRestored(db, options.dataDir);
  }
  const admin = await ensureInitialAdmin(db, options.dataDir);
  if (options.demo) await seedDemo(db, join(repoRoot, 'data', 'demo'), new Date());
  expireDueItems(db, new Date());

  const tls =
    options.tlsCert !== undefined && options.tlsKey !== undefined
      ? { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) }
      : undefined;
  const app = await buildServer({
    db,
    recordKey,
    snapshotPageSize: options.snapshotPageSize,
    ...(tls ? { tls } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  await app.listen({ port: options.port, host: options.host });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  log.info({ url, dataDir: options.dataDir, demo: options.demo }, 'server started');

  process.stdout.write(`server: ${url}\n`);
  process.stdout.write(`health: ${url}/health\n`);
  if (admin) {
    // The password itself stays out of stdout, which a service manager keeps in its log.
    process.stdout.write(
      `admin sign-in: ${admin.username}, password in ${join(options.dataDir, ADMIN_PASSWORD_FILE)}\n`,
    );
  }

  let mark = writeRevisionMark(db, options.dataDir);
  const timers = [
    setInterval(() => expireDueItems(db, new Date()), EXPIRY_SWEEP_MS),
    setInterval(() => compactOldHistory(db, options.retentionDays), COMPACTION_MS),
    setInterval(
      () => (mark = writeRevisionMark(db, options.dataDir, mark)),
      REVISION_MARK_MS,
    ),
  ];
  compactOldHistory(db, options.retentionDays);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'server stopping');
    for (const timer of timers) clearInterval(timer);
    app
      .close()
      .then(() => {
        writeRevisionMark(db, options.dataDir);
        db.close();
        log.info('server stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'server failed to stop cleanly');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'server failed to start');
  process.stderr.write(
    `server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
