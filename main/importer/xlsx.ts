// Kept apart from the CSV reader so that the demo seed, which reads only CSV,
// does not load exceljs into the kiosk's main process.
import ExcelJS from 'exceljs';
import { LedgerError } from './errors.js';
import {
  parseTables,
  rowContext,
  type LedgerTable,
  type ParsedLedger,
  type ReadOptions,
} from './ledger.js';
import type { Cell } from './rows.js';

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
