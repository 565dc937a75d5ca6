// The one API contract between the screens and the services. Both hosts (the
// Electron preload and the loopback web host) validate every call against
// these schemas, and the screens use only a client of this table.
import { z } from 'zod';
import {
  jobDetailSchema,
  jobPageSchema,
  jobQuerySchema,
  policyDetailSchema,
  policySummarySchema,
  jobSummarySchema,
} from './catalogue.js';
import {
  devicesStatusSchema,
  idCardReadParamsSchema,
  maskedCardSchema,
  printJobSlipResultSchema,
  scanResultSchema,
  scannerReadParamsSchema,
} from './devices.js';

export const kioskConfigSchema = z.object({
  stationName: z.string(),
  idleTimeoutSeconds: z.number().int().min(10).max(3600),
  attractRotateSeconds: z.number().int().min(2).max(120),
  demo: z.boolean(),
});
export type KioskConfig = z.infer<typeof kioskConfigSchema>;

/** Sync with the county server as the screens show it (待上传 N 条, 最后同步时间). */
export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  /** Whether kiosk.json names a county server, so the kiosk syncs at all. */
  syncEnabled: z.boolean(),
  lastSyncAt: z.string().nullable(),
  pendingCount: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  offlineSince: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  /** The last failure in plain Chinese words, or null after a complete sync. */
  lastError: z.string().nullable(),
});
export type SyncStatusResult = z.infer<typeof syncStatusSchema>;

const idParams = z.object({ id: z.number().int().min(1) });
const noParams = z.object({}).strict();

/** Each method: the schema of its params and of its result value. */
export const apiMethods = {
  'kiosk.config': { params: noParams, result: kioskConfigSchema },
  'jobs.search': { params: jobQuerySchema, result: jobPageSchema },
  'jobs.get': { params: idParams, result: jobDetailSchema },
  'jobs.highlights': {
    params: z.object({ limit: z.number().int().min(1).max(30).default(8) }),
    result: z.array(jobSummarySchema),
  },
  'jobs.keywords': { params: noParams, result: z.array(z.string()) },
  'policies.list': { params: noParams, result: z.array(policySummarySchema) },
  'policies.get': { params: idParams, result: policyDetailSchema },
  'sync.status': { params: noParams, result: syncStatusSchema },
  'devices.status': { params: noParams, result: devicesStatusSchema },
  /** Long poll: waits for a card placement and returns masked data only. */
  'idcard.read': { params: idCardReadParamsSchema, result: maskedCardSchema },
  'print.jobSlip': { params: idParams, result: printJobSlipResultSchema },
  /** Long poll: waits for the next code from a HID POS scanner. */
  'scanner.read': { params: scannerReadParamsSchema, result: scanResultSchema },
} as const;

export type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods;
export type ParamsInput<M extends MethodName> = z.input<ApiMethods[M]['params']>;
export type Params<M extends MethodName> = z.output<ApiMethods[M]['params']>;
export type Result<M extends MethodName> = z.output<ApiMethods[M]['result']>;

/** Stable error codes, so a screen can tell one failure from another. */
export const ERROR_CODES = [
  'INVALID_PARAMS',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'INTERNAL',
  'UNAVAILABLE',
  // Device failures; their message is the plain Chinese text for the screen.
  'NO_CARD',
  'CARD_UNREADABLE',
  'READER_DISCONNECTED',
  'READER_FAULT',
  'PRINTER_PAPER_OUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_OFFLINE',
  'PRINTER_FAULT',
  'PRINTER_TIMEOUT',
  'PRINTER_DISCONNECTED',
  'NO_SCAN',
  'SCANNER_DISCONNECTED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

/** The envelope every call returns, on both hosts. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The implementation the services provide for each method. */
export type ApiHandlers = {
  [M in MethodName]: (params: Params<M>) => Result<M> | Promise<Result<M>>;
};

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(apiMethods, name);
}
