import { foldText } from './text.js';

export type DateResult = { ok: true; date: string | null } | { ok: false };

/** Deadline words that mean "no fixed end date". */
const OPEN_ENDED = new Set(['长期', '长期有效', '长期招聘', '招满为止', '不限', '无']);

const TIME_OF_DAY = /[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/u;
const FULL_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/u;
const MONTH_DAY = /^(\d{1,2})[-/.月](\d{1,2})日?$/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Returns YYYY-MM-DD, or null when the day does not exist (2023-02-30). */
function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return valid ? `${year}-${pad(month)}-${pad(day)}` : null;
}

/**
 * Parses a ledger date cell into YYYY-MM-DD: 2023-12-12 09:22:00,
 * 2023/12/12, 2023.12.12, 2023年12月12日, 20231212, or 12-12 and 12月12日 in
 * the year of `today`. Excel date cells arrive as Date objects whose UTC
 * fields hold the date shown in the sheet. An empty cell and open-ended words
 * (长期有效, 招满为止) give null.
 */
export function parseLedgerDate(cell: string | Date, today: string): DateResult {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false };
    const date = isoDate(
      cell.getUTCFullYear(),
      cell.getUTCMonth() + 1,
      cell.getUTCDate(),
    );
    return date === null ? { ok: false } : { ok: true, date };
  }

  // A cell already in YYYY-MM-DD form skips the folding below, which would
  // leave it unchanged for FULL_DATE to accept.
  if (ISO_DATE.test(cell)) {
    const date = isoDate(
      Number(cell.slice(0, 4)),
      Number(cell.slice(5, 7)),
      Number(cell.slice(8, 10)),
    );
    return date === null ? { ok: false } : { ok: true, date };
  }

  const text = foldText(cell.normalize('NFKC').trim().replace(TIME_OF_DAY, ''));
  if (text === '' || OPEN_ENDED.has(text)) return { ok: true, date: null };

  const full = FULL_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (full !== null) {
    const date = isoDate(Number(full[1]), Number(full[2]), Number(full[3]));
    return date === null ? { ok: false } : { ok: true, date };
  }
  const monthDay = MONTH_DAY.exec(text);
  if (monthDay !== null) {
    const date = isoDate(
      Number(today.slice(0, 4)),
      Number(monthDay[1]),
      Number(monthDay[2]),
    );
    return date === null ? { ok: false } : { ok: true, date };
  }
  return { ok: false };
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const shifted = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

/** Counts the days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000,
  );
}
