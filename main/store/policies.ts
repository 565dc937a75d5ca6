import type { PolicyDetail, PolicySummary } from '../contract/catalogue.js';
import type { Db } from './db.js';
import { indexTokens } from './search-text.js';

/** One employment policy entry as bundled demo data or the sync client provides it. */
export interface PolicyInput {
  uid: string;
  title: string;
  category: string;
  summary: string;
  benefit: string;
  eligibility: string;
  materials: string;
  whereToApply: string;
  sourceDocument: string;
  isDemo: boolean;
  sortOrder: number;
}

/** Inserts or replaces policies by uid in one transaction, with their search tokens. */
export function upsertPolicies(db: Db, inputs: readonly PolicyInput[]): number {
  const upsert = db.prepare(`
    INSERT INTO policies (uid, title, category, summary, benefit, eligibility, materials,
                          where_to_apply, source_document, is_demo, sort_order)
    VALUES (@uid, @title, @category, @summary, @benefit, @eligibility, @materials,
            @whereToApply, @sourceDocument, @isDemo, @sortOrder)
    ON CONFLICT (uid) DO UPDATE SET
      title = excluded.title, category = excluded.category, summary = excluded.summary,
      benefit = excluded.benefit, eligibility = excluded.eligibility,
      materials = excluded.materials, where_to_apply = excluded.where_to_apply,
      source_document = excluded.source_document, is_demo = excluded.is_demo,
      sort_order = excluded.sort_order,
      updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    RETURNING id`);
  const deleteTokens = db.prepare<[number]>('DELETE FROM policies_fts WHERE rowid = ?');
  const insertTokens = db.prepare<[number, string, string]>(
    'INSERT INTO policies_fts (rowid, uni, bi) VALUES (?, ?, ?)',
  );

  const run = db.transaction((rows: readonly PolicyInput[]) => {
    for (const input of rows) {
      const { id } = upsert.get({ ...input, isDemo: input.isDemo ? 1 : 0 }) as {
        id: number;
      };
      deleteTokens.run(id);
      const tokens = indexTokens(
        input.title,
        input.summary,
        input.benefit,
        input.eligibility,
      );
      insertTokens.run(id, tokens.uni, tokens.bi);
    }
    return rows.length;
  });
  return run(inputs);
}

interface PolicyRow {
  id: number;
  title: string;
  category: string;
  summary: string;
  benefit: string;
  eligibility: string;
  materials: string;
  where_to_apply: string;
  source_document: string;
  is_demo: number;
}

/** Lists every policy in display order. */
export function listPolicies(db: Db): PolicySummary[] {
  return db
    .prepare<[], PolicyRow>('SELECT * FROM policies ORDER BY sort_order, id')
    .all()
    .map((row) => ({
      id: row.id,
      title: row.title,
      category: row.category,
      summary: row.summary,
      isDemo: row.is_demo === 1,
    }));
}

/** Returns one policy, or null when the id is unknown. */
export function getPolicy(db: Db, id: number): PolicyDetail | null {
  const row = db
    .prepare<[number], PolicyRow>('SELECT * FROM policies WHERE id = ?')
    .get(id);
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    summary: row.summary,
    isDemo: row.is_demo === 1,
    benefit: row.benefit,
    eligibility: row.eligibility,
    materials: row.materials,
    whereToApply: row.where_to_apply,
    sourceDocument: row.source_document,
  };
}
