import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { JOB_CATEGORIES, YICHUAN_TOWNS } from '../../main/contract/catalogue.js';

const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

function readDemo(name: string): string {
  return readFileSync(DEMO_DIR + name, 'utf8');
}

function readCsv(name: string): string[][] {
  return parse(readDemo(name));
}

const LEDGER_HEADER = [
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
const SAMPLE_HEADER = [
  'jobName',
  'tags',
  'area',
  'salary',
  'workYear',
  'degree',
  'companyName',
  'companyType',
  'companySize',
  'logo',
  'issueDate',
];
const POLICY_FIELDS = [
  'uid',
  'title',
  'category',
  'summary',
  'benefit',
  'eligibility',
  'materials',
  'whereToApply',
  'sourceDocument',
  'sortOrder',
];

/** Mainland mobile numbers and area-code landlines, as digits not inside a longer number. */
const PHONE_LIKE = /(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/g;
/** The only phone numbers the demo files may contain (see data/demo/SOURCES.md). */
const FAKE_PHONE = /^(?:0911-40000\d{2}|1390000\d{4})$/;
/** Pay as local postings write it: 3500-4500元/月, 150元/天, 20-25元/小时, 1-1.2万/月, 4000元以上. */
const LEDGER_PAY =
  /^(?:\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?(?:元\/(?:月|天|小时)|万\/月)|\d+元以上|计件|面议)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REFERENCE_DAY = '2026-12-04';

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}

function phoneLikeNumbers(text: string): string[] {
  return [...text.matchAll(PHONE_LIKE)].map((match) => match[0]);
}

type LedgerRow = Record<string, string>;

function ledgerRows(): LedgerRow[] {
  const [header, ...rows] = readCsv('yichuan-local-jobs.csv');
  return rows.map((row) =>
    Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ''])),
  );
}

function isJiangsu(row: LedgerRow): boolean {
  return row['工作地点']!.startsWith('江苏省');
}

describe('demo ledger', () => {
  const rows = ledgerRows();

  it('has the exact header and no BOM', () => {
    const text = readDemo('yichuan-local-jobs.csv');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(readCsv('yichuan-local-jobs.csv')[0]).toEqual(LEDGER_HEADER);
  });

  it('has about 120 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(110);
    expect(rows.length).toBeLessThanOrEqual(130);
  });

  it('fills the required columns', () => {
    const required = [
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
      '发布日期',
    ];
    for (const row of rows) {
      for (const column of required) {
        expect(row[column], `${row['岗位名称']} ${column}`).not.toBe('');
      }
    }
  });

  it('uses only known kinds and categories', () => {
    const categories: readonly string[] = JOB_CATEGORIES;
    for (const row of rows) {
      expect(['全职', '零工', '季节工']).toContain(row['用工形式']);
      expect(categories).toContain(row['岗位类别']);
    }
  });

  it('places work in a Yichuan town or Jiangsu', () => {
    for (const row of rows) {
      const place = row['工作地点']!;
      const inTown = YICHUAN_TOWNS.some((town) => place.startsWith(town));
      expect(inTown || isJiangsu(row), place).toBe(true);
    }
  });

  it('marks exactly the Jiangsu rows as 苏陕协作', () => {
    const jiangsu = rows.filter(isJiangsu);
    expect(jiangsu.length).toBeGreaterThanOrEqual(15);
    expect(jiangsu.length).toBeLessThanOrEqual(20);
    for (const row of rows) {
      expect(row['备注']!.includes('苏陕协作'), row['岗位名称']).toBe(isJiangsu(row));
    }
  });

  it('writes pay in posting forms', () => {
    for (const row of rows) expect(row['薪资']).toMatch(LEDGER_PAY);
    const forms = new Set(rows.map((row) => row['薪资']!.replace(/[\d.]+/g, 'N')));
    for (const form of [
      'N-N元/月',
      'N元/天',
      'N-N元/小时',
      '计件',
      '面议',
      'N元以上',
      'N-N万/月',
    ]) {
      expect(forms, form).toContain(form);
    }
  });

  it('has positive whole headcounts', () => {
    for (const row of rows) expect(row['招聘人数']).toMatch(/^[1-9]\d*$/);
  });

  it('posts within 45 days with later deadlines', () => {
    for (const row of rows) {
      const posted = row['发布日期']!;
      const deadline = row['截止日期']!;
      expect(posted).toMatch(ISO_DATE);
      const age = daysBetween(posted, REFERENCE_DAY);
      expect(age, posted).toBeGreaterThanOrEqual(0);
      expect(age, posted).toBeLessThanOrEqual(45);
      if (deadline !== '') {
        expect(deadline).toMatch(ISO_DATE);
        expect(daysBetween(posted, deadline), deadline).toBeGreaterThan(0);
      }
    }
  });

  it('recommends about 8 rows', () => {
    for (const row of rows) expect(['是', '']).toContain(row['推荐']);
    const recommended = rows.filter((row) => row['推荐'] === '是').length;
    expect(recommended).toBeGreaterThanOrEqual(6);
    expect(recommended).toBeLessThanOrEqual(10);
  });

  it('covers the search and filter cases', () => {
    const text = (row: LedgerRow): string => row['岗位名称']! + row['岗位要求']!;
    expect(
      rows.filter((row) => text(row).includes('电工')).length,
    ).toBeGreaterThanOrEqual(3);
    expect(
      rows.filter((row) => text(row).includes('护工')).length,
    ).toBeGreaterThanOrEqual(3);
    expect(
      rows.filter((row) => text(row).includes('C1驾照')).length,
    ).toBeGreaterThanOrEqual(2);
    const gigs = rows.filter((row) => row['用工形式'] === '零工');
    const jiyiGigs = gigs.filter((row) => row['工作地点']!.startsWith('集义镇'));
    expect(jiyiGigs.length).toBeGreaterThanOrEqual(10);
    expect(gigs.length - jiyiGigs.length).toBeGreaterThanOrEqual(5);
  });

  it('uses only fake phone numbers', () => {
    for (const row of rows) expect(row['联系电话']).toMatch(FAKE_PHONE);
    for (const number of phoneLikeNumbers(readDemo('yichuan-local-jobs.csv'))) {
      expect(number).toMatch(FAKE_PHONE);
    }
  });

  it('uses forms of address as contacts', () => {
    for (const row of rows)
      expect(row['联系人']).toMatch(
        /^\p{Script=Han}(?:师傅|女士|经理|主任|主管|老板|园长)$/u,
      );
  });
});

describe('51job sample', () => {
  const [header, ...rows] = readCsv('jobs-51job-sample.csv');

  it('keeps the source header and 300 rows', () => {
    expect(header).toEqual(SAMPLE_HEADER);
    expect(rows).toHaveLength(300);
    for (const row of rows) expect(row).toHaveLength(SAMPLE_HEADER.length);
  });

  it('has no replacement characters or repeated rows', () => {
    const text = readDemo('jobs-51job-sample.csv');
    expect(text.includes('\uFFFD')).toBe(false);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const lines = text.split('\n').filter((line) => line !== '');
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('mixes pay forms and places', () => {
    const salaries = rows.map((row) => row[3]!);
    expect(salaries.some((pay) => /\d万/.test(pay))).toBe(true);
    expect(salaries.some((pay) => /\d千/.test(pay))).toBe(true);
    expect(salaries.some((pay) => pay.includes('元/天'))).toBe(true);
    expect(salaries.some((pay) => pay.includes('/年'))).toBe(true);
    expect(salaries.some((pay) => pay.includes('薪'))).toBe(true);
    const provinces = new Set(rows.map((row) => row[2]!.slice(0, 2)));
    expect(provinces.size).toBeGreaterThanOrEqual(20);
  });

  it('has no phone number outside the logo URLs', () => {
    for (const row of rows) {
      const text = row.filter((_, i) => i !== SAMPLE_HEADER.indexOf('logo')).join(',');
      expect(phoneLikeNumbers(text), row[0]).toEqual([]);
    }
  });
});

describe('demo policies', () => {
  const policies = JSON.parse(readDemo('policies.json')) as Record<string, unknown>[];

  it('has 10 to 14 entries with the exact fields', () => {
    expect(Array.isArray(policies)).toBe(true);
    expect(policies.length).toBeGreaterThanOrEqual(10);
    expect(policies.length).toBeLessThanOrEqual(14);
    for (const policy of policies)
      expect(Object.keys(policy).sort()).toEqual([...POLICY_FIELDS].sort());
  });

  it('fills every text field but sourceDocument', () => {
    for (const policy of policies) {
      for (const field of POLICY_FIELDS.filter((name) => name !== 'sortOrder')) {
        expect(typeof policy[field], `${String(policy['uid'])} ${field}`).toBe('string');
        if (field === 'sourceDocument') continue;
        expect(
          (policy[field] as string).trim(),
          `${String(policy['uid'])} ${field}`,
        ).not.toBe('');
      }
      expect(policy['sourceDocument']).toBe('');
    }
  });

  it('has unique uids and sort orders', () => {
    const uids = policies.map((policy) => policy['uid']);
    const orders = policies.map((policy) => policy['sortOrder']);
    expect(new Set(uids).size).toBe(policies.length);
    expect(new Set(orders).size).toBe(policies.length);
    for (const order of orders) expect(Number.isInteger(order)).toBe(true);
  });

  it('marks every entry as an example', () => {
    for (const policy of policies) expect(policy['summary']).toContain('示例');
  });

  it('states no amount as fact', () => {
    for (const policy of policies) {
      const text = POLICY_FIELDS.map((field) => String(policy[field])).join('\n');
      expect(text, String(policy['uid'])).not.toMatch(/\d\s*(?:元|万元|千元)/);
      expect(phoneLikeNumbers(text)).toEqual([]);
    }
  });
});

describe('demo towns', () => {
  it('lists the seven Yichuan towns', () => {
    const [header, ...rows] = readCsv('yichuan-towns.csv');
    expect(header).toEqual(['code', 'name', 'areaCode', 'provinceCode', 'cityCode']);
    expect(rows.map((row) => row[1])).toEqual([...YICHUAN_TOWNS]);
    for (const row of rows) expect(row[0]).toMatch(/^610630\d{3}$/);
  });
});

describe('demo sources', () => {
  it('names every demo file', () => {
    const sources = readDemo('SOURCES.md');
    for (const name of [
      'yichuan-local-jobs.csv',
      'policies.json',
      'jobs-51job-sample.csv',
      'yichuan-towns.csv',
    ]) {
      expect(sources).toContain(name);
    }
  });
});
