// Wire protocol between kiosks and the county server, validated on both
// ends. Catalogue changes flow down by server revision; records a kiosk makes
// flow up through its outbox, each with an id made on the kiosk.
import { z } from 'zod';
import { areaSchema, jobCategorySchema, jobKindSchema, paySchema } from './catalogue.js';

export const SYNC_API_PREFIX = '/api/v1';

/**
 * A pull cursor: the server database's epoch (a random id, new whenever the
 * server database is created or restored from a backup) and the last
 * revision the kiosk has applied. A cursor from another epoch is useless.
 */
export const cursorSchema = z.object({
  epoch: z.string().min(8).max(64),
  revision: z.number().int().min(0),
});
export type Cursor = z.infer<typeof cursorSchema>;

export const CATALOGUE_TYPES = ['job', 'policy', 'notice', 'event'] as const;
export const catalogueTypeSchema = z.enum(CATALOGUE_TYPES);
export type CatalogueType = z.infer<typeof catalogueTypeSchema>;

/** A published job posting as kiosks receive it. */
export const syncJobSchema = z.object({
  title: z.string().min(1).max(200),
  employer: z.string().min(1).max(200),
  kind: jobKindSchema,
  category: jobCategorySchema,
  pay: paySchema,
  area: areaSchema,
  location: z.string().max(500),
  suShaan: z.boolean(),
  headcount: z.number().int().min(0).nullable(),
  contactName: z.string().max(100),
  contactPhone: z.string().max(50),
  education: z.string().max(100),
  experience: z.string().max(100),
  requirements: z.string().max(5000),
  benefits: z.string().max(2000),
  postedOn: z.string().nullable(),
  deadline: z.string().nullable(),
  highlighted: z.boolean(),
  stations: z.array(z.string()).max(20),
});
export type SyncJob = z.infer<typeof syncJobSchema>;

export const syncPolicySchema = z.object({
  title: z.string().min(1).max(200),
  category: z.string().max(50),
  summary: z.string().max(2000),
  benefit: z.string().max(2000),
  eligibility: z.string().max(4000),
  materials: z.string().max(4000),
  whereToApply: z.string().max(1000),
  sourceDocument: z.string().max(500),
  sortOrder: z.number().int(),
});
export type SyncPolicy = z.infer<typeof syncPolicySchema>;

export const syncNoticeSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(4000),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  stations: z.array(z.string()).max(20),
});
export type SyncNotice = z.infer<typeof syncNoticeSchema>;

/** A job fair (招聘会) or a live-stream recruiting session (直播带岗). */
export const syncEventSchema = z.object({
  kind: z.enum(['job_fair', 'live_stream']),
  title: z.string().min(1).max(200),
  description: z.string().max(4000),
  place: z.string().max(500),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  stations: z.array(z.string()).max(20),
});
export type SyncEvent = z.infer<typeof syncEventSchema>;

/**
 * One change after a cursor. `upsert` carries the item's full published
 * form; `delete` is a tombstone (filled, withdrawn, expired or deleted).
 */
export const changeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('upsert'),
    revision: z.number().int().min(1),
    type: catalogueTypeSchema,
    id: z.string().min(1).max(64),
    data: z.unknown(),
  }),
  z.object({
    op: z.literal('delete'),
    revision: z.number().int().min(1),
    type: catalogueTypeSchema,
    id: z.string().min(1).max(64),
  }),
]);
export type Change = z.infer<typeof changeSchema>;

/**
 * GET {prefix}/sync/changes?epoch=E&after=R&limit=N
 * Changes with revision > R in revision order, at most N. `next` is the
 * cursor to store with this page (in the same transaction as applying it).
 * A cursor of another epoch, or older than the server keeps tombstones for,
 * gets HTTP 410 with error code CURSOR_EXPIRED: reload a snapshot.
 */
export const changesPageSchema = z.object({
  changes: z.array(changeSchema),
  next: cursorSchema,
  more: z.boolean(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

/**
 * GET {prefix}/sync/snapshot?page=TOKEN
 * Every live catalogue item at one revision, in pages. The first request has
 * no token; each page returns the token of the next, or null on the last.
 * `cursor` is the same on every page of one snapshot; if the server's epoch
 * changes mid-snapshot it responds with 410 and the kiosk starts again.
 */
export const snapshotPageSchema = z.object({
  cursor: cursorSchema,
  items: z.array(
    z.object({
      type: catalogueTypeSchema,
      id: z.string().min(1).max(64),
      data: z.unknown(),
    }),
  ),
  nextPage: z.string().nullable(),
});
export type SnapshotPage = z.infer<typeof snapshotPageSchema>;

export const RECORD_TYPES = [
  'registration',
  'application',
  'rating',
  'device_event',
] as const;
export const recordTypeSchema = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof recordTypeSchema>;

/** One outbox entry: a record the kiosk made, with the kiosk's own UUIDv7 id. */
export const outboxEntrySchema = z.object({
  id: z.uuid(),
  type: recordTypeSchema,
  createdAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/**
 * Largest number of entries in one push request. Servers before this value
 * took at most 200, so update the county server before the kiosks.
 */
export const MAX_PUSH_ENTRIES = 1000;

/**
 * Payload bytes (UTF-8 JSON) after which a kiosk starts a new push batch. A
 * failed batch is sent again whole, so a batch should upload well within the
 * 15 s default request timeout on a slow line: 256 KiB takes about 9 s at
 * 30 KB/s. One entry larger than this goes alone.
 */
export const PUSH_BATCH_BYTES = 256 * 1024;

/** POST {prefix}/sync/push */
export const pushRequestSchema = z.object({
  entries: z.array(outboxEntrySchema).min(1).max(MAX_PUSH_ENTRIES),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResultSchema = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  reason: z.string().optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

/** One result per entry, in request order. */
export const pushResponseSchema = z.object({ results: z.array(pushResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const deviceHealthSchema = z.object({
  device: z.string().max(50),
  state: z.enum(['ready', 'warning', 'fault', 'disconnected']),
  message: z.string().max(200).optional(),
});

/** POST {prefix}/heartbeat */
export const heartbeatRequestSchema = z.object({
  version: z.string().max(50),
  uptimeSeconds: z.number().min(0),
  outboxDepth: z.number().int().min(0),
  lastSyncAt: z.string().nullable(),
  devices: z.array(deviceHealthSchema).max(20),
  kioskTime: z.string(),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;

export const heartbeatResponseSchema = z.object({
  serverTime: z.string(),
  clockOffsetMs: z.number(),
  clockFlagged: z.boolean(),
});
export type HeartbeatResponse = z.infer<typeof heartbeatResponseSchema>;

/** POST {prefix}/enrol: exchanges a one-time code for the kiosk's credential. */
export const enrolRequestSchema = z.object({
  code: z.string().min(6).max(64),
  name: z.string().min(1).max(100),
  version: z.string().max(50),
});
export const enrolResponseSchema = z.object({
  kioskId: z.string(),
  /** Sent once; the kiosk stores it encrypted, the server only a hash. */
  secret: z.string(),
  station: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

/** Error body of every non-2xx response: `{ error: { code, message } }`. */
export const SYNC_ERROR_CODES = [
  'UNAUTHORIZED',
  'KIOSK_REVOKED',
  'FORBIDDEN',
  'INVALID_REQUEST',
  'CURSOR_EXPIRED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export const syncErrorSchema = z.object({
  error: z.object({ code: z.enum(SYNC_ERROR_CODES), message: z.string() }),
});
