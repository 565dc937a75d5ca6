import type { Migration } from './index.js';

/** Employers, job postings, policies and their full-text indexes. */
export const migration0010: Migration = {
  version: 10,
  name: 'catalogue',
  up(db) {
    db.exec(`
      CREATE TABLE employers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      -- uid is the stable key of a posting: the server's id once synced, or a
      -- hash of title, employer and place for imported ledger rows.
      CREATE TABLE job_postings (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        employer_id INTEGER NOT NULL REFERENCES employers(id),
        kind TEXT NOT NULL CHECK (kind IN ('full_time', 'gig', 'seasonal')),
        category TEXT NOT NULL,
        pay_text TEXT NOT NULL DEFAULT '',
        pay_min REAL,
        pay_max REAL,
        pay_unit TEXT CHECK (pay_unit IN ('month', 'day', 'hour', 'piece', 'year')),
        pay_negotiable INTEGER NOT NULL DEFAULT 0,
        pay_monthly_min REAL,
        area TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        su_shaan INTEGER NOT NULL DEFAULT 0,
        headcount INTEGER,
        contact_name TEXT NOT NULL DEFAULT '',
        contact_phone TEXT NOT NULL DEFAULT '',
        education TEXT NOT NULL DEFAULT '',
        experience TEXT NOT NULL DEFAULT '',
        requirements TEXT NOT NULL DEFAULT '',
        benefits TEXT NOT NULL DEFAULT '',
        posted_on TEXT,
        deadline TEXT,
        status TEXT NOT NULL DEFAULT 'published'
          CHECK (status IN ('published', 'filled', 'withdrawn', 'expired')),
        highlighted INTEGER NOT NULL DEFAULT 0,
        is_demo INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX job_postings_listing ON job_postings (status, posted_on DESC);
      CREATE INDEX job_postings_kind ON job_postings (kind, area);
      CREATE INDEX job_postings_area ON job_postings (area);
      CREATE INDEX job_postings_category ON job_postings (category);

      -- Token columns written by main/store/search-text.ts: uni holds single
      -- characters, bi holds overlapping two-character pairs and Latin words.
      CREATE VIRTUAL TABLE job_postings_fts USING fts5(
        uni, bi, tokenize = 'unicode61 remove_diacritics 0'
      );

      CREATE TABLE policies (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        category TEXT NOT NULL,
        summary TEXT NOT NULL,
        benefit TEXT NOT NULL DEFAULT '',
        eligibility TEXT NOT NULL DEFAULT '',
        materials TEXT NOT NULL DEFAULT '',
        where_to_apply TEXT NOT NULL DEFAULT '',
        source_document TEXT NOT NULL DEFAULT '',
        is_demo INTEGER NOT NULL DEFAULT 0,
        sort_order INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE VIRTUAL TABLE policies_fts USING fts5(
        uni, bi, tokenize = 'unicode61 remove_diacritics 0'
      );
    `);
  },
};
