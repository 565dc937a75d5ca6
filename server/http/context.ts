import type { Db } from '../store/db.js';

/** Shared state of the route handlers: the database, the record key and the clock. */
export interface ServerContext {
  db: Db;
  recordKey: Buffer;
  now: () => Date;
  /** Change-log rows read per snapshot page. */
  snapshotPageSize: number;
}
