import type { Database } from 'better-sqlite3';
import { migration0010 } from './0010-initial.js';

/**
 * One schema step of the server database. Versions go up in tens so that a
 * fix can be slotted in between two released versions. Each step runs inside
 * one transaction.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Every migration in the order it runs. Never edit a released one: add a new step. */
export const migrations: readonly Migration[] = [migration0010];
