import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsvLedger } from './csv.js';
import { LedgerError } from './errors.js';
import type { ParsedLedger, ReadOptions } from './ledger.js';
import { parseXlsxLedger } from './xlsx.js';

/** Largest ledger file accepted (50 MB), so a stray export cannot exhaust memory. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function readBytes(file: string): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new LedgerError(
        'NOT_A_FILE',
        `不是文件：${file}。请给出 .xlsx 或 .csv 文件的路径。`,
      );
    }
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
  if (size === 0) {
    throw new LedgerError('EMPTY_FILE', `文件为空：${file} 的大小是 0 字节。`);
  }
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
