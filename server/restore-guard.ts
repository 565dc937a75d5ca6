// Detects a database restored from a backup. The server keeps the highest
// revision it has served, and how many records it has accepted, in a small
// file beside the database. A database of the same epoch with a lower
// revision or fewer accepted records was restored, so it gets a new epoch.
// Kiosks then reload a snapshot instead of trusting cursors it never issued.
// They also send their records again, because it may have lost some it
// acknowledged.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createLogger } from '../main/log.js';
import type { Db } from './store/db.js';
import { readSyncState, setMeta } from './store/meta.js';

const log = createLogger('server-restore');

export const REVISION_MARK_FILE = 'revision-mark.json';

interface RevisionMark {
  epoch: string;
  revision: number;
  /** 0 when the mark was written before the counter existed. */
  recordsReceived: number;
}

function readMark(file: string): RevisionMark | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as {
      epoch?: unknown;
      revision?: unknown;
      recordsReceived?: unknown;
    };
    if (typeof value.epoch !== 'string' || typeof value.revision !== 'number')
      return null;
    return {
      epoch: value.epoch,
      revision: value.revision,
      recordsReceived:
        typeof value.recordsReceived === 'number' ? value.recordsReceived : 0,
    };
  } catch {
    return null;
  }
}

/** Gives the database a new random epoch; every kiosk cursor then expires. */
export function rotateEpoch(db: Db): string {
  const epoch = randomBytes(12).toString('base64url');
  setMeta(db, 'epoch', epoch);
  return epoch;
}

/**
 * Compares the database with the last revision mark and rotates the epoch
 * when the database is behind it. Returns true when it rotated.
 */
export function checkRestored(db: Db, dataDir: string): boolean {
  const mark = readMark(join(dataDir, REVISION_MARK_FILE));
  const state = readSyncState(db);
  if (mark === null || mark.epoch !== state.epoch) return false;
  if (mark.revision <= state.revision && mark.recordsReceived <= state.recordsReceived)
    return false;
  const epoch = rotateEpoch(db);
  log.warn(
    {
      markedRevision: mark.revision,
      databaseRevision: state.revision,
      markedRecords: mark.recordsReceived,
      databaseRecords: state.recordsReceived,
      epoch,
    },
    'database is older than what was already served or accepted (restored from a backup?); new epoch',
  );
  return true;
}

/**
 * Writes the current epoch and revision to the mark file, atomically, unless
 * they equal `written` (what the previous call wrote). Returns what it wrote.
 */
export function writeRevisionMark(db: Db, dataDir: string, written?: string): string {
  const state = readSyncState(db);
  const mark =
    JSON.stringify({
      epoch: state.epoch,
      revision: state.revision,
      recordsReceived: state.recordsReceived,
    }) + '\n';
  if (mark === written) return mark;
  const file = join(dataDir, REVISION_MARK_FILE);
  writeFileSync(`${file}.tmp`, mark);
  renameSync(`${file}.tmp`, file);
  return mark;
}
