// Puts the postings of a job ledger, read by the kiosk importer
// (main/importer), into the county catalogue, so that staff import a ledger
// once for every kiosk. A posting's id is the importer's uid (a hash of
// title, employer and place), so importing the same ledger again changes
// nothing.
import type { JobInput } from '../main/store/jobs.js';
import type { ParsedLedger } from '../main/importer/index.js';
import { adminJobSchema } from './catalogue-schemas.js';
import { describeIssues } from './http/errors.js';
import { getItem, saveItem, type ItemStatus } from './store/catalogue.js';
import type { Db } from './store/db.js';

export interface CatalogueImportOptions {
  /** Station that owns the postings and whose kiosks show them; null: the whole county. */
  station: string | null;
  /** Publish new postings at once (default) or keep them as drafts. */
  publish: boolean;
  /** Account that runs the import, for the items' created_by column. */
  actorId: number | null;
}

export interface CatalogueImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Postings the importer read but the catalogue schema refused, with the reason. */
  invalid: { title: string; reason: string }[];
}

/** Converts an importer posting into the job's wire form, targeted at `station`. */
export function jobDataOf(
  job: JobInput,
  station: string | null,
): Record<string, unknown> {
  return {
    title: job.title,
    employer: job.employer,
    kind: job.kind,
    category: job.category,
    pay: job.pay,
    area: job.area,
    location: job.location,
    suShaan: job.suShaan,
    headcount: job.headcount,
    contactName: job.contactName,
    contactPhone: job.contactPhone,
    education: job.education,
    experience: job.experience,
    requirements: job.requirements,
    benefits: job.benefits,
    postedOn: job.postedOn,
    deadline: job.deadline,
    highlighted: job.highlighted,
    stations: station === null ? [] : [station],
  };
}

/**
 * Inserts new postings and updates changed ones in one transaction. A
 * posting that is unchanged keeps its revision, so kiosks pull nothing.
 */
export function importLedgerJobs(
  db: Db,
  ledger: Pick<ParsedLedger, 'jobs'>,
  options: CatalogueImportOptions,
  now: Date,
): CatalogueImportResult {
  const result: CatalogueImportResult = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    invalid: [],
  };
  db.transaction(() => {
    for (const job of ledger.jobs) {
      const parsed = adminJobSchema.safeParse(jobDataOf(job, options.station));
      if (!parsed.success) {
        result.invalid.push({
          title: job.title.slice(0, 50),
          reason: describeIssues(parsed.error),
        });
        continue;
      }
      const data = parsed.data as Record<string, unknown>;
      const current = getItem(db, 'job', job.uid);
      if (
        current &&
        current.status !== 'deleted' &&
        JSON.stringify(current.data) === JSON.stringify(data)
      ) {
        result.unchanged += 1;
        continue;
      }
      const fresh = !current || current.status === 'deleted';
      let status: ItemStatus = options.publish ? 'published' : 'draft';
      if (!fresh) status = current.status;
      saveItem(
        db,
        {
          type: 'job',
          id: job.uid,
          ownerStation: options.station,
          status,
          data,
          towns: [],
          actorId: options.actorId,
        },
        now,
      );
      if (fresh) result.inserted += 1;
      else result.updated += 1;
    }
  })();
  return result;
}
