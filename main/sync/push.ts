// Push: pending outbox entries go up in creation order, in batches. The
// server stores each id once, so an entry whose reply was lost is simply
// sent again and comes back as a duplicate.
import {
  MAX_PUSH_ENTRIES,
  pushResponseSchema,
  type OutboxEntry,
} from '../contract/sync.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { applyPushResults, markAttemptFailed, takePending } from '../store/outbox.js';
import { writeLastPush } from '../store/sync-state.js';
import { SyncError } from './errors.js';
import type { SyncHttp } from './http.js';

export interface PushContext {
  db: Db;
  http: SyncHttp;
  /** Entries per request, at most MAX_PUSH_ENTRIES. */
  batchSize: number;
  now: () => Date;
  log: Logger;
}

export interface PushOutcome {
  sent: number;
  rejected: number;
  batches: number;
}

/** Checks that the server returned one result per entry, for the same ids in request order. */
function validateResults(entries: readonly OutboxEntry[], ids: readonly string[]): void {
  if (ids.length !== entries.length) {
    throw new SyncError(
      'MALFORMED_REPLY',
      `Push reply has ${ids.length} results for ${entries.length} entries`,
    );
  }
  ids.forEach((id, index) => {
    if (id !== entries[index]!.id) {
      throw new SyncError(
        'MALFORMED_REPLY',
        `Push reply result ${index} is for ${id}, expected ${entries[index]!.id}`,
      );
    }
  });
}

/** Pushes every entry that was pending when the push started. */
export async function push(context: PushContext): Promise<PushOutcome> {
  const { db, http, log } = context;
  const batchSize = Math.min(Math.max(1, context.batchSize), MAX_PUSH_ENTRIES);
  const outcome: PushOutcome = { sent: 0, rejected: 0, batches: 0 };

  const pendingAtStart = db
    .prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE status = 'pending'",
    )
    .get()!.n;
  const maxBatches = Math.ceil(pendingAtStart / batchSize);

  for (let batch = 0; batch < maxBatches; batch++) {
    const entries = takePending(db, batchSize);
    if (entries.length === 0) break;
    let results;
    try {
      const response = await http.post('/sync/push', { entries }, pushResponseSchema);
      validateResults(
        entries,
        response.results.map((result) => result.id),
      );
      results = response.results;
    } catch (error) {
      markAttemptFailed(
        db,
        entries.map((entry) => entry.id),
      );
      throw error;
    }

    const counts = applyPushResults(db, results, context.now().toISOString());
    writeLastPush(db, context.now().toISOString());
    outcome.sent += counts.sent;
    outcome.rejected += counts.rejected;
    outcome.batches++;
    log.debug({ entries: entries.length, ...counts }, 'push batch applied');
    for (const result of results) {
      if (result.status === 'rejected') {
        log.warn(
          { recordId: result.id, reason: result.reason },
          'server rejected an outbox entry',
        );
      }
    }
  }
  return outcome;
}
