import { localDate } from '../services.js';
import type { JobInput } from '../store/jobs.js';
import { LedgerError } from './errors.js';
import { findHeader, HEADER_SCAN_ROWS } from './headers.js';
import { mapRow, type Cell, type RowContext } from './rows.js';
import { cleanCell, type CsvEncoding } from './text.js';

/** One grid of cells: the CSV file, or one worksheet. `rows[i]` is row i + 1 as Excel shows it. */
export interface LedgerTable {
  /** Worksheet name, or null for a CSV file. */
  sheet: string | null;
  rows: Cell[][];
}

/** Position of a row as staff see it in Excel: 1-based, with the header row counted. */
export interface RowRef {
  sheet: string | null;
  row: number;
}

export interface RejectedRow extends RowRef {
  reasons: string[];
}

/** A row dropped because a later row has the same title, employer and place. */
export interface DuplicateRow extends RowRef {
  keptRow: RowRef;
}

export interface TableSummary {
  sheet: string | null;
  /** Row number of the header, or null for a worksheet without one (skipped). */
  headerRow: number | null;
  /** Non-blank rows below the header. */
  dataRows: number;
  unusedColumns: string[];
}

/** Everything read from one ledger file, before it reaches the store. */
export interface ParsedLedger {
  format: 'csv' | 'xlsx';
  encoding: CsvEncoding | null;
  tables: TableSummary[];
  /** Postings to upsert: one per uid, the last row of each duplicate group. */
  jobs: JobInput[];
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
}

function tableLabel(sheet: string | null): string {
  return sheet === null ? '文件' : `工作表“${sheet}”`;
}

function headerText(cell: Cell): string {
  return cell instanceof Date ? '' : cleanCell(cell);
}

function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((cell) => headerText(cell) === '' && !(cell instanceof Date));
}

export interface ReadOptions {
  /** Value of `source` on every posting; `ledger` by default. */
  source?: string;
  isDemo?: boolean;
  /** Today as YYYY-MM-DD, for dates written without a year; the local date by default. */
  today?: string;
}

/** Fills in the defaults of ReadOptions. */
export function rowContext(options: ReadOptions): RowContext {
  return {
    source: options.source ?? 'ledger',
    isDemo: options.isDemo ?? false,
    today: options.today ?? localDate(),
  };
}

/**
 * Turns read tables into postings: finds each table's header, maps and
 * validates every row, and keeps the last of rows that share a uid. A table
 * without a recognisable header raises NO_HEADER unless another worksheet of
 * the same workbook has one, and then it is listed as skipped.
 */
export function parseTables(
  tables: readonly LedgerTable[],
  format: ParsedLedger['format'],
  encoding: CsvEncoding | null,
  context: RowContext,
): ParsedLedger {
  const nonEmpty = tables.filter(
    (table) => !table.rows.every((cells) => isBlankRow(cells)),
  );
  if (nonEmpty.length === 0) {
    throw new LedgerError(
      'EMPTY_FILE',
      format === 'csv'
        ? '文件为空：没有任何内容。'
        : '工作簿为空：所有工作表都没有内容。',
    );
  }

  const summaries: TableSummary[] = [];
  const rejected: RejectedRow[] = [];
  const byUid = new Map<string, { job: JobInput; refs: RowRef[] }>();
  let firstHeaderError: LedgerError | null = null;

  for (const table of nonEmpty) {
    // findHeader reads only the first HEADER_SCAN_ROWS rows, so only those
    // are converted to text (a 50,000-row file would otherwise clean every
    // cell one extra time).
    const textRows = table.rows
      .slice(0, HEADER_SCAN_ROWS)
      .map((cells) => cells.map((cell) => headerText(cell)));
    let header;
    try {
      header = findHeader(textRows, tableLabel(table.sheet));
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      firstHeaderError ??= error;
      summaries.push({
        sheet: table.sheet,
        headerRow: null,
        dataRows: 0,
        unusedColumns: [],
      });
      continue;
    }

    const headerNames = textRows[header.rowIndex] ?? [];
    const summary: TableSummary = {
      sheet: table.sheet,
      headerRow: header.rowIndex + 1,
      dataRows: 0,
      unusedColumns: header.unusedColumns,
    };
    summaries.push(summary);

    for (let index = header.rowIndex + 1; index < table.rows.length; index++) {
      const ref: RowRef = { sheet: table.sheet, row: index + 1 };
      const result = mapRow(table.rows[index] ?? [], header, headerNames, context);
      if (result === null) continue;
      summary.dataRows++;
      if (!result.ok) {
        rejected.push({ ...ref, reasons: result.reasons });
        continue;
      }
      const previous = byUid.get(result.job.uid);
      if (previous === undefined) {
        byUid.set(result.job.uid, { job: result.job, refs: [ref] });
        continue;
      }
      // Delete first so the map's order follows the row that is kept.
      byUid.delete(result.job.uid);
      previous.refs.push(ref);
      byUid.set(result.job.uid, { job: result.job, refs: previous.refs });
    }
  }

  if (summaries.every((summary) => summary.headerRow === null)) throw firstHeaderError!;

  const duplicates: DuplicateRow[] = [];
  for (const { refs } of byUid.values()) {
    const keptRow = refs[refs.length - 1]!;
    for (const ref of refs.slice(0, -1)) duplicates.push({ ...ref, keptRow });
  }
  const sheetOrder = new Map(nonEmpty.map((table, index) => [table.sheet, index]));
  duplicates.sort(
    (a, b) => sheetOrder.get(a.sheet)! - sheetOrder.get(b.sheet)! || a.row - b.row,
  );

  return {
    format,
    encoding,
    tables: summaries,
    jobs: [...byUid.values()].map((entry) => entry.job),
    rejected,
    duplicates,
  };
}
