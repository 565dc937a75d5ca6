import type { ApiHandlers, KioskConfig } from './contract/api.js';
import { ApiFailure } from './contract/errors.js';
import type { KioskSettings } from './config.js';
import { createDeviceHandlers } from './devices/handlers.js';
import type { DeviceManager } from './devices/manager.js';
import { jobShareText } from './share-text.js';
import type { Db } from './store/db.js';
import { expireJobsDaily, getJob, highlightJobs, searchJobs } from './store/jobs.js';
import { getPolicy, listPolicies } from './store/policies.js';
import { readSyncStatus } from './sync/status.js';

/** One-tap search words shown under the search box. */
export const COMMON_KEYWORDS = [
  '电工',
  '保安',
  '护工',
  '保洁',
  '司机',
  '厨师',
  '普工',
  '采摘',
  '花椒',
  '苹果',
  '焊工',
  '快递',
  '销售',
  '仓管',
] as const;

export interface ServiceContext {
  db: Db;
  settings: KioskSettings;
  demo: boolean;
  /** Today's date as YYYY-MM-DD; a function so tests can pin it. */
  today: () => string;
  /** Running devices; null or absent reads every device as not configured. */
  devices?: DeviceManager | null;
  /** Whether a county server is configured, so the kiosk syncs at all. */
  syncEnabled?: boolean;
}

export function localDate(now: Date = new Date()): string {
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}

/** Builds the handler of every API method over the kiosk's store. */
export function createHandlers(context: ServiceContext): ApiHandlers {
  const { db, settings } = context;
  const getJobWithShareText = (id: number) => {
    const job = getJob(db, id);
    if (job === null)
      throw new ApiFailure('NOT_FOUND', `Job posting ${id} was not found.`);
    return { ...job, shareText: jobShareText(job, settings.publicJobUrl) };
  };
  return {
    'kiosk.config': (): KioskConfig => ({
      stationName: settings.stationName,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      attractRotateSeconds: settings.attractRotateSeconds,
      demo: context.demo,
    }),
    'jobs.search': (query) => {
      expireJobsDaily(db, context.today());
      return searchJobs(db, query, context.today());
    },
    'jobs.get': ({ id }) => {
      expireJobsDaily(db, context.today());
      return getJobWithShareText(id);
    },
    'jobs.highlights': ({ limit }) => {
      expireJobsDaily(db, context.today());
      return highlightJobs(db, limit);
    },
    'jobs.keywords': () => [...COMMON_KEYWORDS],
    'policies.list': () => listPolicies(db),
    'policies.get': ({ id }) => {
      const policy = getPolicy(db, id);
      if (policy === null)
        throw new ApiFailure('NOT_FOUND', `Policy ${id} was not found.`);
      return policy;
    },
    'sync.status': () => ({
      ...readSyncStatus(db),
      syncEnabled: context.syncEnabled ?? false,
    }),
    ...createDeviceHandlers(context.devices ?? null, getJobWithShareText),
  };
}
