import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotPageSchema } from '../../main/contract/sync.js';
import { saveItem, type ItemWrite } from '../../server/store/catalogue.js';
import { openServerDb, type Db } from '../../server/store/db.js';
import {
  readRawSnapshotPage,
  readSnapshotPage,
  snapshotPageBody,
} from '../../server/store/sync-feed.js';
import { sampleJob } from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
const NOW = new Date('2026-12-04T02:00:00Z');
const SCOPE = { station: 'danzhou-market', town: '丹州街道' };

function job(
  id: string,
  overrides: Record<string, unknown> = {},
  status: ItemWrite['status'] = 'published',
): ItemWrite {
  return {
    type: 'job',
    id,
    ownerStation: null,
    status,
    data: { ...sampleJob(), ...overrides },
    towns: [],
    actorId: null,
  };
}

/** Reads every snapshot page both ways: the spliced reply body, parsed, and the parsed page. */
function readBothWays(pageSize: number): { body: unknown[]; parsed: unknown[] } {
  const body: unknown[] = [];
  const parsed: unknown[] = [];
  let token: string | null = null;
  do {
    const raw = readRawSnapshotPage(db, SCOPE, token, pageSize, NOW);
    body.push(JSON.parse(snapshotPageBody(raw).toString('utf8')));
    parsed.push(readSnapshotPage(db, SCOPE, token, pageSize, NOW));
    token = raw.nextPage;
  } while (token !== null);
  return { body, parsed };
}

beforeEach(() => {
  temp = makeTempDir('server-snapshot-body');
  db = openServerDb(join(temp.dir, 'county.sqlite'));
});

afterEach(() => {
  db.close();
  temp.remove();
});

describe('snapshot page body', () => {
  it('equals the parsed page', () => {
    saveItem(db, job('a', { title: '苹果"采摘"工\\' }), NOW);
    saveItem(db, job('b', { requirements: 'line\u2028break\nand\ttab </script>' }), NOW);
    saveItem(db, job('c', { title: '😀 emoji' }), NOW);
    saveItem(db, job('hidden', { stations: ['other-station'] }), NOW);
    saveItem(db, job('draft', {}, 'draft'), NOW);

    const { body, parsed } = readBothWays(2);
    expect(body).toHaveLength(3);
    expect(body).toEqual(parsed);
    for (const page of body)
      expect(snapshotPageSchema.safeParse(page).success).toBe(true);
    const ids = body.flatMap((page) =>
      (page as { items: { id: string }[] }).items.map((item) => item.id),
    );
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  it('empty catalogue gives an empty last page', () => {
    const raw = readRawSnapshotPage(db, SCOPE, null, 10, NOW);
    const page = JSON.parse(snapshotPageBody(raw).toString('utf8')) as unknown;
    expect(page).toEqual({ cursor: raw.cursor, items: [], nextPage: null });
  });

  it('one item page has no stray comma', () => {
    saveItem(db, job('only'), NOW);
    const text = snapshotPageBody(readRawSnapshotPage(db, SCOPE, null, 10, NOW)).toString(
      'utf8',
    );
    expect(text).not.toContain('[,');
    expect(text).not.toContain(',]');
    expect((JSON.parse(text) as { items: unknown[] }).items).toHaveLength(1);
  });
});
