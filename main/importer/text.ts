import iconv from 'iconv-lite';
import { LedgerError } from './errors.js';

/**
 * C0 controls except tab and newline, DEL, C1 controls, and the invisible
 * format characters that reorder or hide text (zero-width space, BOM, bidi
 * embeddings, overrides and isolates). None of them may reach a printer, an
 * LED board or a web page.
 */
const UNSAFE_CHARACTERS =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** Removes unsafe control and format characters and trims the text. */
export function cleanCell(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, '').trim();
}

/** Folds a cleaned cell onto one line, for titles, names and places. */
export function singleLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Folds full-width forms, case and every space away, for comparing keys and matching words. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** The text encodings a CSV ledger may use. */
export type CsvEncoding = 'utf-8' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
}

const UTF16_HINT = '请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。';

function notText(detail: string, bytes: Uint8Array): LedgerError {
  const zip =
    bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole =
    bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  let hint = '请确认选择的是 CSV 文本文件。';
  if (zip) hint = '它看起来是 .xlsx 工作簿：请把扩展名改为 .xlsx 再导入。';
  if (ole) hint = '它看起来是旧版 .xls 工作簿：请在 Excel 中另存为 .xlsx 再导入。';
  return new LedgerError('NOT_TEXT', `不是文本 CSV 文件：${detail}。${hint}`);
}

/**
 * Text with more C0 control characters (other than tab, CR, LF) than this
 * share and count is binary. A few stray controls in a real ledger are
 * stripped from the cells instead.
 */
const MAX_CONTROL_SHARE = 0.05;
const MAX_CONTROL_COUNT = 16;

function looksBinary(text: string): boolean {
  const controls = text.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/gu)?.length ?? 0;
  return controls > MAX_CONTROL_COUNT && controls / text.length > MAX_CONTROL_SHARE;
}

/**
 * Decodes a CSV file: strict UTF-8 first (with or without BOM), then GB18030,
 * the encoding Excel on Chinese Windows saves plain "CSV" in. Raises a
 * NOT_TEXT LedgerError for binary data, UTF-16 and bytes that fit neither.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  ) {
    throw new LedgerError(
      'NOT_TEXT',
      `不是可导入的 CSV 文件：文件是 UTF-16 编码。${UTF16_HINT}`,
    );
  }
  if (bytes.includes(0)) throw notText('文件中有 NUL 字节，是二进制文件', bytes);

  let decoded: DecodedText;
  try {
    decoded = {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
    };
  } catch {
    const text = iconv.decode(Buffer.from(bytes), 'gb18030');
    if (text.includes('\uFFFD'))
      throw notText('既不是 UTF-8 也不是 GB18030 编码的文本', bytes);
    decoded = { text, encoding: 'gb18030' };
  }
  if (looksBinary(decoded.text)) {
    throw notText('文件中控制字符过多，是二进制文件', bytes);
  }
  return decoded;
}
