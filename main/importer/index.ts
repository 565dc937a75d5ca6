// The job-ledger importer: reads 用工需求台账 (.xlsx or .csv) into postings
// for upsertJobs. The kiosk CLI, the demo seed and the county server use it.
export { LedgerError, type LedgerErrorCode } from './errors.js';
export { importLedgerFile, storeLedger, type ImportResult } from './import.js';
export type {
  DuplicateRow,
  ParsedLedger,
  RejectedRow,
  RowRef,
  TableSummary,
} from './ledger.js';
export { parsePay } from './pay.js';
export {
  MAX_FILE_BYTES,
  parseCsvLedger,
  parseXlsxLedger,
  readLedgerFile,
  type ReadOptions,
} from './read.js';
export { MAX_CELL_LENGTH, ledgerUid } from './rows.js';
export { formatReport, formatSummary } from './report.js';
