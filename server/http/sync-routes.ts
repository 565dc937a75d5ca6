// The kiosk-facing API of main/contract/sync.ts: enrolment, changes,
// snapshot, push and heartbeat. Every request and response is checked
// against the contract's schemas, except the push: its entries get a
// hand-written check per entry (server/store/push-entry.ts) and its reply is
// typed, because zod per element was a visible share of a push's server time.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../../main/log.js';
import {
  MAX_PUSH_ENTRIES,
  SYNC_API_PREFIX,
  changesPageSchema,
  cursorSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  heartbeatRequestSchema,
  heartbeatResponseSchema,
  snapshotPageSchema,
  type PushResponse,
} from '../../main/contract/sync.js';
import { writeAudit } from '../store/audit.js';
import { enrolKiosk, recordHeartbeat, touchKioskSync } from '../store/kiosks.js';
import { storePushedEntries } from '../store/records.js';
import {
  CursorExpiredError,
  InvalidPageTokenError,
  readChangesPage,
  readRawSnapshotPage,
  snapshotPageBody,
} from '../store/sync-feed.js';
import {
  ADDRESS_THROTTLE,
  clearFailures,
  lockRemainingMs,
  recordFailure,
} from '../store/throttle.js';
import type { ServerContext } from './context.js';
import { HttpError, checkOutput, parseInput } from './errors.js';
import { requireKiosk } from './kiosk-auth.js';

/** Largest change page served, and the page size when the request sets no limit. */
export const MAX_CHANGES_LIMIT = 1000;
const DEFAULT_CHANGES_LIMIT = 500;

/**
 * Largest push body, enough for 200 entries of up to 64 KiB each. Kiosks
 * start a new batch after PUSH_BATCH_BYTES of payloads, far below it.
 */
const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

const changesQuerySchema = z.object({
  epoch: cursorSchema.shape.epoch,
  after: z.coerce.number().int().min(0),
  // A larger limit is served as MAX_CHANGES_LIMIT: the contract lets the
  // server return fewer changes than asked, so a kiosk never gets stuck on 400.
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_CHANGES_LIMIT)
    .transform((limit) => Math.min(limit, MAX_CHANGES_LIMIT)),
});

const snapshotQuerySchema = z.object({ page: z.string().min(1).max(2000).optional() });

/**
 * The contract's snapshot page with each item's data as the stored JSON
 * bytes. The route checks pages against it and splices the bytes into the
 * reply, because decoding, parsing, re-checking, serialising and encoding
 * every item's data was most of the server's time per snapshot page.
 */
const rawSnapshotPageSchema = snapshotPageSchema.extend({
  items: z.array(
    snapshotPageSchema.shape.items.element.extend({ data: z.instanceof(Buffer) }),
  ),
});

/**
 * Reads the entries of a push body, raising 400 INVALID_REQUEST for a body
 * that is not `{ entries: [1 to MAX_PUSH_ENTRIES items] }`. Each entry is
 * checked on its own later, so that one bad entry fails alone.
 */
function pushEntriesOf(body: unknown): unknown[] {
  const entries =
    body !== null && typeof body === 'object'
      ? (body as Record<string, unknown>)['entries']
      : undefined;
  if (!Array.isArray(entries)) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      'Invalid push request: entries: expected an array of outbox entries.',
    );
  }
  if (entries.length < 1 || entries.length > MAX_PUSH_ENTRIES) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      `Invalid push request: entries: expected 1 to ${MAX_PUSH_ENTRIES} entries, got ${entries.length}.`,
    );
  }
  return entries as unknown[];
}

const ENROL_FAILURE_MESSAGES = {
  unknown:
    'The enrolment code is not valid. Check it, or ask county staff for a new code.',
  used: 'The enrolment code has already been used. Ask county staff for a new code.',
  expired: 'The enrolment code has expired. Ask county staff for a new code.',
} as const;

function expired(error: unknown): never {
  if (error instanceof CursorExpiredError)
    throw new HttpError(410, 'CURSOR_EXPIRED', error.message);
  if (error instanceof InvalidPageTokenError)
    throw new HttpError(400, 'INVALID_REQUEST', error.message);
  throw error;
}

export function registerSyncRoutes(
  app: FastifyInstance,
  context: ServerContext,
  log: Logger,
): void {
  const { db } = context;

  app.post(`${SYNC_API_PREFIX}/enrol`, (request) => {
    const now = context.now();
    const addressKey = `enrol-address:${request.ip}`;
    const lockMs = lockRemainingMs(db, addressKey, now);
    if (lockMs > 0) {
      const seconds = Math.ceil(lockMs / 1000);
      throw new HttpError(
        429,
        'RATE_LIMITED',
        `Too many wrong enrolment codes from this address; try again in ${seconds} seconds.`,
        { 'retry-after': String(seconds) },
      );
    }
    const input = parseInput(enrolRequestSchema, request.body, 'enrolment request');
    const outcome = enrolKiosk(db, input, now);
    const audit = {
      actorType: 'anonymous' as const,
      actorId: null,
      actorName: input.name,
      clientAddress: request.ip,
      action: 'kiosk.enrol',
      targetType: 'kiosk',
    };
    if (!outcome.ok) {
      recordFailure(db, addressKey, ADDRESS_THROTTLE, now);
      writeAudit(
        db,
        {
          ...audit,
          targetId: null,
          result: 'failed',
          detail: { reason: outcome.reason },
        },
        now,
      );
      log.warn({ reason: outcome.reason, address: request.ip }, 'enrolment rejected');
      throw new HttpError(401, 'UNAUTHORIZED', ENROL_FAILURE_MESSAGES[outcome.reason]);
    }
    clearFailures(db, addressKey);
    writeAudit(
      db,
      {
        ...audit,
        targetId: outcome.kioskId,
        result: 'ok',
        detail: { station: outcome.station },
      },
      now,
    );
    log.info({ kioskId: outcome.kioskId, station: outcome.station }, 'kiosk enrolled');
    const { kioskId, secret, station } = outcome;
    return checkOutput(
      enrolResponseSchema,
      { kioskId, secret, station },
      'enrolment response',
    );
  });

  app.get(`${SYNC_API_PREFIX}/sync/changes`, (request) => {
    const kiosk = requireKiosk(context, request);
    const query = parseInput(changesQuerySchema, request.query, 'changes query');
    const now = context.now();
    let page;
    try {
      page = readChangesPage(
        db,
        kiosk,
        { epoch: query.epoch, after: query.after },
        query.limit,
        now,
      );
    } catch (error) {
      expired(error);
    }
    touchKioskSync(db, kiosk.id, now);
    return checkOutput(changesPageSchema, page, 'changes page');
  });

  app.get(`${SYNC_API_PREFIX}/sync/snapshot`, (request, reply) => {
    const kiosk = requireKiosk(context, request);
    const query = parseInput(snapshotQuerySchema, request.query, 'snapshot query');
    const now = context.now();
    let page;
    try {
      page = readRawSnapshotPage(
        db,
        kiosk,
        query.page ?? null,
        context.snapshotPageSize,
        now,
      );
    } catch (error) {
      expired(error);
    }
    touchKioskSync(db, kiosk.id, now);
    const checked = checkOutput(rawSnapshotPageSchema, page, 'snapshot page');
    return reply.type('application/json; charset=utf-8').send(snapshotPageBody(checked));
  });

  app.post(`${SYNC_API_PREFIX}/sync/push`, { bodyLimit: PUSH_BODY_LIMIT }, (request) => {
    const kiosk = requireKiosk(context, request);
    const entries = pushEntriesOf(request.body);
    const now = context.now();
    // One commit for the records and the kiosk's last sync time.
    const results = db.transaction(() => {
      const stored = storePushedEntries(db, context.recordKey, kiosk.id, entries, now);
      touchKioskSync(db, kiosk.id, now);
      return stored;
    })();
    const rejected = results.filter((result) => result.status === 'rejected').length;
    if (rejected > 0)
      log.warn(
        { kioskId: kiosk.id, rejected, entries: results.length },
        'push entries rejected',
      );
    // storePushedEntries builds every result from typed literals, so the
    // reply skips the zod re-check that the other routes run.
    const reply: PushResponse = { results };
    return reply;
  });

  app.post(`${SYNC_API_PREFIX}/heartbeat`, (request) => {
    const kiosk = requireKiosk(context, request);
    const beat = parseInput(heartbeatRequestSchema, request.body, 'heartbeat');
    const kioskTime = new Date(beat.kioskTime);
    if (Number.isNaN(kioskTime.getTime())) {
      throw new HttpError(
        400,
        'INVALID_REQUEST',
        `Invalid heartbeat: kioskTime "${beat.kioskTime.slice(0, 40)}" is not a date-time.`,
      );
    }
    const outcome = recordHeartbeat(db, kiosk.id, beat, kioskTime, context.now());
    if (outcome.newlyFlagged) {
      log.warn(
        { kioskId: kiosk.id, clockOffsetMs: outcome.clockOffsetMs },
        'kiosk clock is off',
      );
    }
    const { serverTime, clockOffsetMs, clockFlagged } = outcome;
    return checkOutput(
      heartbeatResponseSchema,
      { serverTime, clockOffsetMs, clockFlagged },
      'heartbeat response',
    );
  });
}
