// First-start setup of a data folder: the initial county administrator and,
// in demo mode, stations and a catalogue to look at.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { createLogger } from '../main/log.js';
import type { CatalogueType } from '../main/contract/sync.js';
import { adminDataSchemas } from './catalogue-schemas.js';
import { readLedgerFile } from '../main/importer/index.js';
import { jobDataOf } from './ledger-import.js';
import { countAccounts, createAccount } from './store/accounts.js';
import { saveItem } from './store/catalogue.js';
import type { Db } from './store/db.js';
import { saveStation, type Station } from './store/stations.js';

const log = createLogger('server-setup');

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD_FILE = 'admin-password.txt';

/**
 * Creates the first county administrator when the database has no accounts,
 * with a random password written to DATA_DIR/admin-password.txt (mode 0600).
 * Returns the sign-in to print, or null when accounts existed before and the
 * file is gone.
 */
export async function ensureInitialAdmin(
  db: Db,
  dataDir: string,
): Promise<{ username: string; password: string } | null> {
  const file = join(dataDir, ADMIN_PASSWORD_FILE);
  if (countAccounts(db) === 0) {
    const password = randomBytes(12).toString('base64url');
    await createAccount(db, {
      username: ADMIN_USERNAME,
      displayName: '县级管理员',
      role: 'county_admin',
      station: null,
      password,
    });
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    log.info({ username: ADMIN_USERNAME, file }, 'initial administrator created');
  }
  if (!existsSync(file)) return null;
  return { username: ADMIN_USERNAME, password: readFileSync(file, 'utf8').trim() };
}

export const DEMO_STATIONS: readonly Station[] = [
  { id: 'danzhou-market', name: '宜川县零工市场', town: '丹州街道' },
  { id: 'qiulin', name: '秋林镇就业服务驿站', town: '秋林镇' },
  { id: 'yunyan', name: '云岩镇就业服务驿站', town: '云岩镇' },
  { id: 'jiyi', name: '集义镇就业服务驿站', town: '集义镇' },
  { id: 'hukou', name: '壶口镇就业服务驿站', town: '壶口镇' },
];

const DAY_MS = 86_400_000;

/** Returns the calendar date in China Standard Time (UTC+8), as YYYY-MM-DD. */
export function chinaDate(at: Date, offsetDays = 0): string {
  return new Date(at.getTime() + 8 * 3600_000 + offsetDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

function shiftDate(date: string | null, days: number): string | null {
  if (date === null) return null;
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

function demoNotices(now: Date): Record<string, unknown>[] {
  return [
    {
      title: '冬季农民工就业服务月',
      body: '示例通知：县人社局在各镇街就业服务驿站开展冬季就业服务，现场登记求职意向，免费推荐岗位。',
      startsOn: chinaDate(now),
      endsOn: chinaDate(now, 30),
      stations: [],
    },
    {
      title: '秋林镇驿站元旦期间服务时间',
      body: '示例通知：元旦期间驿站上午9点至12点开放，自助一体机照常使用。',
      startsOn: chinaDate(now),
      endsOn: chinaDate(now, 40),
      stations: ['qiulin'],
    },
  ];
}

function demoEvents(now: Date): Record<string, unknown>[] {
  return [
    {
      kind: 'job_fair',
      title: '宜川县冬季招聘会',
      description: '示例活动：县内企业和苏陕协作用工单位现场招聘，带身份证到场即可。',
      place: '宜川县零工市场',
      startsAt: `${chinaDate(now, 7)}T09:00:00+08:00`,
      endsAt: `${chinaDate(now, 7)}T12:00:00+08:00`,
      stations: [],
    },
    {
      kind: 'live_stream',
      title: '直播带岗：苏陕协作岗位专场',
      description: '示例活动：江苏用工单位在线讲解岗位，驿站工作人员现场协助报名。',
      place: '线上直播，各驿站大屏同步播放',
      startsAt: `${chinaDate(now, 3)}T15:00:00+08:00`,
      endsAt: `${chinaDate(now, 3)}T16:30:00+08:00`,
      stations: [],
    },
  ];
}

function hasCatalogue(db: Db): boolean {
  return (
    (db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM catalogue_items').get()
      ?.n ?? 0) > 0
  );
}

/**
 * Loads the demo stations and catalogue into a database that has no
 * catalogue yet: the jobs of DEMO_DIR/yichuan-local-jobs.csv (dates moved so
 * the newest posting is dated today), DEMO_DIR/policies.json, two notices, a
 * job fair and a live stream. Files that do not exist are skipped. Returns
 * the number of items published.
 */
export async function seedDemo(db: Db, demoDir: string, now: Date): Promise<number> {
  for (const station of DEMO_STATIONS) saveStation(db, station);
  if (hasCatalogue(db)) return 0;

  const items: { type: CatalogueType; id: string; data: unknown }[] = [];
  const ledger = join(demoDir, 'yichuan-local-jobs.csv');
  if (existsSync(ledger)) {
    const { jobs, rejected } = await readLedgerFile(ledger, {
      source: 'demo',
      isDemo: true,
      today: chinaDate(now),
    });
    if (rejected.length > 0)
      log.warn({ rejected: rejected.length }, 'demo ledger rows rejected');
    const newest = jobs.reduce(
      (max, job) => (job.postedOn !== null && job.postedOn > max ? job.postedOn : max),
      '',
    );
    const shiftDays =
      newest === ''
        ? 0
        : Math.round((Date.parse(chinaDate(now)) - Date.parse(newest)) / DAY_MS);
    for (const job of jobs) {
      const moved = {
        ...job,
        postedOn: shiftDate(job.postedOn, shiftDays),
        deadline: shiftDate(job.deadline, shiftDays),
      };
      items.push({ type: 'job', id: job.uid, data: jobDataOf(moved, null) });
    }
  }
  const policies = join(demoDir, 'policies.json');
  if (existsSync(policies)) {
    const entries = JSON.parse(readFileSync(policies, 'utf8')) as Record<
      string,
      unknown
    >[];
    for (const entry of entries) {
      const { uid, ...data } = entry;
      delete data['isDemo'];
      items.push({
        type: 'policy',
        id: typeof uid === 'string' ? uid.slice(0, 64) : uuidv7(),
        data,
      });
    }
  }
  demoNotices(now).forEach((data, index) =>
    items.push({ type: 'notice', id: `demo-notice-${index + 1}`, data }),
  );
  demoEvents(now).forEach((data, index) =>
    items.push({ type: 'event', id: `demo-event-${index + 1}`, data }),
  );

  let published = 0;
  db.transaction(() => {
    for (const item of items) {
      const parsed = adminDataSchemas[item.type].safeParse(item.data);
      if (!parsed.success) {
        log.warn(
          { type: item.type, id: item.id, issue: parsed.error.issues[0]?.message },
          'demo item skipped',
        );
        continue;
      }
      const data = parsed.data as Record<string, unknown>;
      saveItem(
        db,
        {
          type: item.type,
          id: item.id,
          ownerStation: null,
          status: 'published',
          data,
          towns: [],
          actorId: null,
        },
        now,
      );
      published += 1;
    }
  })();
  log.info({ published, skipped: items.length - published }, 'demo catalogue loaded');
  return published;
}
