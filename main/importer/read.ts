import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CsvError, parse, type Options } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { localDate } from '../services.js';
import { LedgerError } from './errors.js';
import { parseTables, type LedgerTable, type ParsedLedger } from './ledger.js';
import type { Cell, RowContext } from './rows.js';
import { decodeCsvBytes } from './text.js';

/** Largest ledger file accepted (50 MB), so a stray export cannot exhaust memory. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface ReadOptions {
  /** Value of `source` on every posting; `ledger` by default. */
  source?: string;
  isDemo?: boolean;
  /** Today as YYYY-MM-DD, for dates written without a year; the local date by default. */
  today?: string;
}

function rowContext(options: ReadOptions): RowContext {
  return {
    source: options.source ?? 'ledger',
    isDemo: options.isDemo ?? false,
    today: options.today ?? localDate(),
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Parses CSV bytes (UTF-8 with or without BOM, or GB18030) into postings. */
export function parseCsvLedger(
  bytes: Uint8Array,
  options: ReadOptions = {},
): ParsedLedger {
  const { text, encoding } = decodeCsvBytes(bytes);
  let rows: string[][];
  try {
    const csvOptions: Options = { relax_column_count: true, skip_empty_lines: false };
    rows = parse(text, csvOptions);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const where = typeof error.lines === 'number' ? `（第 ${error.lines} 行附近）` : '';
    throw new LedgerError(
      'INVALID_CSV',
      `CSV 格式有误${where}：${error.message}。请检查引号是否成对，或在 Excel 中重新另存为 CSV。`,
    );
  }
  return parseTables([{ sheet: null, rows }], 'csv', encoding, rowContext(options));
}

/** Converts an exceljs cell value to text or a date: rich text joined, formulas by their result. */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellValue(value.result);
  }
  // A hyperlink's text may itself be rich text, although exceljs types it as a string.
  if ('hyperlink' in value) return cellValue(value.text);
  return '';
}

function worksheetRows(sheet: ExcelJS.Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  for (let number = 1; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const cells: Cell[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      cells.push(cellValue(row.getCell(column).value));
    }
    rows.push(cells);
  }
  return rows;
}

/**
 * Parses an .xlsx workbook into postings. Every worksheet with a
 * recognisable header is imported; the others are listed as skipped.
 */
export async function parseXlsxLedger(
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<ParsedLedger> {
  const workbook = new ExcelJS.Workbook();
  // NOTE: exceljs inflates the whole workbook in memory, so a 50 MB .xlsx of
  // highly compressible XML can take far more memory than its file size.
  try {
    // exceljs declares its own Buffer type, narrower than Node's.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw new LedgerError(
      'INVALID_XLSX',
      '不是有效的 .xlsx 工作簿：文件已损坏，或不是 Excel 2007 及以后的格式。请在 Excel 中打开后重新另存为 .xlsx。',
    );
  }
  const tables: LedgerTable[] = workbook.worksheets.map((sheet) => ({
    sheet: sheet.name,
    rows: worksheetRows(sheet),
  }));
  return parseTables(tables, 'xlsx', null, rowContext(options));
}

async function readBytes(file: string): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile())
      throw new LedgerError(
        'NOT_A_FILE',
        `不是文件：${file}。请给出 .xlsx 或 .csv 文件的路径。`,
      );
    size = info.size;
  } catch (error) {
    if (error instanceof LedgerError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LedgerError(
        'FILE_NOT_FOUND',
        `找不到文件：${file}。请检查路径和文件名。`,
      );
    }
    throw new LedgerError(
      'READ_FAILED',
      `无法读取文件 ${file}：${(error as Error).message}`,
    );
  }
  if (size > MAX_FILE_BYTES) {
    throw new LedgerError(
      'FILE_TOO_LARGE',
      `文件太大：${megabytes(size)} MB，上限是 ${megabytes(MAX_FILE_BYTES)} MB。请把台账拆成几个文件分别导入。`,
    );
  }
  if (size === 0)
    throw new LedgerError('EMPTY_FILE', `文件为空：${file} 的大小是 0 字节。`);
  try {
    return await readFile(file);
  } catch (error) {
    throw new LedgerError(
      'READ_FAILED',
      `无法读取文件 ${file}：${(error as Error).message}`,
    );
  }
}

/**
 * Reads one ledger file, .xlsx or .csv by its extension. Raises LedgerError
 * when the file cannot be read at all; bad rows are returned as rejections.
 */
export async function readLedgerFile(
  file: string,
  options: ReadOptions = {},
): Promise<ParsedLedger> {
  const extension = extname(file).toLowerCase();
  if (extension === '.xls') {
    throw new LedgerError(
      'UNSUPPORTED_TYPE',
      `不支持旧版 .xls 格式：${file}。请在 Excel 中另存为 .xlsx 后再导入。`,
    );
  }
  if (!['.xlsx', '.csv', '.txt'].includes(extension)) {
    throw new LedgerError(
      'UNSUPPORTED_TYPE',
      `不支持的文件类型“${extension || '无扩展名'}”：${file}。只能导入 .xlsx 或 .csv 文件。`,
    );
  }
  const bytes = await readBytes(file);
  return extension === '.xlsx'
    ? parseXlsxLedger(bytes, options)
    : parseCsvLedger(bytes, options);
}
