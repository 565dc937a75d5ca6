import type { Pay, PayUnit } from '../contract/catalogue.js';
import { cleanCell, foldText, singleLine } from './text.js';

export type PayResult = { ok: true; pay: Pay } | { ok: false; reason: string };

/** Largest amount in yuan accepted in a pay cell; anything above it is a typo. */
export const MAX_PAY_AMOUNT = 10_000_000;

const NEGOTIABLE = /面议|可议|议价|协商/gu;
const PIECE_WORK = /计件|按件/gu;
/** Extra months of pay (·13薪, 14薪), kept in the text but not in the amounts. */
const EXTRA_MONTHS = /[·・]?\d+(?:-\d+)?薪/gu;
const BRACKETED = /\([^)]*\)|\[[^\]]*\]|【[^】]*】/gu;

/** Words that name the pay period; the first list matches the usual written forms. */
const EXPLICIT_UNITS: readonly [PayUnit | 'week', RegExp][] = [
  ['hour', /(?:\/|每|一)(?:小时|时|h)|时薪|小时工资/gu],
  ['day', /(?:\/|每|一)(?:天|日)|日薪|日工资/gu],
  ['week', /(?:\/|每|一)(?:周|星期)|周薪/gu],
  ['month', /(?:\/|每|一)(?:个月|月)|月薪|月工资|月收入/gu],
  ['year', /(?:\/|每|一)年|年薪|年收入/gu],
  ['piece', /(?:\/|每|一)(?:件|斤|公斤|个|箱|亩|株|棵|袋|筐|吨|单)/gu],
];

/** How often pay is settled; it names the period only when nothing else does (日结200). */
const SETTLEMENT_UNITS: readonly [PayUnit | 'week', RegExp][] = [
  ['day', /日结|现结/gu],
  ['week', /周结/gu],
  ['month', /月结/gu],
];

const OPEN_MAX =
  /及以上|以上|起|不低于|最低|保底|底薪|\+(?:提成|绩效|奖金|补贴|计件|加班费)?|提成/gu;
const OPEN_MIN = /及以下|以下|以内|不超过|最高|封顶/gu;
const NOISE =
  /人民币|rmb|¥|元|块|左右|约|基本工资|工资|薪资|薪酬|待遇|综合|税前|税后|包吃住|包吃|包住|[,，;；:：、。/]/gu;
const RANGE_SEPARATOR = /[~〜～至到—–―‐‑−-]+/gu;
const AMOUNTS = /^(\d+(?:\.\d+)?)([k千万w]?)(?:-(\d+(?:\.\d+)?)([k千万w]?))?$/u;

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1000,
  千: 1000,
  万: 10_000,
  w: 10_000,
};

function quote(text: string): string {
  const short = [...text].length > 30 ? `${[...text].slice(0, 30).join('')}…` : text;
  return `“${short}”`;
}

function rejectPay(text: string, detail: string): PayResult {
  return { ok: false, reason: `薪资无法识别：${quote(text)}（${detail}）` };
}

/** Removes every match of the pattern and returns the distinct tags of those that matched. */
function takeUnits(
  text: string,
  patterns: readonly [PayUnit | 'week', RegExp][],
): { rest: string; units: Set<PayUnit | 'week'> } {
  const units = new Set<PayUnit | 'week'>();
  let rest = text;
  for (const [unit, pattern] of patterns) {
    const next = rest.replace(pattern, '');
    if (next !== rest) units.add(unit);
    rest = next;
  }
  return { rest, units };
}

/** Tests for a match; `search` ignores the `g` flag's lastIndex, unlike `test`. */
function matches(pattern: RegExp, text: string): boolean {
  return text.search(pattern) !== -1;
}

function roundYuan(value: number): number {
  return Math.round(value * 100) / 100;
}

interface Amounts {
  min: number;
  max: number;
  range: boolean;
}

/**
 * Reads "1-1.5万" style amounts. A bound without a multiplier takes the
 * other bound's (1-1.5万 is 10000-15000) unless that would make it the larger
 * one (5000-1万 is 5000-10000).
 */
function readAmounts(rest: string): Amounts | null {
  const match = AMOUNTS.exec(rest);
  if (match === null) return null;
  const [, lowText, lowUnit = '', highText, highUnit = ''] = match;
  const low = Number(lowText);
  if (highText === undefined) {
    const value = roundYuan(low * MULTIPLIERS[lowUnit]!);
    return { min: value, max: value, range: false };
  }
  const high = Number(highText);
  const inherited = lowUnit === '' && low < high ? highUnit : lowUnit;
  return {
    min: roundYuan(low * MULTIPLIERS[inherited]!),
    max: roundYuan(high * MULTIPLIERS[highUnit]!),
    range: true,
  };
}

/**
 * Parses a pay cell into amounts in yuan per unit. An empty cell is 面议.
 * Amounts without a unit are monthly unless the column header named another
 * unit (薪资（元/天）). Returns a rejection reason in Chinese for text that
 * contains no readable amount, mixes units, or names a week.
 */
export function parsePay(raw: string, defaultUnit: PayUnit = 'month'): PayResult {
  const text = singleLine(cleanCell(raw));
  if (text === '') {
    return {
      ok: true,
      pay: { text: '面议', min: null, max: null, unit: null, negotiable: true },
    };
  }

  let rest = foldText(text);
  const negotiable = matches(NEGOTIABLE, rest);
  rest = rest.replace(NEGOTIABLE, '').replace(EXTRA_MONTHS, '').replace(BRACKETED, '');
  const piece = matches(PIECE_WORK, rest);
  rest = rest.replace(PIECE_WORK, '');

  const explicit = takeUnits(rest, EXPLICIT_UNITS);
  const settlement = takeUnits(explicit.rest, SETTLEMENT_UNITS);
  rest = settlement.rest;
  const units = explicit.units.size > 0 ? explicit.units : settlement.units;
  if (units.size > 1) return rejectPay(text, '同时写了多个薪资单位');
  const [named] = units;
  if (named === 'week') return rejectPay(text, '不支持按周计薪，请换算为元/天或元/月');

  const openMax = matches(OPEN_MAX, rest);
  const openMin = matches(OPEN_MIN, rest);
  rest = rest.replace(OPEN_MAX, '').replace(OPEN_MIN, '').replace(NOISE, '');
  rest = rest.replace(RANGE_SEPARATOR, '-');

  const unit: PayUnit = named ?? (piece ? 'piece' : defaultUnit);
  if (rest === '') {
    if (piece)
      return { ok: true, pay: { text, min: null, max: null, unit: 'piece', negotiable } };
    if (negotiable)
      return { ok: true, pay: { text, min: null, max: null, unit: null, negotiable } };
    return rejectPay(text, '没有金额');
  }

  const amounts = readAmounts(rest);
  if (amounts === null)
    return rejectPay(text, '可写作 4000-6000元/月、150元/天、面议 等');
  if (amounts.min <= 0 || amounts.max <= 0) return rejectPay(text, '金额必须大于 0');
  if (amounts.max > MAX_PAY_AMOUNT)
    return rejectPay(text, `金额超过 ${MAX_PAY_AMOUNT} 元`);
  if (amounts.min > amounts.max) return rejectPay(text, '最低金额高于最高金额');

  let { min, max }: { min: number | null; max: number | null } = amounts;
  if (!amounts.range && openMax && !openMin) max = null;
  if (!amounts.range && openMin && !openMax) min = null;
  return { ok: true, pay: { text, min, max, unit, negotiable } };
}
