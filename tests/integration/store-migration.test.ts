import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobQuerySchema } from '../../main/contract/catalogue.js';
import { latestVersion, openStore, type Db } from '../../main/store/db.js';
import { searchJobs, setJobStatus, upsertJobs } from '../../main/store/jobs.js';
import { migration0010 } from '../../main/store/migrations/0010-catalogue.js';
import { migration0020 } from '../../main/store/migrations/0020-sync.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TODAY = '2026-12-04';

interface OldPosting {
  uid: string;
  title: string;
  employer: string;
  requirements: string;
  status: 'published' | 'filled';
}

const OLD_POSTINGS: OldPosting[] = [
  {
    uid: 'a',
    title: '维修电工',
    employer: '宜川县供电公司',
    requirements: '持电工证',
    status: 'published',
  },
  {
    uid: 'b',
    title: '货车司机',
    employer: '秋林镇物流站',
    requirements: '需C1驾照',
    status: 'published',
  },
  {
    uid: 'c',
    title: '焊工',
    employer: '集义镇机修厂',
    requirements: '有焊工证',
    status: 'filled',
  },
];

/**
 * Writes postings the way version 20 stored them: the posting row, and for a
 * published posting one row of the single FTS5 table with both token columns.
 */
function writeVersion20Store(file: string): void {
  const db = openStore(file, [migration0010, migration0020]);
  try {
    const insertEmployer = db.prepare<[string]>(
      'INSERT INTO employers (name) VALUES (?)',
    );
    const insertJob = db.prepare(
      `INSERT INTO job_postings (uid, source, title, employer_id, kind, category, area,
         requirements, posted_on, status, content_hash)
       VALUES (?, 'ledger', ?, ?, 'full_time', '其他', '丹州街道', ?, '2026-12-01', ?, 'old')`,
    );
    const insertTokens = db.prepare(
      'INSERT INTO job_postings_fts (rowid, uni, bi) VALUES (?, ?, ?)',
    );
    for (const posting of OLD_POSTINGS) {
      const employerId = Number(insertEmployer.run(posting.employer).lastInsertRowid);
      const id = Number(
        insertJob.run(
          posting.uid,
          posting.title,
          employerId,
          posting.requirements,
          posting.status,
        ).lastInsertRowid,
      );
      if (posting.status === 'published') insertTokens.run(id, 'x', 'x');
    }
  } finally {
    db.close();
  }
}

function titles(db: Db, text: string): string[] {
  return searchJobs(db, jobQuerySchema.parse({ text }), TODAY)
    .items.map((item) => item.title)
    .sort();
}

function count(db: Db, table: string): number {
  return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
}

describe('search index migration', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  beforeEach(() => {
    temp = makeTempDir('store-migration');
    const file = join(temp.dir, 'kiosk.sqlite');
    writeVersion20Store(file);
    db = openStore(file);
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('brings a version 20 store up to date', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
  });

  it('indexes only the published postings', () => {
    expect(count(db, 'job_postings_fts')).toBe(2);
    expect(count(db, 'job_postings_chars')).toBe(2);
    expect(titles(db, '焊')).toEqual([]);
    expect(titles(db, '焊工')).toEqual([]);
  });

  it('finds migrated postings by every query form', () => {
    expect(titles(db, '电')).toEqual(['维修电工']);
    expect(titles(db, '司机')).toEqual(['货车司机']);
    expect(titles(db, '维修电工')).toEqual(['维修电工']);
    expect(titles(db, 'C1驾照')).toEqual(['货车司机']);
    expect(titles(db, '供电')).toEqual(['维修电工']);
    expect(titles(db, '工 电')).toEqual(['维修电工']);
  });

  it('keeps the index in step after migrating', () => {
    setJobStatus(db, 'a', 'filled');
    expect(titles(db, '电')).toEqual([]);
    setJobStatus(db, 'c', 'published');
    expect(titles(db, '焊工')).toEqual(['焊工']);
    expect(count(db, 'job_postings_fts')).toBe(2);
    expect(count(db, 'job_postings_chars')).toBe(2);
  });

  it('accepts upserts on a migrated store', () => {
    const counts = upsertJobs(db, [
      {
        uid: 'd',
        source: 'test',
        title: '养老护理员',
        employer: '宜川县养老院',
        kind: 'full_time',
        category: '其他',
        pay: { text: '面议', min: null, max: null, unit: null, negotiable: true },
        area: '丹州街道',
        location: '',
        suShaan: false,
        headcount: null,
        contactName: '',
        contactPhone: '',
        education: '',
        experience: '',
        requirements: '',
        benefits: '',
        postedOn: '2026-12-02',
        deadline: null,
        highlighted: false,
        isDemo: false,
      },
    ]);
    expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(titles(db, '护理')).toEqual(['养老护理员']);
  });
});
