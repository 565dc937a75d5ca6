// The kiosk's sync loop: push the outbox, pull the catalogue, send a
// heartbeat, then wait one interval, or a backoff with full jitter after a
// failure.
import {
  MAX_PUSH_ENTRIES,
  heartbeatResponseSchema,
  type HeartbeatRequest,
} from '../contract/sync.js';
import { createLogger } from '../log.js';
import type { Db } from '../store/db.js';
import { countOutbox, pruneSent, writeNextAttempt } from '../store/outbox.js';
import {
  readSyncState,
  writeClockOffset,
  writeSyncFailure,
  writeSyncSuccess,
} from '../store/sync-state.js';
import { SyncError, toSyncError } from './errors.js';
import { SyncHttp, type KioskCredential } from './http.js';
import { pull, type PullOutcome } from './pull.js';
import { push, type PushOutcome } from './push.js';
import { readSyncStatus, type SyncStatus } from './status.js';

const log = createLogger('sync');

/** Default days a sent outbox entry is kept, which is the age of the oldest backup a server restore loses nothing from. */
export const KEEP_SENT_DAYS = 90;
const DAY_MS = 86_400_000;

export const DEFAULT_INTERVAL_MS = 60_000;

export interface SyncClientOptions {
  db: Db;
  serverUrl: string;
  /** Null before enrolment: every attempt then fails with NOT_ENROLLED. */
  credential: KioskCredential | null;
  /** Time between complete syncs in ms (default 60 s). */
  intervalMs?: number;
  /** First backoff step in ms after a failure (default 5 s); doubles per failure. */
  backoffBaseMs?: number;
  /** Maximum backoff in ms (default 5 min). */
  backoffCapMs?: number;
  /** Retry delay in ms when staff must act first: revoked or unknown kiosk (default 1 h). */
  staffActionRetryMs?: number;
  /** Maximum time in ms for one HTTP request (default 15 s). */
  requestTimeoutMs?: number;
  /** Changes per pull page (default 500). */
  pageSize?: number;
  /** Entries per push request (default and maximum MAX_PUSH_ENTRIES). */
  pushBatchSize?: number;
  /**
   * Days a sent outbox entry is kept (default KEEP_SENT_DAYS), so that it can
   * go up again after the server is restored from a backup up to that old.
   */
  keepSentDays?: number;
  /** Kiosk software version sent in heartbeats. */
  version: string;
  /** Device health for the heartbeat; none until the device drivers report it. */
  devices?: () => HeartbeatRequest['devices'];
  random?: () => number;
  now?: () => Date;
}

/** Outcome of one attempt. `error` is null when it pushed and pulled everything. */
export interface SyncAttemptResult {
  error: SyncError | null;
  push: PushOutcome | null;
  pull: PullOutcome | null;
  /** Delay in ms until the next scheduled attempt. */
  nextDelayMs: number;
}

export class SyncClient {
  private readonly http: SyncHttp;
  private readonly intervalMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly staffActionRetryMs: number;
  private readonly random: () => number;
  private readonly now: () => Date;
  private failures = 0;
  private lastPruneMs = Number.NEGATIVE_INFINITY;
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncAttemptResult> | null = null;
  private queued: Promise<SyncAttemptResult> | null = null;
  private halted = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: SyncClientOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.backoffBaseMs = options.backoffBaseMs ?? 5_000;
    this.backoffCapMs = options.backoffCapMs ?? 5 * 60_000;
    this.staffActionRetryMs = options.staffActionRetryMs ?? 60 * 60_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    this.http = new SyncHttp({
      serverUrl: options.serverUrl,
      credential: options.credential,
      timeoutMs: options.requestTimeoutMs ?? 15_000,
      signal: this.abort.signal,
    });
  }

  /** Starts syncing now and then on schedule until stop() or halt(). */
  start(): void {
    if (this.started || this.halted) return;
    this.started = true;
    log.info({ intervalMs: this.intervalMs }, 'sync client started');
    this.syncInBackground();
  }

  /**
   * Stops at once, without waiting: cancels the schedule and aborts the
   * request in flight, so the caller may close the store right away. The
   * attempt in flight then ends without writing to the store.
   */
  halt(): void {
    this.started = false;
    this.halted = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    log.info('sync client halted');
  }

  /** Stops the schedule and waits for a running attempt to finish. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    log.info('sync client stopped');
  }

  /** Status for the screens. */
  status(): SyncStatus {
    return readSyncStatus(this.options.db);
  }

  /**
   * Runs an attempt as soon as the running one (if any) ends. Calls made
   * while an attempt is already queued share that attempt.
   */
  syncNow(): Promise<SyncAttemptResult> {
    if (this.queued !== null) return this.queued;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;

    const previous = this.running ?? Promise.resolve();
    const next: Promise<SyncAttemptResult> = previous
      .catch(() => undefined)
      .then(async () => {
        this.queued = null;
        this.running = next;
        try {
          if (this.halted) return this.haltedResult();
          const result = await this.attempt();
          this.schedule(result.nextDelayMs);
          return result;
        } catch (error) {
          // After halt() the store may be closed under the attempt.
          if (this.halted) return this.haltedResult();
          throw error;
        } finally {
          this.running = null;
        }
      });
    this.queued = next;
    return next;
  }

  private haltedResult(): SyncAttemptResult {
    return {
      error: new SyncError('INTERNAL', 'Sync client was halted'),
      push: null,
      pull: null,
      nextDelayMs: 0,
    };
  }

  private syncInBackground(): void {
    this.syncNow().catch((error: unknown) => {
      log.error({ err: error }, 'sync attempt crashed');
    });
  }

  private schedule(delayMs: number): void {
    if (!this.started || this.queued !== null) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.syncInBackground();
    }, delayMs);
  }

  /** Full jitter: a uniform delay between 0 and the capped exponential step. */
  private backoffDelay(): number {
    const step = Math.min(
      this.backoffCapMs,
      this.backoffBaseMs * 2 ** (this.failures - 1),
    );
    return Math.round(this.random() * step);
  }

  private async attempt(): Promise<SyncAttemptResult> {
    const { db } = this.options;
    const startedAt = this.now();
    const result: SyncAttemptResult = {
      error: null,
      push: null,
      pull: null,
      nextDelayMs: 0,
    };

    if (this.options.credential === null) {
      result.error = new SyncError(
        'NOT_ENROLLED',
        'Kiosk has no credential; enrol it first',
      );
    } else {
      await this.pushAndPull(result);
    }

    if (result.error === null) {
      this.failures = 0;
      result.nextDelayMs = this.intervalMs;
      writeSyncSuccess(db, this.now().toISOString());
    } else {
      this.failures++;
      result.nextDelayMs = result.error.needsStaff
        ? this.staffActionRetryMs
        : this.backoffDelay();
      writeSyncFailure(
        db,
        startedAt.toISOString(),
        result.error.code,
        result.error.plainWords,
      );
      writeNextAttempt(
        db,
        new Date(this.now().getTime() + result.nextDelayMs).toISOString(),
      );
      log.warn(
        {
          code: result.error.code,
          err: result.error.message,
          failures: this.failures,
          retryInMs: result.nextDelayMs,
        },
        'sync attempt failed',
      );
    }

    if (this.options.credential !== null && !result.error?.needsStaff) {
      await this.sendHeartbeat();
    }
    return result;
  }

  private async pushAndPull(result: SyncAttemptResult): Promise<void> {
    const { db } = this.options;
    const common = { db, http: this.http, now: this.now, log };
    const pushAll = async (): Promise<void> => {
      try {
        const outcome = await push({
          ...common,
          batchSize: this.options.pushBatchSize ?? MAX_PUSH_ENTRIES,
        });
        const earlier = result.push;
        result.push =
          earlier === null
            ? outcome
            : {
                sent: earlier.sent + outcome.sent,
                rejected: earlier.rejected + outcome.rejected,
                batches: earlier.batches + outcome.batches,
              };
      } catch (error) {
        result.error = toSyncError(error);
        if (result.error.code === 'INTERNAL')
          log.error({ err: error }, 'push failed unexpectedly');
      }
    };

    await pushAll();
    if (result.error?.needsStaff) return;

    try {
      result.pull = await pull({ ...common, pageSize: this.options.pageSize ?? 500 });
    } catch (error) {
      const syncError = toSyncError(error);
      if (syncError.code === 'INTERNAL')
        log.error({ err: error }, 'pull failed unexpectedly');
      result.error ??= syncError;
    }

    if (result.pull !== null && result.pull.requeued > 0 && result.error === null) {
      // The server database was restored: send what it may have lost at once.
      log.warn(
        { requeued: result.pull.requeued },
        'server epoch changed; sending sent entries again',
      );
      await pushAll();
    }
    const nowMs = this.now().getTime();
    // Entries expire by the day, so one prune a day after a successful attempt is enough.
    if (result.error === null && nowMs - this.lastPruneMs >= DAY_MS) {
      this.lastPruneMs = nowMs;
      const keepMs = (this.options.keepSentDays ?? KEEP_SENT_DAYS) * DAY_MS;
      const pruned = pruneSent(db, new Date(nowMs - keepMs).toISOString());
      if (pruned > 0) log.info({ pruned }, 'old sent outbox entries deleted');
    }
  }

  /** Sends the heartbeat; a failure is logged and recorded only when staff must act. */
  private async sendHeartbeat(): Promise<void> {
    const { db } = this.options;
    const state = readSyncState(db);
    const body: HeartbeatRequest = {
      version: this.options.version,
      uptimeSeconds: Math.round(process.uptime()),
      outboxDepth: countOutbox(db).pending,
      lastSyncAt: state.lastSyncAt,
      devices: this.options.devices?.() ?? [],
      kioskTime: this.now().toISOString(),
    };
    try {
      const reply = await this.http.post('/heartbeat', body, heartbeatResponseSchema);
      writeClockOffset(db, reply.clockOffsetMs);
      if (reply.clockFlagged) {
        log.warn(
          { clockOffsetMs: reply.clockOffsetMs },
          'server flagged the kiosk clock as wrong',
        );
      }
    } catch (error) {
      const syncError = toSyncError(error);
      log.warn({ code: syncError.code, err: syncError.message }, 'heartbeat failed');
      if (syncError.needsStaff) {
        writeSyncFailure(
          db,
          this.now().toISOString(),
          syncError.code,
          syncError.plainWords,
        );
      }
    }
  }
}
