import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { addDays, daysBetween } from '../importer/dates.js';
import { parseCsvLedger } from '../importer/csv.js';
import { cleanCell } from '../importer/text.js';
import type { Logger } from '../log.js';
import { localDate } from '../services.js';
import type { Db } from '../store/db.js';
import { upsertJobs, type JobInput } from '../store/jobs.js';
import { upsertPolicies, type PolicyInput } from '../store/policies.js';

export interface SeedSummary {
  seeded: boolean;
  jobs: number;
  policies: number;
}

export interface SeedOptions {
  /** Folder with the bundled demo files; without it nothing is seeded. */
  demoDir?: string;
  /** Today as YYYY-MM-DD: the newest posting of each demo ledger gets this date. */
  today?: string;
}

/** Demo job ledgers in the demo folder, in import order. */
export const DEMO_JOB_FILES = [
  'yichuan-local-jobs.csv',
  'jobs-51job-sample.csv',
] as const;
export const DEMO_POLICY_FILE = 'policies.json';
export const DEMO_SOURCE = 'demo';

const text = z.string().transform((value) => cleanCell(value));
const demoPolicySchema = z.object({
  uid: z.string().min(1),
  title: text.pipe(z.string().min(1)),
  category: text,
  summary: text,
  benefit: text,
  eligibility: text,
  materials: text,
  whereToApply: text,
  sourceDocument: text,
  sortOrder: z.number().int(),
});
const demoPoliciesSchema = z.array(demoPolicySchema);

const NOT_SEEDED: SeedSummary = { seeded: false, jobs: 0, policies: 0 };

/**
 * Moves every date of one ledger by the same number of days so that its
 * newest posting is dated today, which keeps their spacing and lets the
 * "posted in the last N days" filter show demo postings.
 */
export function shiftToToday(jobs: readonly JobInput[], today: string): JobInput[] {
  const dates = jobs
    .map((job) => job.postedOn)
    .filter((date): date is string => date !== null);
  if (dates.length === 0) return [...jobs];
  const newest = dates.reduce((max, date) => (date > max ? date : max));
  const days = daysBetween(newest, today);
  return jobs.map((job) => ({
    ...job,
    postedOn: job.postedOn === null ? null : addDays(job.postedOn, days),
    deadline: job.deadline === null ? null : addDays(job.deadline, days),
  }));
}

function readDemoJobs(demoDir: string, today: string, log: Logger): JobInput[] {
  const jobs: JobInput[] = [];
  for (const name of DEMO_JOB_FILES) {
    const file = join(demoDir, name);
    if (!existsSync(file)) {
      log.warn({ file }, 'demo ledger missing, skipped');
      continue;
    }
    const ledger = parseCsvLedger(readFileSync(file), {
      source: DEMO_SOURCE,
      isDemo: true,
      today,
    });
    if (ledger.rejected.length > 0 || ledger.duplicates.length > 0) {
      log.warn(
        { file, rejected: ledger.rejected.length, duplicates: ledger.duplicates.length },
        'demo ledger has rows that were not imported',
      );
    }
    jobs.push(...shiftToToday(ledger.jobs, today));
  }
  return jobs;
}

function readDemoPolicies(demoDir: string, log: Logger): PolicyInput[] {
  const file = join(demoDir, DEMO_POLICY_FILE);
  if (!existsSync(file)) {
    log.warn({ file }, 'demo policies missing, skipped');
    return [];
  }
  const parsed = demoPoliciesSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `Demo policies ${file} are invalid: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data.map((policy) => ({ ...policy, isDemo: true }));
}

function hasPostings(db: Db): boolean {
  // Counts withdrawn and expired postings too: any posting means staff data.
  return (
    db.prepare<[], { n: number }>('SELECT count(*) AS n FROM job_postings').get()!.n > 0
  );
}

/**
 * Imports the bundled demo data set into an empty store, marked `isDemo` with
 * source `demo`, postings and policies in one transaction. A store that
 * already has postings is left alone, so staff data is never overwritten. A
 * broken demo file is logged and seeds nothing, so the kiosk still starts.
 */
export function seedDemoData(
  db: Db,
  log: Logger,
  options: SeedOptions = {},
): SeedSummary {
  if (hasPostings(db)) return NOT_SEEDED;
  if (options.demoDir === undefined) {
    log.warn('no demo folder configured, demo data not imported');
    return NOT_SEEDED;
  }

  const today = options.today ?? localDate();
  let jobs: JobInput[];
  let policies: PolicyInput[];
  try {
    jobs = readDemoJobs(options.demoDir, today, log);
    policies = readDemoPolicies(options.demoDir, log);
  } catch (error) {
    log.error(
      { err: error, demoDir: options.demoDir },
      'demo data is unreadable, nothing imported',
    );
    return NOT_SEEDED;
  }
  if (jobs.length === 0 && policies.length === 0) {
    log.warn({ demoDir: options.demoDir }, 'no demo data found');
    return NOT_SEEDED;
  }

  const seed = db.transaction(() => {
    const counts = upsertJobs(db, jobs);
    const policyCount = upsertPolicies(db, policies);
    return {
      seeded: true,
      jobs: counts.inserted + counts.updated,
      policies: policyCount,
    };
  });
  return seed();
}
