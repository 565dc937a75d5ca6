// Search latency: the kiosk's FTS5 search (searchJobs) against a plain LIKE
// scan of the same table, both run in this process on one SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  jobQuerySchema,
  type JobQuery,
  type JobQueryInput,
} from '../../main/contract/catalogue.js';
import { openStore, type Db } from '../../main/store/db.js';
import { searchJobs, upsertJobs } from '../../main/store/jobs.js';
import { CORPUS_TODAY, generatePostings } from '../lib/corpus.js';
import { RssSampler } from '../lib/memory.js';
import {
  formatCount,
  formatMiB,
  formatMs,
  formatRatio,
  quantile,
  timeOnce,
} from '../lib/stats.js';
import type { BenchSuite, ResultTable, SuiteContext, SuiteResult } from '../lib/suite.js';

const POSTINGS = 50_000;
const WARMUP_RUNS = 5;
/** Timed searchJobs runs per query class, shared out among the class's queries. */
const SAMPLES_PER_CLASS = 120;
/**
 * The LIKE baseline runs once per this many searchJobs runs. It is a full
 * scan at 30 to 100 times the cost, so fewer runs keep the suite short while
 * still giving 60 samples per class.
 */
const SEARCH_RUNS_PER_LIKE_RUN = 2;
/** The aim for p95(search) / p95(LIKE). */
const AIM_RATIO = 1 / 20;

interface QueryClass {
  name: string;
  queries: JobQueryInput[];
  /** False where both methods run the same SQL, so the 1/20 aim does not apply. */
  textSearch: boolean;
}

function texts(queries: string[]): JobQueryInput[] {
  return queries.map((text) => ({ text }));
}

const QUERY_CLASSES: readonly QueryClass[] = [
  { name: 'one character', queries: texts(['焊', '厨', '护']), textSearch: true },
  {
    name: 'two characters',
    queries: texts(['电工', '保安', '护工', '司机']),
    textSearch: true,
  },
  {
    name: 'four characters',
    queries: texts(['维修电工', '养老护理', '苹果采摘']),
    textSearch: true,
  },
  {
    name: 'filter only',
    queries: [{ kinds: ['gig'], areas: ['集义镇'], postedWithinDays: 30 }],
    textSearch: false,
  },
];

interface PageResult {
  total: number;
  ids: number[];
}

function describeQuery(query: JobQuery): string {
  if (query.text !== '') return query.text;
  const parts = [
    query.kinds.length > 0 ? `kind ${query.kinds.join('/')}` : '',
    query.areas.length > 0 ? `area ${query.areas.join('/')}` : '',
    query.postedWithinDays !== null ? `posted within ${query.postedWithinDays} days` : '',
  ];
  return parts.filter((part) => part !== '').join(' + ');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/gu, (char) => `\\${char}`);
}

const LIKE_COLUMNS = ['j.title', 'e.name', 'j.location', 'j.requirements', 'j.benefits'];

/**
 * Runs the baseline: `LIKE '%q%'` over the text columns that searchJobs indexes,
 * with the same filters, order, page and count, and statements prepared on
 * every call as searchJobs prepares them.
 */
function likeSearch(db: Db, query: JobQuery, today: string): PageResult {
  const where: string[] = ["j.status = 'published'"];
  const args: unknown[] = [];
  const text = query.text.trim();
  if (text !== '') {
    const pattern = `%${escapeLike(text)}%`;
    where.push(
      `(${LIKE_COLUMNS.map((column) => `${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
    );
    args.push(...LIKE_COLUMNS.map(() => pattern));
  }
  if (query.kinds.length > 0) {
    where.push(`j.kind IN (${query.kinds.map(() => '?').join(', ')})`);
    args.push(...query.kinds);
  }
  if (query.areas.length > 0) {
    where.push(`j.area IN (${query.areas.map(() => '?').join(', ')})`);
    args.push(...query.areas);
  }
  if (query.postedWithinDays !== null) {
    where.push("j.posted_on >= date(?, '-' || ? || ' days')");
    args.push(today, query.postedWithinDays);
  }

  const condition = where.join(' AND ');
  const from = 'FROM job_postings j JOIN employers e ON e.id = j.employer_id';
  const total = db
    .prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${from} WHERE ${condition}`)
    .get(...args)!.n;
  const rows = db
    .prepare<unknown[], { id: number }>(
      `SELECT j.id, j.title, e.name AS employer, j.kind, j.category, j.area, j.location,
              j.pay_text, j.pay_min, j.pay_max, j.pay_unit, j.pay_negotiable, j.headcount,
              j.posted_on, j.su_shaan, j.is_demo
       ${from} WHERE ${condition}
       ORDER BY j.posted_on DESC, j.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, query.limit, query.offset);
  return { total, ids: rows.map((row) => row.id) };
}

function kioskSearch(db: Db, query: JobQuery, today: string): PageResult {
  const page = searchJobs(db, query, today);
  return { total: page.total, ids: page.items.map((item) => item.id) };
}

interface QueryTimings {
  query: JobQuery;
  search: bigint[];
  like: bigint[];
  searchResult: PageResult;
  likeResult: PageResult;
}

function timeQuery(db: Db, query: JobQuery, runs: number): QueryTimings {
  const searchResult = kioskSearch(db, query, CORPUS_TODAY);
  const likeResult = likeSearch(db, query, CORPUS_TODAY);
  for (let i = 0; i < WARMUP_RUNS; i++) {
    kioskSearch(db, query, CORPUS_TODAY);
    likeSearch(db, query, CORPUS_TODAY);
  }
  const timings: QueryTimings = { query, search: [], like: [], searchResult, likeResult };
  // Interleave the two methods so that load from other processes on this
  // shared machine falls on both alike.
  for (let i = 0; i < runs; i++) {
    timings.search.push(timeOnce(() => kioskSearch(db, query, CORPUS_TODAY)));
    if (i % SEARCH_RUNS_PER_LIKE_RUN === 0) {
      timings.like.push(timeOnce(() => likeSearch(db, query, CORPUS_TODAY)));
    }
  }
  return timings;
}

function samePage(a: PageResult, b: PageResult): boolean {
  return a.total === b.total && a.ids.join() === b.ids.join();
}

function buildStore(
  dir: string,
  count: number,
  context: SuiteContext,
): { db: Db; insertNs: bigint } {
  context.progress(`search: generating ${formatCount(count)} postings`);
  const postings = generatePostings(count);
  const db = openStore(join(dir, 'bench.sqlite'));
  context.progress('search: inserting them with upsertJobs');
  const insertNs = timeOnce(() => upsertJobs(db, postings));
  return { db, insertNs };
}

interface ClassResult {
  queryClass: QueryClass;
  timings: QueryTimings[];
  search: bigint[];
  like: bigint[];
  ratio: number;
}

function timeClasses(
  db: Db,
  samplesPerClass: number,
  context: SuiteContext,
): ClassResult[] {
  return QUERY_CLASSES.map((queryClass) => {
    context.progress(`search: timing ${queryClass.name} queries`);
    const runs = Math.ceil(samplesPerClass / queryClass.queries.length);
    const timings = queryClass.queries.map((input) =>
      timeQuery(db, jobQuerySchema.parse(input), runs),
    );
    const search = timings.flatMap((timing) => timing.search);
    const like = timings.flatMap((timing) => timing.like);
    const ratio = Number(quantile(search, 0.95)) / Number(quantile(like, 0.95));
    return { queryClass, timings, search, like, ratio };
  });
}

function aimMet(queryClass: QueryClass, ratio: number): string {
  if (!queryClass.textSearch) return 'n/a: same SQL';
  return ratio <= AIM_RATIO ? 'yes' : 'no';
}

function classTable(results: readonly ClassResult[], count: number): ResultTable {
  return {
    title: `Latency per query class, ${formatCount(count)} postings (ms, count + first page of 20)`,
    columns: [
      'class',
      'runs search/LIKE',
      'search median',
      'search p95',
      'LIKE median',
      'LIKE p95',
      'median ratio',
      'p95 ratio search/LIKE',
      'under 1/20',
    ],
    rows: results.map(({ queryClass, search, like, ratio }) => [
      queryClass.name,
      `${search.length}/${like.length}`,
      formatMs(quantile(search, 0.5)),
      formatMs(quantile(search, 0.95)),
      formatMs(quantile(like, 0.5)),
      formatMs(quantile(like, 0.95)),
      formatRatio(Number(quantile(search, 0.5)) / Number(quantile(like, 0.5))),
      formatRatio(ratio),
      aimMet(queryClass, ratio),
    ]),
  };
}

function queryTable(results: readonly ClassResult[]): ResultTable {
  return {
    title: 'Per query: matches and median latency (ms)',
    columns: [
      'query',
      'search total',
      'LIKE total',
      'same first page',
      'search median',
      'LIKE median',
    ],
    rows: results.flatMap(({ timings }) =>
      timings.map((timing) => [
        describeQuery(timing.query),
        formatCount(timing.searchResult.total),
        formatCount(timing.likeResult.total),
        samePage(timing.searchResult, timing.likeResult) ? 'yes' : 'no',
        formatMs(quantile(timing.search, 0.5)),
        formatMs(quantile(timing.like, 0.5)),
      ]),
    ),
  };
}

function searchNotes(results: readonly ClassResult[], count: number): string[] {
  const notes = [
    '`search` is searchJobs from main/store/jobs.ts: an FTS5 match on single characters or ' +
      'character pairs, then count(*) and the first page of 20, newest first.',
    "`LIKE` is the baseline: `LIKE '%q%'` over title, employer name, location, requirements " +
      'and benefits with the same filters, order, limit and count, statements prepared per call ' +
      'as searchJobs does. Its rows are not mapped to summaries, which saves microseconds.',
    'Postings are the demo ledger and the 51job sample, varied with a seeded PRNG ' +
      '(title, employer, town, pay, posting date within 120 days). ' +
      `Warm-up: ${WARMUP_RUNS} runs per query and method, then the two methods interleave.`,
    'On a loaded machine the p95 ratio is worse than the median ratio. A pause of a few ' +
      'milliseconds, when another process takes the CPU, is a large share of a 5 ms search ' +
      'but a small share of a 200 ms scan.',
    'The filter-only query has no text, so both methods run the same SQL and its ratio is ' +
      'about 1 by construction.',
    'Peak RSS is sampled every 5 ms from a worker thread, which is itself part of the reading.',
  ];
  const misses = results.filter(
    ({ queryClass, ratio }) => queryClass.textSearch && ratio > AIM_RATIO,
  );
  for (const { queryClass, ratio } of misses) {
    notes.push(
      `${queryClass.name}: the p95 ratio misses 1/20 by ${(ratio / AIM_RATIO).toFixed(2)}x.`,
    );
  }
  if (misses.length > 0 && count < POSTINGS) {
    notes.push(
      'This was a reduced run (--scale), which checks the benchmark but not its numbers.',
    );
  } else if (misses.length > 0) {
    notes.push(
      'To find the cause, compare EXPLAIN QUERY PLAN of the count and page queries in ' +
        'searchJobs with the FTS5 match alone: the count should start from the match list.',
    );
  }
  return notes;
}

async function runSearch(context: SuiteContext): Promise<SuiteResult> {
  const count = Math.round(POSTINGS * context.scale);
  const samplesPerClass = Math.max(10, Math.round(SAMPLES_PER_CLASS * context.scale));
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const sampler = RssSampler.start();
  try {
    const { db, insertNs } = buildStore(dir, count, context);
    const buildPeak = sampler.peak();
    sampler.reset();
    let results: ClassResult[];
    try {
      results = timeClasses(db, samplesPerClass, context);
    } finally {
      db.close();
    }
    const queryPeak = sampler.peak();

    const memoryTable: ResultTable = {
      title: 'Build time and peak memory',
      columns: ['phase', 'time', 'peak RSS'],
      rows: [
        [
          `generate and upsertJobs ${formatCount(count)} postings`,
          `${formatMs(insertNs)} ms (upsertJobs only)`,
          formatMiB(buildPeak),
        ],
        ['all queries', '', formatMiB(queryPeak)],
      ],
    };
    return {
      tables: [classTable(results, count), queryTable(results), memoryTable],
      notes: searchNotes(results, count),
    };
  } finally {
    await sampler.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'search',
  title: 'Search latency',
  run: runSearch,
};
