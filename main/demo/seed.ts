import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { countJobs } from '../store/jobs.js';

export interface SeedSummary {
  seeded: boolean;
  jobs: number;
  policies: number;
}

/**
 * Imports the bundled demo data set into an empty store. A store that already
 * has postings is left alone, so staff data is never overwritten.
 */
export function seedDemoData(db: Db, log: Logger): SeedSummary {
  if (countJobs(db) > 0) return { seeded: false, jobs: 0, policies: 0 };
  // TODO: import the bundled demo postings and policies from data/demo.
  log.warn('no demo data bundled yet');
  return { seeded: false, jobs: 0, policies: 0 };
}
