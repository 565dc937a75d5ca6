import { CsvError, parse, type Options } from 'csv-parse/sync';
import { parseCsvFastPath } from './csv-fast.js';
import { LedgerError } from './errors.js';
import {
  parseTables,
  rowContext,
  type ParsedLedger,
  type ReadOptions,
} from './ledger.js';
import { decodeCsvBytes } from './text.js';

/** Parses CSV bytes (UTF-8 with or without BOM, or GB18030) into postings. */
export function parseCsvLedger(
  bytes: Uint8Array,
  options: ReadOptions = {},
): ParsedLedger {
  const { text, encoding } = decodeCsvBytes(bytes);
  const rows = parseCsvFastPath(text) ?? parseWithCsvParse(text);
  return parseTables([{ sheet: null, rows }], 'csv', encoding, rowContext(options));
}

/** Parses any CSV text with csv-parse, raising INVALID_CSV with the line number. */
function parseWithCsvParse(text: string): string[][] {
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
  return rows;
}
