import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDemoDir, startApp } from '../../main/app.js';
import { jobQuerySchema } from '../../main/contract/catalogue.js';
import { daysBetween } from '../../main/importer/dates.js';
import { seedDemoData, shiftToToday } from '../../main/demo/seed.js';
import { openStore, type Db } from '../../main/store/db.js';
import { searchJobs, setJobStatus, upsertJobs } from '../../main/store/jobs.js';
import { listPolicies } from '../../main/store/policies.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ROOT = join(import.meta.dirname, '../..');
const DEMO_FIXTURES = join(import.meta.dirname, '../fixtures/importer/demo');
const TODAY = '2026-12-04';

interface SeededRow {
  title: string;
  source: string;
  is_demo: number;
  highlighted: number;
  posted_on: string | null;
  deadline: string | null;
}

/** Creates a real pino logger that keeps its JSON lines, so tests can read what was logged. */
function capturingLogger(): { log: pino.Logger; messages: () => string[] } {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return {
    log,
    messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
  };
}

describe('seedDemoData', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  beforeEach(() => {
    temp = makeTempDir('seed');
    db = openStore(join(temp.dir, 'kiosk.sqlite'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  function rows(): SeededRow[] {
    return db.prepare<[], SeededRow>('SELECT * FROM job_postings ORDER BY id').all();
  }

  it('seeds an empty store', () => {
    const { log } = capturingLogger();
    const summary = seedDemoData(db, log, { demoDir: DEMO_FIXTURES, today: TODAY });
    expect(summary).toEqual({ seeded: true, jobs: 12, policies: 2 });

    const seeded = rows();
    expect(seeded).toHaveLength(12);
    expect(seeded.every((row) => row.is_demo === 1)).toBe(true);
    expect(seeded.every((row) => row.source === 'demo')).toBe(true);
    expect(seeded.filter((row) => row.highlighted === 1).map((row) => row.title)).toEqual(
      ['苹果采摘工', '维修电工'],
    );

    const policies = listPolicies(db);
    expect(policies.map((policy) => policy.title)).toEqual([
      '零工市场服务（示例）',
      '职业技能培训补贴（示例）',
    ]);
    expect(policies.every((policy) => policy.isDemo)).toBe(true);
  });

  it('dates the newest posting of each ledger today', () => {
    seedDemoData(db, capturingLogger().log, { demoDir: DEMO_FIXTURES, today: TODAY });
    const byTitle = new Map(rows().map((row) => [row.title, row]));

    // The local ledger's newest posting (2026-11-20) moves 14 days to today.
    expect(byTitle.get('苹果采摘工')?.posted_on).toBe(TODAY);
    expect(byTitle.get('苹果采摘工')?.deadline).toBe('2027-01-03');
    expect(byTitle.get('维修电工')?.posted_on).toBe('2026-11-08');
    // The 51job sample's newest posting (2023-12-12) moves to today as well.
    expect(byTitle.get('中高级python开发工程师')?.posted_on).toBe(TODAY);
    expect(byTitle.get('Python软件工程师')?.posted_on).toBe('2026-10-23');

    const recent = searchJobs(db, jobQuerySchema.parse({ postedWithinDays: 7 }), TODAY);
    expect(recent.total).toBeGreaterThan(0);
  });

  it('keeps the spacing of shifted dates', () => {
    const base = { postedOn: null, deadline: null } as const;
    const jobs = [
      { ...base, postedOn: '2026-10-01', deadline: '2026-10-31' },
      { ...base, postedOn: '2026-10-20' },
      { ...base },
    ].map((dates, index) => ({ ...posting(`u${index}`), ...dates }));
    const shifted = shiftToToday(jobs, TODAY);
    expect(shifted.map((job) => job.postedOn)).toEqual(['2026-11-15', TODAY, null]);
    expect(shifted[0]?.deadline).toBe('2026-12-15');
    expect(daysBetween(shifted[0]!.postedOn!, shifted[1]!.postedOn!)).toBe(19);
  });

  it('leaves a store with postings alone', () => {
    upsertJobs(db, [posting('staff-1')]);
    setJobStatus(db, 'staff-1', 'withdrawn');
    const summary = seedDemoData(db, capturingLogger().log, {
      demoDir: DEMO_FIXTURES,
      today: TODAY,
    });
    expect(summary).toEqual({ seeded: false, jobs: 0, policies: 0 });
    expect(rows()).toHaveLength(1);
    expect(listPolicies(db)).toEqual([]);
  });

  it('skips a missing demo folder', () => {
    const { log, messages } = capturingLogger();
    const summary = seedDemoData(db, log, {
      demoDir: join(temp.dir, 'none'),
      today: TODAY,
    });
    expect(summary.seeded).toBe(false);
    expect(messages()).toContain('no demo data found');
    expect(rows()).toEqual([]);
  });

  it('seeds nothing from a broken demo file', () => {
    const demoDir = join(temp.dir, 'demo');
    cpSync(DEMO_FIXTURES, demoDir, { recursive: true });
    writeFileSync(join(demoDir, 'policies.json'), '[{"uid": "p1", "title": ""}]');
    const { log, messages } = capturingLogger();
    const summary = seedDemoData(db, log, { demoDir, today: TODAY });
    expect(summary.seeded).toBe(false);
    expect(messages()).toContain('demo data is unreadable, nothing imported');
    expect(rows()).toEqual([]);
    expect(listPolicies(db)).toEqual([]);
  });

  it('runs from startApp with a demo folder', () => {
    const dataDir = join(temp.dir, 'kiosk');
    const app = startApp({
      dataDir,
      demo: true,
      demoDir: DEMO_FIXTURES,
      today: () => TODAY,
    });
    try {
      const page = searchJobs(app.db, jobQuerySchema.parse({}), TODAY);
      expect(page.total).toBe(12);
      expect(page.items[0]?.postedOn).toBe(TODAY);
      expect(page.items.every((item) => item.isDemo)).toBe(true);
    } finally {
      app.close();
    }
  });
});

describe('defaultDemoDir', () => {
  it('finds data/demo above the source tree', () => {
    expect(defaultDemoDir(join(ROOT, 'main'))).toBe(join(ROOT, 'data', 'demo'));
  });

  it('finds data/demo above the Electron bundle', () => {
    const temp = makeTempDir('bundle');
    try {
      mkdirSync(join(temp.dir, 'dist', 'electron'), { recursive: true });
      writeFileSync(join(temp.dir, 'package.json'), '{}');
      expect(defaultDemoDir(join(temp.dir, 'dist', 'electron'))).toBe(
        join(temp.dir, 'data', 'demo'),
      );
    } finally {
      temp.remove();
    }
  });
});

function posting(uid: string): Parameters<typeof upsertJobs>[1][number] {
  return {
    uid,
    source: 'ledger',
    title: '保安',
    employer: '宜川县示例物业公司',
    kind: 'full_time',
    category: '社区服务',
    pay: { text: '3000元/月', min: 3000, max: 3000, unit: 'month', negotiable: false },
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
    postedOn: '2026-11-01',
    deadline: null,
    highlighted: false,
    isDemo: false,
  };
}
