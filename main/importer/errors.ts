/** Reason a whole ledger file could not be read. Row-level problems are rejections, not errors. */
export type LedgerErrorCode =
  | 'FILE_NOT_FOUND'
  | 'NOT_A_FILE'
  | 'READ_FAILED'
  | 'FILE_TOO_LARGE'
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_TYPE'
  | 'NOT_TEXT'
  | 'INVALID_CSV'
  | 'INVALID_XLSX'
  | 'NO_HEADER';

/**
 * Raised when a ledger file cannot be read at all, so nothing of it is
 * imported. The message is simplified Chinese because station staff read it.
 */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}
