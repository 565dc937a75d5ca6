import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobQuerySchema, type JobQueryInput } from '../../main/contract/catalogue.js';
import { latestVersion, openStore, type Db } from '../../main/store/db.js';
import { DbVersionFromFutureError } from '../../main/store/errors.js';
import {
  expireJobs,
  expireJobsDaily,
  searchJobs,
  setJobStatus,
  upsertJobs,
  type JobInput,
} from '../../main/store/jobs.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function job(overrides: Partial<JobInput>): JobInput {
  return {
    uid: 'job-1',
    source: 'test',
    title: '岗位',
    employer: '宜川县测试单位',
    kind: 'full_time',
    category: '其他',
    pay: {
      text: '4000-6000元/月',
      min: 4000,
      max: 6000,
      unit: 'month',
      negotiable: false,
    },
    area: '丹州街道',
    location: '',
    suShaan: false,
    headcount: 1,
    contactName: '',
    contactPhone: '',
    education: '',
    experience: '',
    requirements: '',
    benefits: '',
    postedOn: '2026-12-01',
    deadline: null,
    highlighted: false,
    isDemo: false,
    ...overrides,
  };
}

const TODAY = '2026-12-04';

function titles(db: Db, query: JobQueryInput): string[] {
  return searchJobs(db, jobQuerySchema.parse(query), TODAY).items.map(
    (item) => item.title,
  );
}

describe('store', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  beforeEach(() => {
    temp = makeTempDir('store');
    db = openStore(join(temp.dir, 'kiosk.sqlite'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('opens in WAL mode at the latest version', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
  });

  it('rejects a database from a newer release', () => {
    const file = join(temp.dir, 'future.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${latestVersion() + 10}`);
    future.close();
    expect(() => openStore(file)).toThrow(DbVersionFromFutureError);
  });

  it('finds one-, two- and four-character queries as substrings', () => {
    upsertJobs(db, [
      job({ uid: 'a', title: '维修电工', requirements: '持电工证' }),
      job({ uid: 'b', title: '养老院护工', requirements: '照顾老人' }),
      job({ uid: 'c', title: '小区保安' }),
      job({ uid: 'd', title: '电子厂普工' }),
    ]);
    expect(titles(db, { text: '电工' })).toEqual(['维修电工']);
    expect(titles(db, { text: '护工' })).toEqual(['养老院护工']);
    expect(titles(db, { text: '电' }).sort()).toEqual(['电子厂普工', '维修电工']);
    expect(titles(db, { text: '养老院护' })).toEqual(['养老院护工']);
    expect(titles(db, { text: '工电' })).toEqual([]);
  });

  it('matches mixed Latin, digit and Han queries', () => {
    upsertJobs(db, [
      job({ uid: 'a', title: '货车司机', requirements: '需C1驾照' }),
      job({ uid: 'b', title: '3D打印操作员' }),
      job({ uid: 'c', title: '仓库管理员' }),
    ]);
    expect(titles(db, { text: 'C1驾照' })).toEqual(['货车司机']);
    expect(titles(db, { text: 'c1' })).toEqual(['货车司机']);
    expect(titles(db, { text: '3D打印' })).toEqual(['3D打印操作员']);
  });

  it('combines the kind and area filters', () => {
    upsertJobs(db, [
      job({ uid: 'a', title: '集义镇零工', kind: 'gig', area: '集义镇' }),
      job({ uid: 'b', title: '集义镇全职', kind: 'full_time', area: '集义镇' }),
      job({ uid: 'c', title: '秋林镇零工', kind: 'gig', area: '秋林镇' }),
    ]);
    expect(titles(db, { kinds: ['gig'], areas: ['集义镇'] })).toEqual(['集义镇零工']);
  });

  it('filters by monthly pay and posting age', () => {
    upsertJobs(db, [
      job({
        uid: 'a',
        title: '日结',
        pay: { text: '150元/天', min: 150, max: 150, unit: 'day', negotiable: false },
      }),
      job({
        uid: 'b',
        title: '低薪',
        pay: {
          text: '2000元/月',
          min: 2000,
          max: 2000,
          unit: 'month',
          negotiable: false,
        },
      }),
      job({ uid: 'c', title: '旧岗位', postedOn: '2026-10-01' }),
    ]);
    expect(titles(db, { minMonthlyPay: 3000 }).sort()).toEqual(['日结', '旧岗位'].sort());
    expect(titles(db, { postedWithinDays: 7 }).sort()).toEqual(['日结', '低薪'].sort());
  });

  it('counts an unchanged second upsert as unchanged', () => {
    const rows = [job({ uid: 'a', title: '电工' }), job({ uid: 'b', title: '焊工' })];
    expect(upsertJobs(db, rows)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(upsertJobs(db, rows)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(upsertJobs(db, [job({ uid: 'a', title: '高级电工' })])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(titles(db, { text: '电工' })).toEqual(['高级电工']);
  });

  it('keeps a filled posting out of search counts', () => {
    upsertJobs(db, [
      job({ uid: 'a', title: '维修电工' }),
      job({ uid: 'b', title: '电工学徒' }),
    ]);
    setJobStatus(db, 'a', 'filled');
    const page = searchJobs(db, jobQuerySchema.parse({ text: '电工' }), TODAY);
    expect(page.total).toBe(1);
    expect(page.items.map((item) => item.title)).toEqual(['电工学徒']);
  });

  it('keeps a filled posting out of search after an edit', () => {
    upsertJobs(db, [job({ uid: 'a', title: '维修电工' })]);
    setJobStatus(db, 'a', 'filled');
    upsertJobs(db, [job({ uid: 'a', title: '高级维修电工' })]);
    expect(searchJobs(db, jobQuerySchema.parse({ text: '电工' }), TODAY).total).toBe(0);
  });

  it('finds a posting again once it is published again', () => {
    upsertJobs(db, [job({ uid: 'a', title: '维修电工' })]);
    setJobStatus(db, 'a', 'withdrawn');
    setJobStatus(db, 'a', 'published');
    expect(titles(db, { text: '电工' })).toEqual(['维修电工']);
    expect(searchJobs(db, jobQuerySchema.parse({ text: '电工' }), TODAY).total).toBe(1);
  });

  it('pages a common term newest first', () => {
    // Over 500 matches take the index-walk path of searchJobs.
    const rows = Array.from({ length: 700 }, (_, i) =>
      job({
        uid: `c${i}`,
        title: i % 2 === 0 ? `电工${i}` : `焊工${i}`,
        kind: i % 3 === 0 ? 'gig' : 'full_time',
        postedOn: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      }),
    );
    upsertJobs(db, rows);
    const newestFirst = (keep: (row: JobInput) => boolean): string[] =>
      rows
        .map((row, index) => ({ row, id: index + 1 }))
        .filter(({ row }) => keep(row))
        .sort((a, b) => b.row.postedOn!.localeCompare(a.row.postedOn!) || b.id - a.id)
        .map(({ row }) => row.title);

    const common = searchJobs(
      db,
      jobQuerySchema.parse({ text: '工', offset: 40, limit: 20 }),
      TODAY,
    );
    expect(common.total).toBe(700);
    expect(common.items.map((item) => item.title)).toEqual(
      newestFirst(() => true).slice(40, 60),
    );

    const filtered = searchJobs(
      db,
      jobQuerySchema.parse({ text: '电工', kinds: ['gig'], limit: 100 }),
      TODAY,
    );
    const expected = newestFirst(
      (row) => row.title.startsWith('电工') && row.kind === 'gig',
    );
    expect(filtered.total).toBe(expected.length);
    expect(filtered.items.map((item) => item.title)).toEqual(expected.slice(0, 100));
  });

  it('expires postings past their deadline', () => {
    upsertJobs(db, [
      job({ uid: 'a', title: '过期电工', deadline: '2026-12-03' }),
      job({ uid: 'b', title: '当天电工', deadline: TODAY }),
      job({ uid: 'c', title: '长期电工', deadline: null }),
    ]);
    expect(expireJobs(db, TODAY)).toBe(1);
    expect(titles(db, { text: '电工' }).sort()).toEqual(['当天电工', '长期电工'].sort());
    expect(searchJobs(db, jobQuerySchema.parse({ text: '电工' }), TODAY).total).toBe(2);
    expect(expireJobs(db, TODAY)).toBe(0);
  });

  it('publishes an expired posting whose deadline moved', () => {
    upsertJobs(db, [job({ uid: 'a', title: '维修电工', deadline: '2026-12-01' })]);
    expireJobsDaily(db, TODAY);
    expect(titles(db, { text: '电工' })).toEqual([]);
    upsertJobs(db, [job({ uid: 'a', title: '维修电工', deadline: '2026-12-31' })]);
    expireJobsDaily(db, TODAY);
    expect(titles(db, { text: '电工' })).toEqual(['维修电工']);
  });

  it('expires a republished posting still past its deadline', () => {
    upsertJobs(db, [job({ uid: 'a', title: '维修电工', deadline: '2026-12-01' })]);
    expireJobsDaily(db, TODAY);
    upsertJobs(db, [job({ uid: 'a', title: '高级维修电工', deadline: '2026-12-02' })]);
    expireJobsDaily(db, TODAY);
    expect(titles(db, { text: '电工' })).toEqual([]);
  });
});
