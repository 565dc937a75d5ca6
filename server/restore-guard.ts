// Detects a database restored from a backup. The server keeps the highest
// revision it has served in a small file beside the database. A database of
// the same epoch with a lower revision was restored, so it gets a new epoch,
// and kiosks reload a snapshot instead of trusting cursors it never issued.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createLogger } from '../main/log.js';
import type { Db } from './store/db.js';
import { readSyncState, setMeta } from './store/meta.js';

const log = createLogger('server-restore');

export const REVISION_MARK_FILE = 'revision-mark.json';

function readMark(file: string): { epoch: string; revision: number } | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as {
      epoch?: unknown;
      revision?: unknown;
    };
    return typeof value.epoch === 'string' && typeof value.revision === 'number'
      ? { epoch: value.epoch, revision: value.revision }
      : null;
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
  if (mark === null || mark.epoch !== state.epoch || mark.revision <= state.revision)
    return false;
  const epoch = rotateEpoch(db);
  log.warn(
    { markedRevision: mark.revision, databaseRevision: state.revision, epoch },
    'database is older than the revision already served (restored from a backup?); new epoch',
  );
  return true;
}

/**
 * Writes the current epoch and revision to the mark file, atomically, unless
 * they equal `written` (what the previous call wrote). Returns what it wrote.
 */
export function writeRevisionMark(db: Db, dataDir: string, written?: string): string {
  const state = readSyncState(db);
  const mark = JSON.stringify({ epoch: state.epoch, revision: state.revision }) + '\n';
  if (mark === written) return mark;
  const file = join(dataDir, REVISION_MARK_FILE);
  writeFileSync(`${file}.tmp`, mark);
  renameSync(`${file}.tmp`, file);
  return mark;
}
