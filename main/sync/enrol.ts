import { enrolResponseSchema } from '../contract/sync.js';
import { createLogger } from '../log.js';
import type { Db } from '../store/db.js';
import { storeCredential } from './credential.js';
import { SyncHttp } from './http.js';

const log = createLogger('sync');

export interface EnrolOptions {
  db: Db;
  dataDir: string;
  serverUrl: string;
  /** One-time enrolment code from the county server's staff. */
  code: string;
  /** Name of this kiosk as staff see it on the server. */
  name: string;
  version: string;
  timeoutMs?: number;
}

/**
 * Exchanges a one-time code for the kiosk credential (POST /api/v1/enrol) and
 * stores it encrypted. Returns the kiosk id and station the server assigned.
 */
export async function enrolKiosk(
  options: EnrolOptions,
): Promise<{ kioskId: string; station: string }> {
  const http = new SyncHttp({
    serverUrl: options.serverUrl,
    credential: null,
    timeoutMs: options.timeoutMs ?? 15_000,
  });
  const reply = await http.post(
    '/enrol',
    { code: options.code, name: options.name, version: options.version },
    enrolResponseSchema,
  );
  storeCredential(
    options.db,
    options.dataDir,
    { kioskId: reply.kioskId, secret: reply.secret },
    reply.station,
  );
  log.info({ kioskId: reply.kioskId, station: reply.station }, 'kiosk enrolled');
  return { kioskId: reply.kioskId, station: reply.station };
}
