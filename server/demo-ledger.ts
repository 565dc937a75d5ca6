// A small reader for the bundled demo ledger data/demo/yichuan-local-jobs.csv,
// whose header is fixed. Staff ledgers of any other shape go through the
// importer instead.
// TODO: switch to main/importer once it is committed, so that the demo and
// staff ledgers share one pay parser and one area classifier.
import { parse } from 'csv-parse/sync';
import {
  AREAS,
  JOB_CATEGORIES,
  YICHUAN_TOWNS,
  type Area,
  type JobCategory,
  type JobKind,
  type Pay,
  type PayUnit,
} from '../main/contract/catalogue.js';
import type { SyncJob } from '../main/contract/sync.js';

const KINDS: Record<string, JobKind> = { 全职: 'full_time', 零工: 'gig', 季节工: 'seasonal' };

const UNITS: [RegExp, PayUnit][] = [
  [/天|日/u, 'day'],
  [/小时|时/u, 'hour'],
  [/年/u, 'year'],
  [/月/u, 'month'],
];

const JIANGSU_CITIES = ['南京', '苏州', '无锡', '常州', '镇江', '扬州', '泰州', '南通', '盐城', '淮安', '宿迁', '徐州', '连云港'];

function amount(text: string): number {
  const value = Number.parseFloat(text);
  return text.includes('万') ? value * 10_000 : value;
}

/** Parses the pay forms of the demo ledger: 150元/天, 4000-6000元/月, 1-1.2万/月, 4000元以上, 计件, 面议. */
export function parseDemoPay(text: string): Pay {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '面议') {
    return { text: trimmed || '面议', min: null, max: null, unit: null, negotiable: true };
  }
  if (trimmed === '计件') return { text: trimmed, min: null, max: null, unit: 'piece', negotiable: false };

  const unit = UNITS.find(([pattern]) => pattern.test(trimmed))?.[1] ?? 'month';
  const range = /(\d+(?:\.\d+)?万?)\s*[-~至到—]\s*(\d+(?:\.\d+)?万?)/u.exec(trimmed);
  if (range?.[1] !== undefined && range[2] !== undefined) {
    const upper = range[2];
    // In 1-1.2万 the unit 万 belongs to both bounds.
    const lower = upper.endsWith('万') && !range[1].endsWith('万') && Number(range[1]) < 100 ? `${range[1]}万` : range[1];
    return { text: trimmed, min: amount(lower), max: amount(upper), unit, negotiable: false };
  }
  const single = /(\d+(?:\.\d+)?万?)/u.exec(trimmed)?.[1];
  if (single === undefined) return { text: trimmed, min: null, max: null, unit: null, negotiable: true };
  const value = amount(single);
  if (trimmed.includes('以上')) return { text: trimmed, min: value, max: null, unit, negotiable: false };
  if (trimmed.includes('以下')) return { text: trimmed, min: null, max: value, unit, negotiable: false };
  return { text: trimmed, min: value, max: value, unit, negotiable: false };
}

/** Finds the area of a place: a Yichuan town it names, 江苏, or 县外其他. */
export function areaOfPlace(place: string): Area {
  const town = YICHUAN_TOWNS.find((name) => place.includes(name));
  if (town) return town;
  if (place.includes('江苏') || JIANGSU_CITIES.some((city) => place.includes(city))) return '江苏';
  if (place.includes('宜川')) return '丹州街道';
  return AREAS[AREAS.length - 1] ?? '县外其他';
}

function dateOrNull(text: string | undefined): string | null {
  const value = (text ?? '').trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** Reads the demo ledger's rows as wire-form jobs; rows missing a title or employer are skipped. */
export function readDemoLedger(csvText: string): SyncJob[] {
  const rows = parse<Record<string, string>>(csvText, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  const jobs: SyncJob[] = [];
  for (const row of rows) {
    const title = row['岗位名称'] ?? '';
    const employer = row['用工单位'] ?? '';
    if (title === '' || employer === '') continue;
    const place = row['工作地点'] ?? '';
    const notes = row['备注'] ?? '';
    const area = areaOfPlace(place);
    const category = (JOB_CATEGORIES as readonly string[]).includes(row['岗位类别'] ?? '')
      ? (row['岗位类别'] as JobCategory)
      : '其他';
    const headcount = Number.parseInt(row['招聘人数'] ?? '', 10);
    jobs.push({
      title,
      employer,
      kind: KINDS[row['用工形式'] ?? ''] ?? 'full_time',
      category,
      pay: parseDemoPay(row['薪资'] ?? ''),
      area,
      location: place,
      suShaan: area === '江苏' || notes.includes('苏陕'),
      headcount: Number.isFinite(headcount) ? headcount : null,
      contactName: row['联系人'] ?? '',
      contactPhone: row['联系电话'] ?? '',
      education: row['学历'] ?? '',
      experience: row['经验'] ?? '',
      requirements: [row['岗位要求'] ?? '', notes].filter((part) => part !== '').join('\n'),
      benefits: row['福利'] ?? '',
      postedOn: dateOrNull(row['发布日期']),
      deadline: dateOrNull(row['截止日期']),
      highlighted: (row['推荐'] ?? '') === '是',
      stations: [],
    });
  }
  return jobs;
}
