import { hash } from 'node:crypto';
import type { JobInput } from '../store/jobs.js';
import type { PayUnit } from '../contract/catalogue.js';
import { classifyArea, classifyCategory, classifyKind, isSuShaan } from './classify.js';
import { parseLedgerDate } from './dates.js';
import { FIELD_LABELS, type HeaderMap, type LedgerField } from './headers.js';
import { parsePay, type PayResult } from './pay.js';
import { cleanCell, foldText, singleLine } from './text.js';

/** One cell as read from a CSV (always text) or a workbook (text or a date cell). */
export type Cell = string | Date;

/** Maximum cell length, in UTF-16 code units (one per Chinese character). */
export const MAX_CELL_LENGTH = 5000;
/** Maximum length of a job title or employer name; longer ones are pasted text, not names. */
export const MAX_NAME_LENGTH = 100;
/** Largest headcount accepted in one posting. */
export const MAX_HEADCOUNT = 100_000;

/** Settings that apply to every row of one import. */
export interface RowContext {
  source: string;
  isDemo: boolean;
  /** Today as YYYY-MM-DD, the year of dates written without one (12-12). */
  today: string;
}

export type RowResult =
  { ok: true; job: JobInput } | { ok: false; reasons: string[] } | null;

const NO_HEADCOUNT = new Set(['若干', '若干名', '不限', '多名', '数名', '若干人']);
const YES = new Set(['是', 'y', 'yes', '1', 'true', '√', '✓', '✔', '推荐', '★']);
/** A 51job tag that names a benefit rather than a skill (五险一金, 周末双休, 包住宿). */
const BENEFIT_TAG =
  /险|金|补贴|奖|假|福利|体检|旅游|班车|双休|休|礼|餐|提成|期权|住宿|包吃|包住|弹性|出国|培训/u;

function quote(text: string): string {
  const chars = [...text];
  return `“${chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : text}”`;
}

/** Stable posting key: a hash of the folded title, employer and place. */
export function ledgerUid(title: string, employer: string, place: string): string {
  const key = [title, employer, place].map((part) => foldText(part)).join('\u0000');
  return `ledger-${hash('sha256', key, 'hex').slice(0, 32)}`;
}

function parseHeadcount(
  text: string,
): { ok: true; value: number | null } | { ok: false } {
  const folded = foldText(text).replace(/[~〜～至到—–-]+/gu, '-');
  if (folded === '' || NO_HEADCOUNT.has(folded)) return { ok: true, value: null };
  const match = /^(\d+)(?:-(\d+))?(?:人|名|个|位)?$/u.exec(folded);
  if (match === null) return { ok: false };
  const value = Number(match[2] ?? match[1]);
  if (value < 1 || value > MAX_HEADCOUNT) return { ok: false };
  return { ok: true, value };
}

function joinParts(parts: readonly string[], separator: string): string {
  return parts.filter((part) => part !== '').join(separator);
}

/** Splits 51job tags into skills and benefits, leaving out the ones that repeat experience or education. */
function splitTags(
  tags: string,
  repeated: readonly string[],
): { skills: string[]; benefits: string[] } {
  const skills: string[] = [];
  const benefits: string[] = [];
  for (const tag of tags.split(/[,，、;；]/u).map((part) => singleLine(part))) {
    if (tag === '' || repeated.includes(tag)) continue;
    (BENEFIT_TAG.test(tag) ? benefits : skills).push(tag);
  }
  return { skills, benefits };
}

class RowReader {
  /** Cleaned text of each field read so far, because most fields are read twice or more. */
  private readonly texts = new Map<LedgerField, string>();

  constructor(
    private readonly cells: readonly Cell[],
    private readonly header: HeaderMap,
  ) {}

  raw(field: LedgerField): Cell {
    const index = this.header.columns[field];
    return index === undefined ? '' : (this.cells[index] ?? '');
  }

  /** Returns the cell as cleaned text, with a date cell as YYYY-MM-DD. */
  text(field: LedgerField): string {
    const known = this.texts.get(field);
    if (known !== undefined) return known;
    const cell = this.raw(field);
    let text: string;
    if (cell instanceof Date)
      text = Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
    else text = cleanCell(cell);
    this.texts.set(field, text);
    return text;
  }

  line(field: LedgerField): string {
    return singleLine(this.text(field));
  }

  isBlank(): boolean {
    return Object.keys(this.header.columns).every(
      (field) => this.text(field as LedgerField) === '',
    );
  }
}

/** Results of parsePay by unit and cell text, because a ledger repeats a few pay texts on many rows. */
const payResults = new Map<string, PayResult>();
/** Distinct pay texts kept before the cache starts over, to bound its memory. */
const MAX_CACHED_PAY_TEXTS = 10_000;

/** Runs parsePay, or copies its earlier result for the same text and unit. */
function parsePayCached(text: string, defaultUnit: PayUnit): PayResult {
  const key = `${defaultUnit}\u0000${text}`;
  let result = payResults.get(key);
  if (result === undefined) {
    result = parsePay(text, defaultUnit);
    if (payResults.size >= MAX_CACHED_PAY_TEXTS) payResults.clear();
    payResults.set(key, result);
  }
  // A copy, so that no two postings share one pay object.
  return result.ok ? { ok: true, pay: { ...result.pay } } : result;
}

function tooLongCells(cells: readonly Cell[], headerNames: readonly string[]): string[] {
  const reasons: string[] = [];
  cells.forEach((cell, index) => {
    if (typeof cell === 'string' && cell.length > MAX_CELL_LENGTH) {
      const name = headerNames[index] ?? `第 ${index + 1} 列`;
      reasons.push(
        `“${name}”列内容过长（${cell.length} 个字符，上限 ${MAX_CELL_LENGTH}）`,
      );
    }
  });
  return reasons;
}

/**
 * Maps one data row to a posting, or to the reasons (in Chinese) it is
 * rejected. Returns null for a row with no text in any recognised column.
 */
export function mapRow(
  cells: readonly Cell[],
  header: HeaderMap,
  headerNames: readonly string[],
  context: RowContext,
): RowResult {
  const tooLong = tooLongCells(cells, headerNames);
  if (tooLong.length > 0) return { ok: false, reasons: tooLong };

  const row = new RowReader(cells, header);
  if (row.isBlank()) return null;

  const reasons: string[] = [];
  const title = row.line('title');
  const employer = row.line('employer');
  if (title === '') reasons.push(`${FIELD_LABELS.title}为空`);
  if (employer === '') reasons.push(`${FIELD_LABELS.employer}为空`);
  if ([...title].length > MAX_NAME_LENGTH)
    reasons.push(`${FIELD_LABELS.title}超过 ${MAX_NAME_LENGTH} 个字符`);
  if ([...employer].length > MAX_NAME_LENGTH) {
    reasons.push(`${FIELD_LABELS.employer}超过 ${MAX_NAME_LENGTH} 个字符`);
  }

  const pay = parsePayCached(row.text('pay'), header.payUnit ?? 'month');
  if (!pay.ok) reasons.push(pay.reason);

  const headcount = parseHeadcount(row.text('headcount'));
  if (!headcount.ok)
    reasons.push(
      `招聘人数无法识别：${quote(row.text('headcount'))}（应为 1 到 ${MAX_HEADCOUNT} 的整数，或“若干”）`,
    );

  const postedOn = parseLedgerDate(row.raw('postedOn'), context.today);
  if (!postedOn.ok)
    reasons.push(`发布日期无法识别：${quote(row.text('postedOn'))}（可写作 2026-12-04）`);
  const deadline = parseLedgerDate(row.raw('deadline'), context.today);
  if (!deadline.ok)
    reasons.push(
      `截止日期无法识别：${quote(row.text('deadline'))}（可写作 2026-12-31 或“长期有效”）`,
    );

  if (reasons.length > 0 || !pay.ok || !headcount.ok || !postedOn.ok || !deadline.ok) {
    return { ok: false, reasons };
  }

  const place = row.line('place');
  const notes = row.text('notes');
  const education = row.line('education');
  const experience = row.line('experience');
  const tags = splitTags(row.text('tags'), [education, experience]);
  const requirements = joinParts(
    [
      row.text('requirements'),
      tags.skills.join('、'),
      notes === '' ? '' : `备注：${notes}`,
    ],
    '\n',
  );
  const benefits = joinParts([row.text('benefits'), tags.benefits.join('、')], '\n');
  const area = classifyArea(place);

  return {
    ok: true,
    job: {
      uid: ledgerUid(title, employer, place),
      source: context.source,
      title,
      employer,
      kind: classifyKind(row.text('kind'), title, pay.pay.text, notes),
      category: classifyCategory(row.text('category'), title, requirements, employer),
      pay: pay.pay,
      area,
      location: place,
      suShaan: isSuShaan(
        title,
        employer,
        place,
        requirements,
        benefits,
        row.text('category'),
      ),
      headcount: headcount.value,
      contactName: row.line('contactName'),
      contactPhone: row.line('contactPhone'),
      education,
      experience,
      requirements,
      benefits,
      postedOn: postedOn.date,
      deadline: deadline.date,
      highlighted: YES.has(foldText(row.text('highlighted'))),
      isDemo: context.isDemo,
    },
  };
}
