import { writeFileSync } from 'node:fs';
import { JOB_KIND_LABELS } from '../../main/contract/catalogue.js';
import type { JobInput } from '../../main/store/jobs.js';

/** The column layout of data/demo/yichuan-local-jobs.csv, a station job ledger. */
export const LEDGER_HEADER = [
  '岗位名称',
  '用工单位',
  '用工形式',
  '岗位类别',
  '薪资',
  '工作地点',
  '招聘人数',
  '联系人',
  '联系电话',
  '学历',
  '经验',
  '岗位要求',
  '福利',
  '发布日期',
  '截止日期',
  '备注',
  '推荐',
];

/** The ledger's label for seasonal work differs from the screen label 季节性. */
const KIND_CELLS = { ...JOB_KIND_LABELS, seasonal: '季节工' };

function csvCell(text: string): string {
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Returns one posting as the cells of a ledger row. */
export function ledgerCells(posting: JobInput): string[] {
  return [
    posting.title,
    posting.employer,
    KIND_CELLS[posting.kind],
    posting.category,
    posting.pay.text,
    posting.location,
    posting.headcount === null ? '' : String(posting.headcount),
    posting.contactName,
    posting.contactPhone,
    posting.education,
    posting.experience,
    posting.requirements,
    posting.benefits,
    posting.postedOn ?? '',
    posting.deadline ?? '',
    posting.suShaan ? '苏陕协作岗位' : '',
    posting.highlighted ? '是' : '',
  ];
}

/** Writes postings as a UTF-8 ledger CSV with the header row, and returns its size in bytes. */
export function writeLedgerCsv(file: string, postings: readonly JobInput[]): number {
  const lines = [LEDGER_HEADER, ...postings.map(ledgerCells)].map((cells) =>
    cells.map(csvCell).join(','),
  );
  const text = `${lines.join('\n')}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}
