// Test data, read-back helpers and invariant checks for the sync tests.
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type {
  SyncEvent,
  SyncJob,
  SyncNotice,
  SyncPolicy,
} from '../../main/contract/sync.js';
import type { Db } from '../../main/store/db.js';
import { listOutbox } from '../../main/store/outbox.js';
import { readSyncState } from '../../main/store/sync-state.js';
import type { SyncPeer } from './sync-peer.js';

export function makeJob(n: number, overrides: Partial<SyncJob> = {}): SyncJob {
  return {
    title: `岗位${n}`,
    employer: `宜川县用工单位${n % 7}`,
    kind: (['full_time', 'gig', 'seasonal'] as const)[n % 3]!,
    category: '其他',
    pay: { text: '150元/天', min: 150, max: 150, unit: 'day', negotiable: false },
    area: '丹州街道',
    location: `丹州街道${n}号`,
    suShaan: n % 5 === 0,
    headcount: n % 4,
    contactName: '王先生',
    contactPhone: '0911-0000000',
    education: '',
    experience: '',
    requirements: `要求${n}`,
    benefits: '',
    postedOn: '2026-12-01',
    deadline: null,
    highlighted: false,
    stations: [],
    ...overrides,
  };
}

export function makePolicy(n: number): SyncPolicy {
  return {
    title: `政策${n}`,
    category: '就业补贴',
    summary: `摘要${n}`,
    benefit: '',
    eligibility: '',
    materials: '',
    whereToApply: '县人社局',
    sourceDocument: '',
    sortOrder: n,
  };
}

export function makeNotice(n: number): SyncNotice {
  return { title: `通知${n}`, body: '内容', startsOn: null, endsOn: null, stations: [] };
}

export function makeEvent(n: number): SyncEvent {
  return {
    kind: n % 2 === 0 ? 'job_fair' : 'live_stream',
    title: `招聘会${n}`,
    description: '',
    place: '县人社局广场',
    startsAt: '2026-12-20T09:00:00+08:00',
    endsAt: null,
    stations: [],
  };
}

interface JobRow {
  uid: string;
  title: string;
  employer: string;
  kind: SyncJob['kind'];
  category: SyncJob['category'];
  pay_text: string;
  pay_min: number | null;
  pay_max: number | null;
  pay_unit: SyncJob['pay']['unit'];
  pay_negotiable: number;
  area: SyncJob['area'];
  location: string;
  su_shaan: number;
  headcount: number | null;
  contact_name: string;
  contact_phone: string;
  education: string;
  experience: string;
  requirements: string;
  benefits: string;
  posted_on: string | null;
  deadline: string | null;
  highlighted: number;
  status: string;
  stations: string;
}

/**
 * Reads the server catalogue as the kiosk's screens see it (job_postings,
 * policies, notices, events), keyed `type:id`. Station lists come from
 * sync_items because the job and policy tables have no column for them.
 */
export function kioskCatalogue(db: Db): Map<string, unknown> {
  const items = new Map<string, unknown>();
  const jobs = db
    .prepare<[], JobRow>(
      `SELECT j.*, e.name AS employer, i.data ->> '$.stations' AS stations
       FROM job_postings j JOIN employers e ON e.id = j.employer_id
       LEFT JOIN sync_items i ON i.type = 'job' AND i.local_uid = j.uid
       WHERE j.source = 'server'`,
    )
    .all();
  for (const row of jobs) {
    const job: SyncJob & { status: string } = {
      title: row.title,
      employer: row.employer,
      kind: row.kind,
      category: row.category,
      pay: {
        text: row.pay_text,
        min: row.pay_min,
        max: row.pay_max,
        unit: row.pay_unit,
        negotiable: row.pay_negotiable === 1,
      },
      area: row.area,
      location: row.location,
      suShaan: row.su_shaan === 1,
      headcount: row.headcount,
      contactName: row.contact_name,
      contactPhone: row.contact_phone,
      education: row.education,
      experience: row.experience,
      requirements: row.requirements,
      benefits: row.benefits,
      postedOn: row.posted_on,
      deadline: row.deadline,
      highlighted: row.highlighted === 1,
      stations: JSON.parse(row.stations ?? 'null') as string[],
      status: row.status,
    };
    items.set(`job:${row.uid.slice(4)}`, job);
  }

  const policies = db
    .prepare<[], Record<string, string | number>>(
      "SELECT * FROM policies WHERE uid LIKE 'srv:%'",
    )
    .all();
  for (const row of policies) {
    items.set(`policy:${String(row['uid']).slice(4)}`, {
      title: row['title'],
      category: row['category'],
      summary: row['summary'],
      benefit: row['benefit'],
      eligibility: row['eligibility'],
      materials: row['materials'],
      whereToApply: row['where_to_apply'],
      sourceDocument: row['source_document'],
      sortOrder: row['sort_order'],
    });
  }

  for (const row of db
    .prepare<[], Record<string, string | null>>('SELECT * FROM notices')
    .all()) {
    items.set(`notice:${row['uid']!.slice(4)}`, {
      title: row['title'],
      body: row['body'],
      startsOn: row['starts_on'],
      endsOn: row['ends_on'],
      stations: JSON.parse(row['stations']!) as unknown,
    });
  }
  for (const row of db
    .prepare<[], Record<string, string | null>>('SELECT * FROM events')
    .all()) {
    items.set(`event:${row['uid']!.slice(4)}`, {
      kind: row['kind'],
      title: row['title'],
      description: row['description'],
      place: row['place'],
      startsAt: row['starts_at'],
      endsAt: row['ends_at'],
      stations: JSON.parse(row['stations']!) as unknown,
    });
  }
  return items;
}

/** Converts server catalogue items to kioskCatalogue's shape. */
export function expectedCatalogue(
  items: Iterable<{ type: string; id: string; data: unknown }>,
): Map<string, unknown> {
  const expected = new Map<string, unknown>();
  for (const item of items) {
    const data =
      item.type === 'job'
        ? { ...(item.data as SyncJob), status: 'published' }
        : item.data;
    expected.set(`${item.type}:${item.id}`, data);
  }
  return expected;
}

/** Converts a catalogue map to a sorted array, so a failed comparison shows a readable diff. */
export function sorted(catalogue: Map<string, unknown>): [string, unknown][] {
  return [...catalogue.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Checks that every record the server stores came from the kiosk, was
 * accepted once, and has the kiosk's content; that every entry the kiosk
 * marked sent is on the server; and that none was rejected.
 */
export function checkRecordsExactlyOnce(db: Db, peer: SyncPeer): void {
  const outbox = new Map(listOutbox(db).map((row) => [row.id, row]));
  for (const [id, entry] of peer.records) {
    const row = outbox.get(id);
    expect(row, `server record ${id} is not in the kiosk outbox`).toBeDefined();
    expect(entry.payload).toEqual(row!.payload);
    expect(peer.acceptedTimes.get(id), `record ${id} accepted more than once`).toBe(1);
  }
  for (const row of outbox.values()) {
    expect(row.status, `entry ${row.id}: ${row.reason ?? ''}`).not.toBe('rejected');
    if (row.status === 'sent') {
      expect(peer.records.has(row.id), `sent entry ${row.id} is not on the server`).toBe(
        true,
      );
    }
  }
}

/** Checks that the kiosk shows exactly the server's catalogue at the kiosk's stored cursor. */
export function checkCatalogueAtCursor(db: Db, peer: SyncPeer): void {
  const cursor = readSyncState(db).cursor;
  const expected =
    cursor === null
      ? new Map<string, unknown>()
      : expectedCatalogue(peer.catalogueAt(cursor.revision, cursor.epoch).values());
  expect(sorted(kioskCatalogue(db))).toEqual(sorted(expected));
  const counts = db
    .prepare<[], { jobs: number; tokens: number }>(
      `SELECT (SELECT count(*) FROM job_postings) AS jobs,
              (SELECT count(*) FROM job_postings_fts) AS tokens`,
    )
    .get()!;
  expect(counts.tokens, 'job postings and search rows differ').toBe(counts.jobs);
}

/**
 * Runs SQLite's integrity check, FTS5 indexes included, on a new connection.
 * NOTE: on a connection that was open while another one wrote, the first
 * check can report "fts5: checksum mismatch" although the file is sound
 * (seen with SQLite 3.53.2 from better-sqlite3 12; a repeated check passes,
 * and MATCH queries are right). A new connection avoids that false alarm.
 */
export function checkIntegrity(file: string): void {
  const fresh = new Database(file, { readonly: true });
  try {
    expect(fresh.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    fresh.close();
  }
}
