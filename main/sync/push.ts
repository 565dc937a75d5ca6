// Push: pending outbox entries go up in creation order, in batches, two
// requests at a time. The server stores each id once, so an entry whose
// reply was lost is simply sent again and comes back as a duplicate.
import { MAX_PUSH_ENTRIES, type PushResult } from '../contract/sync.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import {
  applyPushResults,
  markAttemptFailed,
  takePendingBatch,
  type PendingBatch,
} from '../store/outbox.js';
import { writeLastPush } from '../store/sync-state.js';
import type { ReplyReader, SyncHttp } from './http.js';

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

const STATUSES: ReadonlySet<string> = new Set(['accepted', 'duplicate', 'rejected']);

/**
 * Returns a reader for a push reply (pushResponseSchema) that also checks
 * one result per entry, for the same ids in request order. Written by hand
 * because a zod parse per result was a visible share of a push.
 */
export function pushReplyReader(ids: readonly string[]): ReplyReader<PushResult[]> {
  return (json) => {
    const results =
      json !== null && typeof json === 'object'
        ? (json as Record<string, unknown>)['results']
        : undefined;
    if (!Array.isArray(results)) return { ok: false, error: 'results is not an array' };
    if (results.length !== ids.length) {
      return {
        ok: false,
        error: `${results.length} results for ${ids.length} entries`,
      };
    }
    const checked: PushResult[] = [];
    for (const [index, raw] of (results as unknown[]).entries()) {
      const result = (raw ?? {}) as Record<string, unknown>;
      const { id, status, reason } = result;
      if (id !== ids[index]) {
        return {
          ok: false,
          error: `result ${index} is for ${String(id)}, expected ${ids[index]!}`,
        };
      }
      if (typeof status !== 'string' || !STATUSES.has(status)) {
        return { ok: false, error: `result ${index} has an invalid status` };
      }
      if (reason !== undefined && typeof reason !== 'string') {
        return { ok: false, error: `result ${index} has a reason that is not text` };
      }
      checked.push({
        id: ids[index]!,
        status: status as PushResult['status'],
        ...(reason === undefined ? {} : { reason }),
      });
    }
    return { ok: true, value: checked };
  };
}

/**
 * Push requests in flight at once. While the server stores one batch, the
 * kiosk applies the results of the one before and serialises the next.
 * Exactly-once holds for any window, because batches in flight never share
 * an entry: each starts after the last seq of the one before. The server
 * stores each id once, so an entry whose reply is lost comes back as a
 * duplicate next time. The server may store two batches in flight in either
 * order, which is safe because no record depends on the order of others.
 */
const PUSH_WINDOW = 2;

type Reply = { ok: true; results: PushResult[] } | { ok: false; error: unknown };

interface InFlight {
  batch: PendingBatch;
  reply: Promise<Reply>;
}

/**
 * Pushes every entry that was pending when the push started, in batches of
 * `batchSize`, PUSH_WINDOW requests at a time. After a failed request it
 * sends no new batch, applies the replies still in flight, and raises the
 * first error.
 */
export async function push(context: PushContext): Promise<PushOutcome> {
  const { db, http, log } = context;
  const batchSize = Math.min(Math.max(1, context.batchSize), MAX_PUSH_ENTRIES);
  const outcome: PushOutcome = { sent: 0, rejected: 0, batches: 0 };

  let remaining = db
    .prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE status = 'pending'",
    )
    .get()!.n;
  let afterSeq = 0;
  let failure: { error: unknown } | null = null;
  const inFlight: InFlight[] = [];

  const sendNext = (): void => {
    if (remaining <= 0 || failure !== null) return;
    const batch = takePendingBatch(db, batchSize, afterSeq);
    if (batch === null) return;
    afterSeq = batch.lastSeq;
    remaining -= batch.ids.length;
    const reply = http
      .postJsonText('/sync/push', batch.body, pushReplyReader(batch.ids))
      .then(
        (results): Reply => ({ ok: true, results }),
        (error: unknown): Reply => ({ ok: false, error }),
      );
    inFlight.push({ batch, reply });
  };

  sendNext();
  while (inFlight.length > 0) {
    if (inFlight.length < PUSH_WINDOW) sendNext();
    const { batch, reply } = inFlight.shift()!;
    const settled = await reply;
    if (!settled.ok) {
      markAttemptFailed(db, batch.ids);
      failure ??= { error: settled.error };
      continue;
    }
    const counts = applyBatch(context, settled.results);
    outcome.sent += counts.sent;
    outcome.rejected += counts.rejected;
    outcome.batches++;
    log.debug({ entries: batch.ids.length, ...counts }, 'push batch applied');
  }
  if (failure !== null) throw failure.error;
  return outcome;
}

/** Stores one batch's results and the push time in one transaction, and logs rejections. */
function applyBatch(
  context: PushContext,
  results: readonly PushResult[],
): { sent: number; rejected: number } {
  const { db, log } = context;
  const counts = db.transaction(() => {
    const applied = applyPushResults(db, results, context.now().toISOString());
    writeLastPush(db, context.now().toISOString());
    return applied;
  })();
  for (const result of results) {
    if (result.status === 'rejected') {
      log.warn(
        { recordId: result.id, reason: result.reason },
        'server rejected an outbox entry',
      );
    }
  }
  return counts;
}
