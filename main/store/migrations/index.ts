import type { Database } from 'better-sqlite3';
import { migration0010 } from './0010-catalogue.js';
import { migration0020 } from './0020-sync.js';
import { migration0030 } from './0030-search-index.js';

/**
 * One schema step. Versions go up in tens so that a fix can be slotted in
 * between two released versions. Each step runs inside one transaction.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Every migration in the order it runs. Never edit a released one: add a new step. */
export const migrations: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
];
