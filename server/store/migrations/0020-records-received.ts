import type { Migration } from './index.js';

/**
 * Adds `records_received` to meta: how many records this database has
 * accepted in its life. The restore guard compares it with the mark file, so
 * a database restored from a backup is caught even when no catalogue change
 * happened after the backup.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'records-received',
  up(db) {
    db.exec(`
      INSERT INTO meta (key, value)
      SELECT 'records_received', count(*) FROM records;
    `);
  },
};
