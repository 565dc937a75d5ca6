// The sync client as its own process: `tsx main/sync/cli.ts --data-dir DIR
// --server URL [--once] [--interval S]`. It can be killed at any point: each
// pulled page and each push result is committed before the next step.
import { hostname } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_PUSH_ENTRIES, PUSH_BATCH_BYTES } from '../contract/sync.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/db.js';
import { SyncClient } from './client.js';
import { loadCredential } from './credential.js';
import { enrolKiosk } from './enrol.js';
import { normaliseServerUrl } from './http.js';
import { kioskVersion } from './version.js';

const log = createLogger('sync-cli');

/** The kiosk store's file name in the data folder (the same as main/app.ts). */
const STORE_FILE = 'kiosk.sqlite';

const USAGE = `Usage: tsx main/sync/cli.ts --data-dir DIR --server URL [options]

  --data-dir DIR     data folder with the kiosk's SQLite store
  --server URL       base URL of the county server, such as http://127.0.0.1:8090
  --enrol CODE       exchange a one-time enrolment code for this kiosk's credential first
  --name NAME        kiosk name sent with --enrol (default: the host name)
  --once             run one sync attempt and exit (status 0 on success, 1 on failure)
  --interval S       seconds between syncs (default 60)
  --page-size N      changes per pull page (default 500)
  --push-batch N     outbox entries per push request (default and maximum ${MAX_PUSH_ENTRIES}).
                     A batch also ends after ${PUSH_BATCH_BYTES / 1024} KiB of payloads.
  --timeout S        maximum seconds for one HTTP request (default 15)
  --help             show this text`;

function parsePositive(
  name: string,
  text: string | undefined,
  fallback: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(
      `Invalid --${name} "${text}": expected a number above 0 and at most ${max}.`,
    );
  }
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      server: { type: 'string' },
      enrol: { type: 'string' },
      name: { type: 'string' },
      once: { type: 'boolean', default: false },
      interval: { type: 'string' },
      'page-size': { type: 'string' },
      'push-batch': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values['data-dir'] === undefined || values.server === undefined) {
    throw new Error(`--data-dir and --server are required.\n\n${USAGE}`);
  }

  const dataDir = resolve(values['data-dir']);
  const serverUrl = normaliseServerUrl(values.server);
  const intervalSeconds = parsePositive('interval', values.interval, 60, 86_400);
  const pageSize = Math.floor(
    parsePositive('page-size', values['page-size'], 500, 10_000),
  );
  const pushBatch = Math.floor(
    parsePositive('push-batch', values['push-batch'], MAX_PUSH_ENTRIES, MAX_PUSH_ENTRIES),
  );
  const timeoutSeconds = parsePositive('timeout', values.timeout, 15, 600);

  // Enrolment may run before a new kiosk's data folder exists.
  if (values.enrol !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = openStore(join(dataDir, STORE_FILE));
  try {
    if (values.enrol !== undefined) {
      await enrolKiosk({
        db,
        dataDir,
        serverUrl,
        code: values.enrol,
        name: values.name ?? hostname(),
        version: kioskVersion(),
      });
    }

    const client = new SyncClient({
      db,
      serverUrl,
      credential: loadCredential(db, dataDir),
      intervalMs: intervalSeconds * 1000,
      requestTimeoutMs: timeoutSeconds * 1000,
      pageSize,
      pushBatchSize: pushBatch,
      version: kioskVersion(),
    });

    if (values.once) {
      log.info({ serverUrl }, 'sync attempt started');
      const result = await client.syncNow();
      log.info(
        { ok: result.error === null, push: result.push, pull: result.pull },
        'sync attempt ended',
      );
      return result.error === null ? 0 : 1;
    }

    client.start();
    await new Promise<void>((resolveStop) => {
      const stop = (signal: string): void => {
        log.info({ signal }, 'stopping');
        client.stop().then(resolveStop, resolveStop);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  } finally {
    db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sync failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
