import { randomBytes } from 'node:crypto';
import type { Migration } from './index.js';

const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * The whole first schema: catalogue with its change log, staff accounts and
 * sessions, kiosks, pushed records and the audit log. The epoch is made here,
 * once per database file.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      -- epoch: random id of this database file; revision: the global change
      -- counter; compacted_through: change-log rows up to this revision may
      -- have been dropped, so older cursors are expired.
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE stations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        town TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT ${NOW}
      );

      CREATE TABLE employers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL DEFAULT ${NOW}
      );

      -- Current state of every catalogue item. data is the item's wire form
      -- (the sync schema of its type); items are never deleted from this table,
      -- so the status 'deleted' keeps the id taken.
      CREATE TABLE catalogue_items (
        type TEXT NOT NULL CHECK (type IN ('job', 'policy', 'notice', 'event')),
        id TEXT NOT NULL,
        owner_station TEXT REFERENCES stations(id),
        status TEXT NOT NULL
          CHECK (status IN ('draft', 'published', 'filled', 'withdrawn', 'deleted')),
        data TEXT NOT NULL,
        towns TEXT NOT NULL DEFAULT '[]',
        employer_id INTEGER REFERENCES employers(id),
        expires_at TEXT,
        expiry_logged INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL DEFAULT ${NOW},
        created_by INTEGER,
        updated_at TEXT NOT NULL DEFAULT ${NOW},
        updated_by INTEGER,
        PRIMARY KEY (type, id)
      ) WITHOUT ROWID;
      CREATE INDEX catalogue_items_owner ON catalogue_items (owner_station, type);
      CREATE INDEX catalogue_items_expiry ON catalogue_items (expires_at)
        WHERE status = 'published' AND expiry_logged = 0;

      -- One row per revision: the item's published form at that revision
      -- (op 'upsert') or a tombstone (op 'delete'). Changes and snapshots are
      -- both served from here.
      CREATE TABLE changes (
        revision INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        data TEXT,
        stations TEXT NOT NULL DEFAULT '[]',
        towns TEXT NOT NULL DEFAULT '[]',
        expires_at TEXT,
        changed_at TEXT NOT NULL DEFAULT ${NOW}
      );
      CREATE INDEX changes_item ON changes (type, id, revision);

      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('county_admin', 'station_staff')),
        station_id TEXT REFERENCES stations(id),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT ${NOW},
        updated_at TEXT NOT NULL DEFAULT ${NOW},
        CHECK (role = 'county_admin' OR station_id IS NOT NULL)
      );

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL DEFAULT ${NOW},
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_expiry ON sessions (expires_at);

      -- Failed sign-ins per key ('account:NAME' or 'address:IP').
      CREATE TABLE sign_in_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until TEXT,
        last_failure_at TEXT NOT NULL
      );

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT ${NOW},
        actor_type TEXT NOT NULL CHECK (actor_type IN ('account', 'kiosk', 'anonymous', 'system')),
        actor_id TEXT,
        actor_name TEXT,
        client_address TEXT,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        result TEXT NOT NULL CHECK (result IN ('ok', 'denied', 'failed', 'invalid')),
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        station_id TEXT NOT NULL REFERENCES stations(id),
        created_by INTEGER REFERENCES accounts(id),
        created_at TEXT NOT NULL DEFAULT ${NOW},
        expires_at TEXT NOT NULL,
        used_at TEXT,
        kiosk_id TEXT
      );

      CREATE TABLE kiosks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        station_id TEXT NOT NULL REFERENCES stations(id),
        secret_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        enrolled_at TEXT NOT NULL DEFAULT ${NOW},
        revoked_at TEXT,
        last_seen_at TEXT,
        last_sync_at TEXT,
        heartbeat_at TEXT,
        uptime_seconds REAL,
        outbox_depth INTEGER,
        reported_last_sync_at TEXT,
        devices TEXT,
        clock_offset_ms INTEGER,
        clock_flagged INTEGER NOT NULL DEFAULT 0
      );

      -- Records pushed by kiosks, stored once by the kiosk's own id. payload
      -- is AES-256-GCM ciphertext; content_hash detects an id reused with
      -- other content.
      CREATE TABLE records (
        id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        payload BLOB NOT NULL,
        received_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE push_rejections (
        id INTEGER PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        entry_type TEXT,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL
      );
      CREATE INDEX push_rejections_kiosk ON push_rejections (kiosk_id, id);
    `);

    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('epoch', randomBytes(12).toString('base64url'));
    setMeta.run('revision', '0');
    setMeta.run('compacted_through', '0');
  },
};
