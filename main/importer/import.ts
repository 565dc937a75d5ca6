import { basename } from 'node:path';
import { createLogger } from '../log.js';
import type { Db } from '../store/db.js';
import { upsertJobs, type UpsertCounts } from '../store/jobs.js';
import type { ParsedLedger } from './ledger.js';
import type { ReadOptions } from './ledger.js';
import { readLedgerFile } from './read.js';

const log = createLogger('importer');

export interface ImportResult {
  ledger: ParsedLedger;
  counts: UpsertCounts;
}

/** Upserts parsed postings in one transaction, so a failure leaves the store as it was. */
export function storeLedger(db: Db, ledger: ParsedLedger, file: string): ImportResult {
  const counts = upsertJobs(db, ledger.jobs);
  log.info(
    {
      file: basename(file),
      ...counts,
      rejected: ledger.rejected.length,
      duplicates: ledger.duplicates.length,
    },
    'ledger imported',
  );
  return { ledger, counts };
}

/**
 * Reads one ledger file and upserts its postings. Raises LedgerError when the
 * file cannot be read, before anything is written.
 */
export async function importLedgerFile(
  db: Db,
  file: string,
  options: ReadOptions = {},
): Promise<ImportResult> {
  const ledger = await readLedgerFile(file, options);
  return storeLedger(db, ledger, file);
}
