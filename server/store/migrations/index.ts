import type { Migration } from '../../../main/store/migrations/index.js';
import { migration0010 } from './0010-initial.js';
import { migration0020 } from './0020-records-received.js';

export type { Migration } from '../../../main/store/migrations/index.js';

/** Every migration in the order it runs. Never edit a released one: add a new step. */
export const migrations: readonly Migration[] = [migration0010, migration0020];
