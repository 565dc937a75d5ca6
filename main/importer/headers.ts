import type { PayUnit } from '../contract/catalogue.js';
import { LedgerError } from './errors.js';
import { cleanCell } from './text.js';

/** The ledger columns the importer understands. */
export type LedgerField =
  | 'title'
  | 'employer'
  | 'pay'
  | 'place'
  | 'headcount'
  | 'contactName'
  | 'contactPhone'
  | 'education'
  | 'experience'
  | 'requirements'
  | 'benefits'
  | 'deadline'
  | 'postedOn'
  | 'kind'
  | 'category'
  | 'notes'
  | 'highlighted'
  | 'tags';

/**
 * Header names of each field after normalisation (see normaliseHeader): the
 * usual names in station ledgers, and the English headers of the 51job
 * dataset (jobName, companyName, ..., lower-cased).
 */
export const HEADER_ALIASES: Record<LedgerField, readonly string[]> = {
  title: ['岗位名称', '职位名称', '职位', '招聘岗位', '工种', '岗位', 'jobname'],
  employer: [
    '用工单位',
    '企业名称',
    '公司',
    '公司名称',
    '单位名称',
    '招聘单位',
    '单位',
    '企业',
    'companyname',
  ],
  pay: [
    '薪资',
    '工资',
    '月薪',
    '薪酬',
    '待遇',
    '日薪',
    '时薪',
    '年薪',
    '薪资待遇',
    '工资待遇',
    '薪资范围',
    'salary',
  ],
  place: ['工作地点', '地址', '区域', '地点', '乡镇', '工作地址', '所在乡镇', 'area'],
  headcount: ['招聘人数', '人数', '需求人数', '用工人数'],
  contactName: ['联系人'],
  contactPhone: ['联系电话', '电话', '手机', '手机号', '联系方式'],
  education: ['学历', '学历要求', 'degree'],
  experience: ['经验', '工作经验', '工作年限', '经验要求', 'workyear'],
  requirements: ['岗位要求', '职位描述', '任职要求', '岗位职责', '岗位描述', '工作内容'],
  benefits: ['福利', '福利待遇'],
  deadline: ['截止日期', '有效期至', '截止时间'],
  postedOn: ['发布日期', '发布时间', '登记日期', 'issuedate'],
  kind: ['用工形式', '用工类型', '岗位类型', '工作性质'],
  category: ['岗位类别', '行业', '岗位分类', '行业类别'],
  notes: ['备注', '说明'],
  highlighted: ['推荐', '是否推荐', '重点推荐'],
  tags: ['tags'],
};

/** Field names used in messages: the first Chinese alias of each field. */
export const FIELD_LABELS: Record<LedgerField, string> = Object.fromEntries(
  Object.entries(HEADER_ALIASES).map(([field, aliases]) => [field, aliases[0]]),
) as Record<LedgerField, string>;

const FIELD_BY_ALIAS = new Map<string, LedgerField>(
  Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field as LedgerField] as const),
  ),
);

/** Pay units that a pay header names itself: 日薪, or 薪资（元/天）. */
const PAY_HEADER_UNITS: Record<string, PayUnit> = {
  日薪: 'day',
  时薪: 'hour',
  年薪: 'year',
  月薪: 'month',
};
const BRACKET_UNITS: readonly [PayUnit, RegExp][] = [
  ['hour', /小时|时/u],
  ['day', /天|日/u],
  ['year', /年/u],
  ['month', /月/u],
];

const BRACKETS = /\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>/gu;

/**
 * Normalises a header cell for matching: full-width forms folded (NFKC),
 * bracketed notes such as （元/月） removed, spaces and required-field marks
 * (*, :) dropped, and Latin letters lower-cased.
 */
export function normaliseHeader(text: string): string {
  return cleanCell(text)
    .normalize('NFKC')
    .replace(BRACKETS, '')
    .replace(/[\s*:]/gu, '')
    .toLowerCase();
}

function payUnitOfHeader(text: string): PayUnit | null {
  const folded = cleanCell(text).normalize('NFKC');
  const named = PAY_HEADER_UNITS[normaliseHeader(text)];
  if (named !== undefined) return named;
  const notes = folded.match(BRACKETS)?.join('') ?? '';
  for (const [unit, pattern] of BRACKET_UNITS) {
    if (pattern.test(notes)) return unit;
  }
  return null;
}

/** The header row of one table and where each recognised field sits. */
export interface HeaderMap {
  /** Index of the header row in the table (0 for the first row). */
  rowIndex: number;
  columns: Partial<Record<LedgerField, number>>;
  /** Pay unit named by the pay header, used for amounts without a unit. */
  payUnit: PayUnit | null;
  /** Header names that map to no field, or to a field an earlier column already has. */
  unusedColumns: string[];
}

/** Rows searched for the header, so a title row or blank rows may come first. */
export const HEADER_SCAN_ROWS = 10;

const REQUIRED_FIELDS: readonly LedgerField[] = ['title', 'employer'];

function mapHeaderRow(cells: readonly string[], rowIndex: number): HeaderMap {
  const columns: Partial<Record<LedgerField, number>> = {};
  const unusedColumns: string[] = [];
  cells.forEach((cell, index) => {
    const name = cleanCell(cell);
    if (name === '') return;
    const field = FIELD_BY_ALIAS.get(normaliseHeader(name));
    if (field === undefined || columns[field] !== undefined) {
      unusedColumns.push(name);
      return;
    }
    columns[field] = index;
  });
  const payColumn = columns.pay;
  const payUnit =
    payColumn === undefined ? null : payUnitOfHeader(cells[payColumn] ?? '');
  return { rowIndex, columns, payUnit, unusedColumns };
}

function expectedHeaders(): string {
  return REQUIRED_FIELDS.map(
    (field) =>
      `${FIELD_LABELS[field]}（或 ${HEADER_ALIASES[field].slice(1).join('、')}）`,
  ).join(' 和 ');
}

/**
 * Finds the header row among the first HEADER_SCAN_ROWS rows: the row that
 * has the title and employer columns and the most recognised fields (the
 * first such row on a tie). Raises a NO_HEADER LedgerError that lists the
 * names found and the names expected.
 */
export function findHeader(
  rows: readonly (readonly string[])[],
  tableName: string,
): HeaderMap {
  let best: HeaderMap | null = null;
  let bestScore = 0;
  let widest: readonly string[] = [];
  for (let index = 0; index < Math.min(rows.length, HEADER_SCAN_ROWS); index++) {
    const cells = rows[index] ?? [];
    const named = cells.filter((cell) => cleanCell(cell) !== '');
    if (named.length > widest.filter((cell) => cleanCell(cell) !== '').length)
      widest = cells;
    const map = mapHeaderRow(cells, index);
    const score = Object.keys(map.columns).length;
    const complete = REQUIRED_FIELDS.every((field) => map.columns[field] !== undefined);
    if (complete && score > bestScore) {
      best = map;
      bestScore = score;
    }
  }
  if (best !== null) return best;

  const found = widest.map((cell) => cleanCell(cell)).filter((cell) => cell !== '');
  const foundText = found.length > 0 ? found.slice(0, 30).join('、') : '（无）';
  throw new LedgerError(
    'NO_HEADER',
    `${tableName}的前 ${HEADER_SCAN_ROWS} 行里没有可识别的表头。找到的列名：${foundText}。` +
      `至少需要这两列：${expectedHeaders()}。`,
  );
}
