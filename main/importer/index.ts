// The job-ledger importer: reads 用工需求台账 (.xlsx or .csv) into postings
// for upsertJobs, and reports the rows it rejected.
export { parseCsvLedger } from './csv.js';
export { LedgerError, type LedgerErrorCode } from './errors.js';
export { importLedgerFile, storeLedger, type ImportResult } from './import.js';
export type {
  DuplicateRow,
  ParsedLedger,
  ReadOptions,
  RejectedRow,
  RowRef,
  TableSummary,
} from './ledger.js';
export { parsePay } from './pay.js';
export { MAX_FILE_BYTES, readLedgerFile } from './read.js';
export { formatReport, formatSummary } from './report.js';
export { MAX_CELL_LENGTH, ledgerUid } from './rows.js';
export { parseXlsxLedger } from './xlsx.js';
