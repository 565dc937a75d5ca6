import { hash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type {
  Area,
  JobCategory,
  JobDetail,
  JobKind,
  JobPage,
  JobQuery,
  JobSummary,
  Pay,
} from '../contract/catalogue.js';
import { perConnection, type Db } from './db.js';
import {
  buildMatchQuery,
  indexTokens,
  type IndexTokens,
  type MatchQuery,
} from './search-text.js';

/** One job posting as the importer or the sync client hands it to the store. */
export interface JobInput {
  uid: string;
  source: string;
  title: string;
  employer: string;
  kind: JobKind;
  category: JobCategory;
  pay: Pay;
  area: Area;
  location: string;
  suShaan: boolean;
  headcount: number | null;
  contactName: string;
  contactPhone: string;
  education: string;
  experience: string;
  requirements: string;
  benefits: string;
  postedOn: string | null;
  deadline: string | null;
  highlighted: boolean;
  isDemo: boolean;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The text fields of a posting that search looks in. */
interface SearchableFields {
  title: string;
  employer: string;
  location: string;
  requirements: string;
  benefits: string;
}

/** Builds the search index entry of a posting from its searchable fields. */
function searchTokens(fields: SearchableFields): IndexTokens {
  return indexTokens(
    fields.title,
    fields.employer,
    fields.location,
    fields.requirements,
    fields.benefits,
  );
}

/** Prepared statements that keep a posting's two search index rows in step. */
interface SearchIndexWriter {
  insert: (id: number, tokens: IndexTokens) => void;
  remove: (id: number) => void;
}

const searchIndexWriter = perConnection((db): SearchIndexWriter => {
  const insertPairs = db.prepare<[number, string]>(
    'INSERT INTO job_postings_fts (rowid, bi) VALUES (?, ?)',
  );
  const insertChars = db.prepare<[number, string]>(
    'INSERT INTO job_postings_chars (rowid, uni) VALUES (?, ?)',
  );
  const deletePairs = db.prepare<[number]>(
    'DELETE FROM job_postings_fts WHERE rowid = ?',
  );
  const deleteChars = db.prepare<[number]>(
    'DELETE FROM job_postings_chars WHERE rowid = ?',
  );
  return {
    insert: (id, tokens) => {
      insertPairs.run(id, tokens.bi);
      insertChars.run(id, tokens.uni);
    },
    remove: (id) => {
      deletePairs.run(id);
      deleteChars.run(id);
    },
  };
});

/** The day each store last ran its expiry sweep (see expireJobsDaily). */
const lastExpirySweep = new WeakMap<Db, string>();

/** Average working days in a month and hours in a day, for comparing pay units. */
const WORKDAYS_PER_MONTH = 22;
const HOURS_PER_DAY = 8;

/** Converts the lower pay bound to yuan per month, or null when units cannot compare. */
export function monthlyEquivalent(pay: Pay): number | null {
  const amount = pay.min ?? pay.max;
  if (amount === null || pay.unit === null) return null;
  switch (pay.unit) {
    case 'month':
      return amount;
    case 'day':
      return amount * WORKDAYS_PER_MONTH;
    case 'hour':
      return amount * HOURS_PER_DAY * WORKDAYS_PER_MONTH;
    case 'year':
      return amount / 12;
    case 'piece':
      return null;
  }
}

/**
 * SHA-256 of the posting's JSON, the same value as in stores written before
 * crypto.hash was used, so a re-import after an upgrade still counts
 * unchanged rows as unchanged.
 */
function contentHash(input: JobInput): string {
  return hash('sha256', JSON.stringify(input), 'hex');
}

/** Columns of job_postings that upsertJobs writes, in the order of postingValues. */
const POSTING_COLUMNS = [
  'source',
  'title',
  'employer_id',
  'kind',
  'category',
  'pay_text',
  'pay_min',
  'pay_max',
  'pay_unit',
  'pay_negotiable',
  'pay_monthly_min',
  'area',
  'location',
  'su_shaan',
  'headcount',
  'contact_name',
  'contact_phone',
  'education',
  'experience',
  'requirements',
  'benefits',
  'posted_on',
  'deadline',
  'highlighted',
  'is_demo',
  'content_hash',
] as const;

type PostingValue = string | number | null;

/** Lists a posting's values in POSTING_COLUMNS order, because positional binding costs less per row than named. */
function postingValues(
  input: JobInput,
  employerId: number,
  contentHashValue: string,
): PostingValue[] {
  return [
    input.source,
    input.title,
    employerId,
    input.kind,
    input.category,
    input.pay.text,
    input.pay.min,
    input.pay.max,
    input.pay.unit,
    input.pay.negotiable ? 1 : 0,
    monthlyEquivalent(input.pay),
    input.area,
    input.location,
    input.suShaan ? 1 : 0,
    input.headcount,
    input.contactName,
    input.contactPhone,
    input.education,
    input.experience,
    input.requirements,
    input.benefits,
    input.postedOn,
    input.deadline,
    input.highlighted ? 1 : 0,
    input.isDemo ? 1 : 0,
    contentHashValue,
  ];
}

interface UpsertStatements {
  findEmployer: Statement<[string], { id: number }>;
  insertEmployer: Statement<[string]>;
  findJob: Statement<[string], { id: number; content_hash: string; status: string }>;
  insertJob: Statement<PostingValue[]>;
  updateJob: Statement<PostingValue[]>;
  reopenExpired: Statement<[number]>;
}

/** Prepares upsertJobs' statements once per store, because sync calls it for every page. */
const prepareUpsert = perConnection((db): UpsertStatements => {
  const placeholders = POSTING_COLUMNS.map(() => '?').join(', ');
  const assignments = POSTING_COLUMNS.map((column) => `${column} = ?`).join(', ');
  return {
    findEmployer: db.prepare('SELECT id FROM employers WHERE name = ?'),
    insertEmployer: db.prepare('INSERT INTO employers (name) VALUES (?)'),
    findJob: db.prepare(
      'SELECT id, content_hash, status FROM job_postings WHERE uid = ?',
    ),
    insertJob: db.prepare<PostingValue[]>(
      `INSERT INTO job_postings (${POSTING_COLUMNS.join(', ')}, uid, created_at, updated_at)
       VALUES (${placeholders}, ?, ?, ?)`,
    ),
    updateJob: db.prepare<PostingValue[]>(
      `UPDATE job_postings SET ${assignments}, updated_at = ? WHERE id = ?`,
    ),
    reopenExpired: db.prepare(
      "UPDATE job_postings SET status = 'published' WHERE id = ? AND status = 'expired'",
    ),
  };
});

/** Inserts or updates postings by uid in one transaction, keeping the search index in step. */
export function upsertJobs(db: Db, inputs: readonly JobInput[]): UpsertCounts {
  const statements = prepareUpsert(db);
  const searchIndex = searchIndexWriter(db);
  // One time for the whole call, in the format of the columns' strftime
  // defaults. Evaluating those defaults per row cost 1 µs each.
  const now = new Date().toISOString();

  const employerIds = new Map<string, number>();
  const employerId = (name: string): number => {
    const cached = employerIds.get(name);
    if (cached !== undefined) return cached;
    const id =
      statements.findEmployer.get(name)?.id ??
      Number(statements.insertEmployer.run(name).lastInsertRowid);
    employerIds.set(name, id);
    return id;
  };

  const run = db.transaction((rows: readonly JobInput[]) => {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const input of rows) {
      const hashValue = contentHash(input);
      const existing = statements.findJob.get(input.uid);
      if (existing?.content_hash === hashValue) {
        counts.unchanged++;
        continue;
      }
      const values = postingValues(input, employerId(input.employer), hashValue);
      let id: number;
      if (existing) {
        id = existing.id;
        statements.updateJob.run(...values, now, id);
        searchIndex.remove(id);
        counts.updated++;
        if (existing.status === 'expired') {
          // An update may extend the deadline: publish again, and let the
          // next query's expiry sweep decide.
          statements.reopenExpired.run(id);
          lastExpirySweep.delete(db);
        } else if (existing.status !== 'published') {
          // Only published postings are in the search index (see searchJobs).
          continue;
        }
      } else {
        id = Number(
          statements.insertJob.run(...values, input.uid, now, now).lastInsertRowid,
        );
        counts.inserted++;
      }
      searchIndex.insert(id, searchTokens(input));
    }
    return counts;
  });
  const counts = run(inputs);
  if (counts.inserted + counts.updated >= ANALYZE_AFTER_ROWS)
    refreshPlannerStatistics(db);
  return counts;
}

/** Bulk changes after which the planner's table statistics are refreshed. */
const ANALYZE_AFTER_ROWS = 1000;

/**
 * Refreshes the statistics that let SQLite pick the kind/area index for
 * filter-only queries instead of the newest-first walk. A sampled ANALYZE
 * (analysis_limit) gives misleading estimates here, so it reads every row.
 */
export function refreshPlannerStatistics(db: Db): void {
  db.exec('ANALYZE job_postings');
}

/** Marks postings as no longer shown (filled, withdrawn or expired) and drops them from search. */
export function setJobStatus(
  db: Db,
  uid: string,
  status: 'published' | 'filled' | 'withdrawn' | 'expired',
): boolean {
  const run = db.transaction(() => {
    const row = db
      .prepare<[string], { id: number } & SearchableFields>(
        `SELECT j.id, j.title, e.name AS employer, j.location, j.requirements, j.benefits
         FROM job_postings j JOIN employers e ON e.id = j.employer_id WHERE j.uid = ?`,
      )
      .get(uid);
    if (row === undefined) return false;
    db.prepare(
      "UPDATE job_postings SET status = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ).run(status, row.id);
    const searchIndex = searchIndexWriter(db);
    searchIndex.remove(row.id);
    if (status === 'published') searchIndex.insert(row.id, searchTokens(row));
    return true;
  });
  return run();
}

/** Deletes a posting and its search tokens. Returns false when the uid is unknown. */
export function deleteJob(db: Db, uid: string): boolean {
  const run = db.transaction(() => {
    const row = db
      .prepare<[string], { id: number }>('SELECT id FROM job_postings WHERE uid = ?')
      .get(uid);
    if (row === undefined) return false;
    searchIndexWriter(db).remove(row.id);
    db.prepare('DELETE FROM job_postings WHERE id = ?').run(row.id);
    return true;
  });
  return run();
}

interface JobRow {
  id: number;
  title: string;
  employer: string;
  kind: JobKind;
  category: JobCategory;
  area: Area;
  location: string;
  pay_text: string;
  pay_min: number | null;
  pay_max: number | null;
  pay_unit: Pay['unit'];
  pay_negotiable: number;
  headcount: number | null;
  posted_on: string | null;
  su_shaan: number;
  is_demo: number;
}

interface JobDetailRow extends JobRow {
  contact_name: string;
  contact_phone: string;
  education: string;
  experience: string;
  requirements: string;
  benefits: string;
  deadline: string | null;
}

const SUMMARY_COLUMNS = `
  j.id, j.title, e.name AS employer, j.kind, j.category, j.area, j.location,
  j.pay_text, j.pay_min, j.pay_max, j.pay_unit, j.pay_negotiable, j.headcount,
  j.posted_on, j.su_shaan, j.is_demo`;

function toSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    title: row.title,
    employer: row.employer,
    kind: row.kind,
    category: row.category,
    area: row.area,
    location: row.location,
    pay: {
      text: row.pay_text,
      min: row.pay_min,
      max: row.pay_max,
      unit: row.pay_unit,
      negotiable: row.pay_negotiable === 1,
    },
    headcount: row.headcount,
    postedOn: row.posted_on,
    suShaan: row.su_shaan === 1,
    isDemo: row.is_demo === 1,
  };
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/**
 * Marks published postings whose deadline (YYYY-MM-DD) is before `today` as
 * expired, which also drops them from search. Returns how many expired.
 */
export function expireJobs(db: Db, today: string): number {
  const due = db
    .prepare<[string], { uid: string }>(
      "SELECT uid FROM job_postings WHERE status = 'published' AND deadline IS NOT NULL AND deadline < ?",
    )
    .all(today);
  const run = db.transaction(() => {
    for (const { uid } of due) setJobStatus(db, uid, 'expired');
  });
  run();
  return due.length;
}

/** Runs expireJobs at most once per day and store, before a query reads postings. */
export function expireJobsDaily(db: Db, today: string): void {
  if (lastExpirySweep.get(db) === today) return;
  expireJobs(db, today);
  lastExpirySweep.set(db, today);
}

/** One FTS5 table of the search index and the MATCH expression to run on it. */
interface TextMatch {
  table: 'job_postings_fts' | 'job_postings_chars';
  expression: string;
}

function textMatchTables(match: MatchQuery | null): TextMatch[] {
  const matches: TextMatch[] = [];
  if (match?.uni != null)
    matches.push({ table: 'job_postings_chars', expression: match.uni });
  if (match?.bi != null)
    matches.push({ table: 'job_postings_fts', expression: match.bi });
  return matches;
}

/** Below this many text matches, the page query starts from the matches. */
const RARE_MATCH_LIMIT = 500;

/**
 * Lists published postings that match the text and every filter, newest
 * first. `today` (YYYY-MM-DD) anchors "posted in the last N days", so tests
 * and kiosks with a wrong clock get the same result for the same input.
 */
export function searchJobs(db: Db, query: JobQuery, today: string): JobPage {
  const where: string[] = ["j.status = 'published'"];
  const args: unknown[] = [];

  const match = buildMatchQuery(query.text);
  if (query.text.trim() !== '' && match === null) return { total: 0, items: [] };
  const textMatches = textMatchTables(match);
  for (const { table, expression } of textMatches) {
    where.push(`j.id IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)`);
    args.push(expression);
  }
  const hasText = textMatches.length > 0;
  if (query.kinds.length > 0) {
    where.push(`j.kind IN (${placeholders(query.kinds)})`);
    args.push(...query.kinds);
  }
  if (query.areas.length > 0) {
    where.push(`j.area IN (${placeholders(query.areas)})`);
    args.push(...query.areas);
  }
  if (query.categories.length > 0) {
    where.push(`j.category IN (${placeholders(query.categories)})`);
    args.push(...query.categories);
  }
  if (query.minMonthlyPay !== null) {
    where.push('j.pay_monthly_min >= ?');
    args.push(query.minMonthlyPay);
  }
  if (query.postedWithinDays !== null) {
    where.push("j.posted_on >= date(?, '-' || ? || ' days')");
    args.push(today, query.postedWithinDays);
  }

  const condition = where.join(' AND ');
  const count = (sql: string): number =>
    db.prepare<unknown[], { n: number }>(sql).get(...args)!.n;
  const page = (sql: string): JobRow[] =>
    db.prepare<unknown[], JobRow>(sql).all(...args, query.limit, query.offset);

  // With a text condition, `+j.status` keeps SQLite from walking the status
  // index over every published posting and testing each against the FTS
  // result: the count then starts from the (usually short) match list.
  const driven = hasText
    ? condition.replace("j.status = 'published'", "+j.status = 'published'")
    : condition;
  // The index contains published postings only, so a text-only query that
  // needs one index table is counted in that table alone.
  const onlyTable =
    textMatches.length === 1 && where.length === 2 ? textMatches[0] : null;
  const total = onlyTable
    ? count(
        `SELECT count(*) AS n FROM ${onlyTable.table} WHERE ${onlyTable.table} MATCH ?`,
      )
    : count(`SELECT count(*) AS n FROM job_postings j WHERE ${driven}`);

  // For a common term, walking the newest-first index and testing each
  // posting against the matches stops after one page. For a rare term that
  // walk would cover most of the table, so the page starts from the matches.
  const common = hasText && total >= RARE_MATCH_LIMIT;
  const pageCondition = hasText && !common ? driven : condition;
  // INDEXED BY, because with planner statistics SQLite would rather sort
  // every match of a common term.
  const from = common
    ? 'job_postings j INDEXED BY job_postings_listing'
    : 'job_postings j';
  const rows = page(
    `SELECT ${SUMMARY_COLUMNS} FROM ${from} JOIN employers e ON e.id = j.employer_id
     WHERE ${pageCondition}
     ORDER BY j.posted_on DESC, j.id DESC LIMIT ? OFFSET ?`,
  );
  return { total, items: rows.map(toSummary) };
}

/** Returns one published posting, or null when it is unknown or no longer shown. */
export function getJob(db: Db, id: number): Omit<JobDetail, 'shareText'> | null {
  const row = db
    .prepare<[number], JobDetailRow>(
      `SELECT ${SUMMARY_COLUMNS}, j.contact_name, j.contact_phone, j.education, j.experience,
              j.requirements, j.benefits, j.deadline
       FROM job_postings j JOIN employers e ON e.id = j.employer_id
       WHERE j.id = ? AND j.status = 'published'`,
    )
    .get(id);
  if (!row) return null;
  return {
    ...toSummary(row),
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    education: row.education,
    experience: row.experience,
    requirements: row.requirements,
    benefits: row.benefits,
    deadline: row.deadline,
  };
}

/** Returns highlighted postings first, then the newest, for the attract screen. */
export function highlightJobs(db: Db, limit: number): JobSummary[] {
  return db
    .prepare<[number], JobRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM job_postings j JOIN employers e ON e.id = j.employer_id
       WHERE j.status = 'published'
       ORDER BY j.highlighted DESC, j.posted_on DESC, j.id DESC LIMIT ?`,
    )
    .all(limit)
    .map(toSummary);
}

/** Counts the published postings in the store. */
export function countJobs(db: Db): number {
  return db
    .prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM job_postings WHERE status = 'published'",
    )
    .get()!.n;
}
