import type { Migration } from './index.js';

/**
 * Sync state, the outbox, the catalogue types that 0010 lacks (notices and
 * events), the map from server item ids to local rows, the snapshot staging
 * table, and the first kiosk records (service ratings and device events).
 */
export const migration0020: Migration = {
  version: 20,
  name: 'sync',
  up(db) {
    db.exec(`
      -- One row. Times are ISO 8601 from the kiosk clock, shown to staff and
      -- never used to order anything. The cursor is the server's.
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        cursor_epoch TEXT,
        cursor_revision INTEGER NOT NULL DEFAULT 0,
        -- A snapshot being loaded into sync_staging: its cursor and the token
        -- of the next page to fetch, so a restart resumes it.
        snapshot_epoch TEXT,
        snapshot_revision INTEGER,
        snapshot_next_page TEXT,
        last_pull_at TEXT,
        last_push_at TEXT,
        last_sync_at TEXT,
        last_error_code TEXT,
        last_error TEXT,
        offline_since TEXT,
        clock_offset_ms INTEGER,
        kiosk_id TEXT,
        station TEXT,
        -- AES-256-GCM ciphertext of the kiosk secret (see main/sync/credential.ts).
        credential TEXT
      );
      INSERT INTO sync_state (id) VALUES (1);

      -- seq is the order of creation on this kiosk. It is a local counter,
      -- not the clock, so a clock set back does not reorder the outbox.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL
          CHECK (type IN ('registration', 'application', 'rating', 'device_event')),
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sent', 'rejected')),
        reason TEXT,
        sent_at TEXT
      );
      CREATE INDEX outbox_pending ON outbox (status, seq);

      -- Every catalogue item the server sent, with its latest revision and
      -- data, and the uid of the local row that shows it.
      CREATE TABLE sync_items (
        type TEXT NOT NULL CHECK (type IN ('job', 'policy', 'notice', 'event')),
        server_id TEXT NOT NULL,
        local_uid TEXT NOT NULL,
        revision INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (type, server_id)
      ) WITHOUT ROWID;

      -- Pages of a snapshot that is still loading. They replace the
      -- catalogue in one transaction once the last page is in.
      CREATE TABLE sync_staging (
        type TEXT NOT NULL,
        server_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (type, server_id)
      ) WITHOUT ROWID;

      CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        starts_on TEXT,
        ends_on TEXT,
        stations TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      -- Job fairs (job_fair) and live-stream recruiting sessions (live_stream).
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('job_fair', 'live_stream')),
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        place TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT,
        stations TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX events_starts_at ON events (starts_at);

      CREATE TABLE service_ratings (
        id TEXT PRIMARY KEY,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        topic TEXT,
        station TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE device_events (
        id TEXT PRIMARY KEY,
        device TEXT NOT NULL,
        state TEXT NOT NULL,
        message TEXT,
        created_at TEXT NOT NULL
      );
    `);
  },
};
