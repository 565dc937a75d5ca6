import type { Database } from 'better-sqlite3';
import { indexTokens } from '../search-text.js';
import type { Migration } from './index.js';

/**
 * Splits the job search index into two contentless FTS5 tables and rebuilds
 * it from the published postings.
 *
 * Version 10 kept both token columns in one FTS5 table that also stored a
 * copy of every token string, and recorded positions for single characters
 * that are only ever queried alone. That table was more than half of the
 * work of a bulk import. Now `job_postings_fts` holds the pairs and words
 * with positions (detail=full, for phrase queries), `job_postings_chars`
 * holds each posting's distinct characters and words without positions
 * (detail=none), and neither stores content. contentless_delete=1 keeps
 * `DELETE ... WHERE rowid = ?` working. The ascii tokenizer splits only on
 * ASCII spaces and punctuation, which is all the token strings contain
 * between tokens, and skips unicode61's per-character table lookups.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'search-index',
  up(db) {
    db.exec(`
      DROP TABLE job_postings_fts;

      -- Token strings are written by main/store/search-text.ts (indexTokens).
      CREATE VIRTUAL TABLE job_postings_fts USING fts5(
        bi, content = '', contentless_delete = 1, tokenize = 'ascii'
      );
      CREATE VIRTUAL TABLE job_postings_chars USING fts5(
        uni, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
      );
    `);
    rebuildJobSearchIndex(db);
  },
};

interface IndexedFields {
  id: number;
  title: string;
  employer: string;
  location: string;
  requirements: string;
  benefits: string;
}

/** Indexes every published posting, as upsertJobs would. */
function rebuildJobSearchIndex(db: Database): void {
  const rows = db
    .prepare<[], IndexedFields>(
      `SELECT j.id, j.title, e.name AS employer, j.location, j.requirements, j.benefits
       FROM job_postings j JOIN employers e ON e.id = j.employer_id
       WHERE j.status = 'published'`,
    )
    .all();
  const insertPairs = db.prepare<[number, string]>(
    'INSERT INTO job_postings_fts (rowid, bi) VALUES (?, ?)',
  );
  const insertChars = db.prepare<[number, string]>(
    'INSERT INTO job_postings_chars (rowid, uni) VALUES (?, ?)',
  );
  for (const row of rows) {
    const tokens = indexTokens(
      row.title,
      row.employer,
      row.location,
      row.requirements,
      row.benefits,
    );
    insertPairs.run(row.id, tokens.bi);
    insertChars.run(row.id, tokens.uni);
  }
}
