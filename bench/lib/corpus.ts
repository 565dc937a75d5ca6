import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  JOB_CATEGORIES,
  YICHUAN_TOWNS,
  type Area,
  type JobCategory,
  type JobKind,
  type Pay,
  type PayUnit,
} from '../../main/contract/catalogue.js';
import { formatPay } from '../../main/contract/format.js';
import { parsePay } from '../../main/importer/index.js';
import type { JobInput } from '../../main/store/jobs.js';
import { between, pick, seededRandom } from './random.js';

const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

/** The day the generated postings are dated back from (the demo data's reference day). */
export const CORPUS_TODAY = '2026-12-04';

/** One real posting from the demo files, before variation. */
interface BasePosting {
  title: string;
  employer: string;
  kind: JobKind;
  category: JobCategory;
  pay: Pay;
  area: Area;
  /** Place text after the town name, such as 集义村果园, or the whole place outside the county. */
  placeTail: string;
  headcount: number | null;
  contactName: string;
  contactPhone: string;
  education: string;
  experience: string;
  requirements: string;
  benefits: string;
}

const KINDS: Record<string, JobKind> = {
  全职: 'full_time',
  零工: 'gig',
  季节工: 'seasonal',
};

function readRecords(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(DEMO_DIR + file, 'utf8'), {
    columns: true,
  });
}

function field(record: Record<string, string>, name: string): string {
  const value = record[name];
  if (value === undefined)
    throw new Error(`Missing column ${name} in a data/demo CSV file.`);
  return value;
}

/**
 * Parses pay text with the importer's parser, so that varied pay stays in
 * the forms the importer reads. Text it rejects becomes 面议.
 */
function readPay(text: string): Pay {
  const result = parsePay(text);
  if (result.ok) return result.pay;
  return { text, min: null, max: null, unit: null, negotiable: true };
}

function ledgerBase(record: Record<string, string>): BasePosting {
  const place = field(record, '工作地点');
  const town = YICHUAN_TOWNS.find((name) => place.startsWith(name));
  const category = field(record, '岗位类别') as JobCategory;
  if (!JOB_CATEGORIES.includes(category))
    throw new Error(`Unknown category ${category} in data/demo/yichuan-local-jobs.csv.`);
  return {
    title: field(record, '岗位名称'),
    employer: field(record, '用工单位'),
    kind: KINDS[field(record, '用工形式')] ?? 'full_time',
    category,
    pay: readPay(field(record, '薪资')),
    area: town ?? '江苏',
    placeTail: town ? place.slice(town.length) : place,
    headcount: Number(field(record, '招聘人数')) || null,
    contactName: field(record, '联系人'),
    contactPhone: field(record, '联系电话'),
    education: field(record, '学历'),
    experience: field(record, '经验'),
    requirements: field(record, '岗位要求'),
    benefits: field(record, '福利'),
  };
}

function sampleCategory(title: string): JobCategory {
  if (/老师|讲师|教师|助教/u.test(title)) return '教育培训';
  if (/销售|客服|顾问/u.test(title)) return '销售客服';
  return '信息技术';
}

function sampleBase(record: Record<string, string>): BasePosting {
  const title = field(record, 'jobName');
  return {
    title,
    employer: field(record, 'companyName'),
    kind: 'full_time',
    category: sampleCategory(title),
    pay: readPay(field(record, 'salary')),
    area: '县外其他',
    placeTail: field(record, 'area'),
    headcount: null,
    contactName: '',
    contactPhone: '',
    education: field(record, 'degree'),
    experience: field(record, 'workYear'),
    requirements: `${field(record, 'workYear')}，${field(record, 'degree')}`,
    benefits: field(record, 'tags'),
  };
}

/** Loads the demo ledger and the 51job sample as the postings to vary. */
export function loadBasePostings(): { ledger: BasePosting[]; sample: BasePosting[] } {
  return {
    ledger: readRecords('yichuan-local-jobs.csv').map(ledgerBase),
    sample: readRecords('jobs-51job-sample.csv').map(sampleBase),
  };
}

const TITLE_PREFIXES = ['', '', '', '急招', '长期招', '诚聘', '高薪招', '就近招'];
const GIG_SUFFIXES = [
  '',
  '',
  '（日结）',
  '（可短期）',
  '（按天结算）',
  '（管午饭）',
  '（周末）',
];
const JOB_SUFFIXES = [
  '',
  '',
  '（包吃住）',
  '（长白班）',
  '（缴社保）',
  '（可培训）',
  '（双休）',
  '（男女不限）',
];
const EMPLOYER_BRANCHES = [
  '',
  '',
  '第二分部',
  '县城服务点',
  '北塬分部',
  '川道分部',
  '二厂',
  '东区项目部',
  '西区项目部',
  '南塬服务点',
];
/** Relative weights of the towns: most postings are in the county seat. */
const TOWN_WEIGHTS: readonly [Area, number][] = [
  ['丹州街道', 35],
  ['秋林镇', 15],
  ['云岩镇', 12],
  ['集义镇', 15],
  ['壶口镇', 10],
  ['英旺乡', 6],
  ['交里乡', 7],
];

function weightedTown(random: () => number): Area {
  const total = TOWN_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [town, weight] of TOWN_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return town;
  }
  return TOWN_WEIGHTS[0]![0];
}

const PAY_STEPS: Record<PayUnit, number> = {
  month: 100,
  day: 10,
  hour: 1,
  piece: 1,
  year: 1000,
};

function variedPay(random: () => number, pay: Pay): Pay {
  if (pay.unit === null || pay.unit === 'piece') return pay;
  const factor = 0.85 + random() * 0.35;
  const step = PAY_STEPS[pay.unit];
  const scale = (value: number | null): number | null =>
    value === null ? null : Math.max(step, Math.round((value * factor) / step) * step);
  const varied: Pay = { ...pay, min: scale(pay.min), max: scale(pay.max) };
  return { ...varied, text: formatPay(varied) };
}

function dayBefore(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

function vary(random: () => number, base: BasePosting, index: number): JobInput {
  const outsideCounty = base.area === '江苏' || base.area === '县外其他';
  const area = outsideCounty ? base.area : weightedTown(random);
  const location = outsideCounty ? base.placeTail : `${area}${base.placeTail}`;
  const suffixes = base.kind === 'full_time' ? JOB_SUFFIXES : GIG_SUFFIXES;
  const age = between(random, 0, 120);
  const postedOn = dayBefore(CORPUS_TODAY, age);
  return {
    uid: `bench-${index}`,
    source: 'bench',
    title: `${pick(random, TITLE_PREFIXES)}${base.title}${pick(random, suffixes)}`,
    employer: `${base.employer}${pick(random, EMPLOYER_BRANCHES)}`,
    kind: base.kind,
    category: base.category,
    pay: variedPay(random, base.pay),
    area,
    location,
    suShaan: area === '江苏',
    headcount:
      base.headcount === null
        ? null
        : Math.max(1, base.headcount + between(random, -2, 5)),
    contactName: base.contactName,
    contactPhone: base.contactPhone,
    education: base.education,
    experience: base.experience,
    requirements: base.requirements,
    benefits: base.benefits,
    postedOn,
    deadline: random() < 0.35 ? null : dayBefore(CORPUS_TODAY, age - 30),
    highlighted: random() < 0.01,
    isDemo: false,
  };
}

/** Share of generated postings that vary a demo-ledger row rather than a 51job row. */
const LEDGER_SHARE = 0.7;

/** Number of draws after which a repeated title, employer and place get a numbered site. */
const MAX_DRAWS = 20;

function postingKey(posting: JobInput): string {
  return `${posting.title}\u0000${posting.employer}\u0000${posting.location}`;
}

/**
 * Generates `count` postings by varying the demo ledger and the 51job sample
 * (title, employer, town, pay, dates) with a seeded PRNG. The same seed and
 * count give the same postings on every run. Title, employer and place
 * together are unique, as the importer keys ledger rows by them.
 */
export function generatePostings(count: number, seed = 20261204): JobInput[] {
  const { ledger, sample } = loadBasePostings();
  const random = seededRandom(seed);
  const postings: JobInput[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    let posting: JobInput | undefined;
    for (let draw = 0; draw < MAX_DRAWS && posting === undefined; draw++) {
      const base = random() < LEDGER_SHARE ? pick(random, ledger) : pick(random, sample);
      const candidate = vary(random, base, i);
      if (!seen.has(postingKey(candidate))) posting = candidate;
    }
    if (posting === undefined) {
      const base = pick(random, ledger);
      const candidate = vary(random, base, i);
      posting = { ...candidate, location: `${candidate.location}（${i}号点）` };
    }
    seen.add(postingKey(posting));
    postings.push(posting);
  }
  return postings;
}
