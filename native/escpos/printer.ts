import { EventEmitter } from 'node:events';
import { createLogger } from '../log.js';
import type { Transport, TransportError } from '../transport/index.js';
import { STATUS_REQUEST, type StatusRequestKind } from './commands.js';
import { EscPosEncoder, statusRequest } from './encoder.js';
import { PrinterError, errorFromHealth } from './errors.js';
import {
  PROBLEM_MESSAGES,
  StatusStreamParser,
  healthFromAutoStatusBack,
  healthFromProblems,
  healthFromReport,
  parseRealtimeStatus,
  sameHealth,
  type PrinterHealth,
  type RealtimeStatusOf,
  type StatusReport,
} from './status.js';
import type { PrintJob } from './templates.js';

const log = createLogger('printer');

export interface EscPosPrinterOptions {
  /** Time to wait for each `DLE EOT` reply, in milliseconds; default 1000. */
  statusTimeoutMs?: number;
  /** Bytes per transport write; default 512. */
  chunkSize?: number;
  /** Pause between chunks, in milliseconds, for printers with a small buffer and no flow control; default 0. */
  chunkDelayMs?: number;
  /** Interval of `startPolling()`, in milliseconds; default 5000. */
  pollIntervalMs?: number;
}

export interface PrintResult {
  bytesSent: number;
  /** Health from the status query after sending. */
  health: PrinterHealth;
  /** Characters the template replaced by the substitute; 0 for raw bytes. */
  substituted: number;
}

export type EscPosPrinterEvents = {
  /** Health changed: a new state or a new set of problems. */
  health: [health: PrinterHealth, previous: PrinterHealth | undefined];
};

interface ReplyWaiter {
  resolve: (byte: number) => void;
  reject: (error: PrinterError) => void;
  timer: NodeJS.Timeout;
}

/**
 * ESC/POS printer driver over any byte transport: serial (RS-232, USB-CDC)
 * or TCP port 9100. Every print first queries the real-time status and
 * rejects the job with a typed {@link PrinterError} before sending any byte
 * when the printer is out of paper, open, offline or faulty; it then sends
 * the job in chunks and queries the status again.
 *
 * Requests run one at a time. Status replies are one byte each and carry no
 * request number, so a reply that comes after its timeout could be taken
 * for the reply to the next request: after a timeout the driver ignores
 * replies for one more timeout period before it asks again.
 */
export class EscPosPrinter extends EventEmitter<EscPosPrinterEvents> {
  private readonly statusTimeoutMs: number;
  private readonly chunkSize: number;
  private readonly chunkDelayMs: number;
  private readonly pollIntervalMs: number;
  private readonly parser = new StatusStreamParser();
  private waiter: ReplyWaiter | undefined;
  private quietUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private currentHealth: PrinterHealth | undefined;
  private junkBytes = 0;
  private lateReplies = 0;

  private readonly onData = (chunk: Buffer): void => this.accept(chunk);
  private readonly onDisconnect = (cause: TransportError): void => this.lose(cause);

  constructor(
    private readonly transport: Transport,
    options: EscPosPrinterOptions = {},
  ) {
    super();
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.chunkSize = options.chunkSize ?? 512;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) {
      throw new RangeError(`chunkSize must be a positive integer, got ${this.chunkSize}`);
    }
    transport.on('data', this.onData);
    transport.on('disconnect', this.onDisconnect);
  }

  /** Last known health, or undefined before the first status query. */
  get health(): PrinterHealth | undefined {
    return this.currentHealth;
  }

  /** Opens the transport and queries the status; resolves with the health, never rejects. */
  async open(): Promise<PrinterHealth> {
    return this.checkHealth();
  }

  /** Queries `DLE EOT 1` to `4`; rejects with PRINTER_TIMEOUT or PRINTER_DISCONNECTED. */
  queryStatus(): Promise<StatusReport> {
    return this.exclusive(async () => {
      await this.ensureOpen();
      return this.queryStatusNow();
    });
  }

  /** Queries the status and returns the health; problems become health states, never rejections. */
  checkHealth(): Promise<PrinterHealth> {
    return this.exclusive(async () => {
      try {
        await this.ensureOpen();
        return this.updateHealth(healthFromReport(await this.queryStatusNow()));
      } catch (error) {
        if (error instanceof PrinterError && error.health)
          return this.updateHealth(error.health);
        throw error;
      }
    });
  }

  /**
   * Prints raw bytes or a rendered template. Rejects with a {@link PrinterError}:
   * before sending (bytesSent 0) when the status shows a fault or the
   * printer does not reply; after sending when the second status query
   * shows a fault, because the slip may then be incomplete.
   */
  print(job: Uint8Array | PrintJob): Promise<PrintResult> {
    // Untyped callers can pass anything, so check the shape at run time.
    const bytes: unknown =
      job instanceof Uint8Array ? job : (job as Partial<PrintJob> | undefined)?.bytes;
    if (!(bytes instanceof Uint8Array)) {
      return Promise.reject(
        new TypeError('print job must be a Uint8Array or a PrintJob with bytes'),
      );
    }
    const substituted = job instanceof Uint8Array ? 0 : job.substituted;
    const name = job instanceof Uint8Array ? 'raw' : job.name;

    return this.exclusive(async () => {
      await this.ensureOpen();
      const before = this.updateHealth(healthFromReport(await this.queryStatusNow()));
      const rejection = errorFromHealth(before, 0, `Print job ${name} rejected`);
      if (rejection) {
        log.warn(
          { target: this.transport.target, job: name, code: rejection.code },
          'print rejected',
        );
        throw rejection;
      }

      const bytesSent = await this.send(bytes);
      // NOTE: a printer replies to DLE EOT as soon as it reads it, possibly before
      // it has printed the buffered job, so this query can miss a paper end
      // that happens while the tail of the slip is printing.
      const after = this.updateHealth(
        healthFromReport(await this.queryStatusNow(bytesSent)),
      );
      const failed = errorFromHealth(after, bytesSent, `Print job ${name} sent, then`);
      if (failed) {
        log.warn(
          { target: this.transport.target, job: name, code: failed.code, bytesSent },
          'fault after print',
        );
        throw failed;
      }
      log.info(
        { target: this.transport.target, job: name, bytesSent, substituted },
        'printed',
      );
      return { bytesSent, health: after, substituted };
    });
  }

  /**
   * Turns on automatic status back (`GS a`): the printer then sends a 4-byte
   * message on every status change, and the driver emits `health` for it
   * without polling. `mask` bits: 0x02 online, 0x04 errors, 0x08 roll paper.
   */
  enableAutoStatusBack(mask = 0x0e): Promise<void> {
    return this.exclusive(async () => {
      await this.ensureOpen();
      try {
        await this.transport.write(new EscPosEncoder().autoStatusBack(mask).bytes());
      } catch (cause) {
        throw this.disconnectedError(
          'automatic status back request could not be written',
          0,
          cause,
        );
      }
    });
  }

  /** Checks the health every `pollIntervalMs` and reconnects a lost transport; emits `health` on changes. */
  startPolling(intervalMs = this.pollIntervalMs): void {
    this.stopPolling();
    this.pollTimer = setInterval(() => {
      if (this.busy) return;
      this.checkHealth().catch((error: unknown) => {
        log.error(
          { target: this.transport.target, err: String(error) },
          'health poll failed',
        );
      });
    }, intervalMs);
    this.pollTimer.unref();
  }

  stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** Stops polling, detaches from the transport and closes it. */
  async close(): Promise<void> {
    this.stopPolling();
    this.transport.off('data', this.onData);
    this.transport.off('disconnect', this.onDisconnect);
    this.rejectWaiter(this.disconnectedError('printer driver closed'));
    await this.transport.close();
  }

  private async send(bytes: Uint8Array): Promise<number> {
    let sent = 0;
    for (let offset = 0; offset < bytes.length; offset += this.chunkSize) {
      const chunk = bytes.subarray(offset, offset + this.chunkSize);
      try {
        await this.transport.write(chunk);
      } catch (cause) {
        throw this.disconnectedError(
          `write failed after ${sent} of ${bytes.length} bytes`,
          sent,
          cause,
        );
      }
      sent += chunk.length;
      if (this.chunkDelayMs > 0 && sent < bytes.length) await sleep(this.chunkDelayMs);
    }
    return sent;
  }

  /** Sends `DLE EOT 1` to `4` one after another; a PrinterError updates the health before it is thrown. */
  private async queryStatusNow(bytesSent = 0): Promise<StatusReport> {
    try {
      return {
        printer: await this.requestStatus(STATUS_REQUEST.printer, bytesSent),
        offlineCause: await this.requestStatus(STATUS_REQUEST.offlineCause, bytesSent),
        errorCause: await this.requestStatus(STATUS_REQUEST.errorCause, bytesSent),
        paperSensor: await this.requestStatus(STATUS_REQUEST.paperSensor, bytesSent),
      };
    } catch (error) {
      if (error instanceof PrinterError && error.health) this.updateHealth(error.health);
      throw error;
    }
  }

  private async requestStatus<K extends StatusRequestKind>(
    kind: K,
    bytesSent: number,
  ): Promise<RealtimeStatusOf<K>> {
    const quiet = this.quietUntil - Date.now();
    if (quiet > 0) await sleep(quiet);

    const reply = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.quietUntil = Date.now() + this.statusTimeoutMs;
        reject(this.timeoutError(kind, bytesSent));
      }, this.statusTimeoutMs);
      this.waiter = { resolve, reject, timer };
    });
    // A disconnect or close() can reject the reply while the write below is
    // still pending; handling it here keeps that from becoming an unhandled
    // rejection, which would end the process. `await reply` still throws it.
    void reply.catch(() => undefined);
    try {
      await this.transport.write(statusRequest(kind));
    } catch (cause) {
      this.rejectWaiter(
        this.disconnectedError('status request could not be written', bytesSent, cause),
      );
    }
    return parseRealtimeStatus(kind, await reply);
  }

  private accept(chunk: Buffer): void {
    for (const event of this.parser.push(chunk)) {
      if (event.type === 'realtime') {
        const waiter = this.waiter;
        if (waiter) {
          this.waiter = undefined;
          clearTimeout(waiter.timer);
          waiter.resolve(event.byte);
        } else {
          this.lateReplies += 1;
          if (this.lateReplies % 100 === 1) {
            log.warn(
              { target: this.transport.target, lateReplies: this.lateReplies },
              'ignored status reply without request',
            );
          }
        }
      } else if (event.type === 'asb') {
        this.updateHealth(healthFromAutoStatusBack(event.status));
      } else {
        this.junkBytes += 1;
        if (this.junkBytes % 100 === 1) {
          log.warn(
            { target: this.transport.target, junkBytes: this.junkBytes },
            'skipped bytes that are no status reply',
          );
        }
      }
    }
  }

  private async ensureOpen(): Promise<void> {
    if (this.transport.isOpen) return;
    try {
      await this.transport.open();
      this.parser.reset();
      log.info({ target: this.transport.target }, 'printer transport open');
    } catch (cause) {
      const error = this.disconnectedError('transport could not be opened', 0, cause);
      if (error.health) this.updateHealth(error.health);
      throw error;
    }
  }

  private lose(cause: TransportError): void {
    this.parser.reset();
    const error = this.disconnectedError('transport disconnected', 0, cause);
    this.rejectWaiter(error);
    if (error.health) this.updateHealth(error.health);
  }

  private rejectWaiter(error: PrinterError): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }

  private updateHealth(health: PrinterHealth): PrinterHealth {
    const previous = this.currentHealth;
    this.currentHealth = health;
    if (previous === undefined || !sameHealth(previous, health)) {
      log.info(
        { target: this.transport.target, state: health.state, problems: health.problems },
        'printer health',
      );
      this.emit('health', health, previous);
    }
    return health;
  }

  private timeoutError(kind: StatusRequestKind, bytesSent: number): PrinterError {
    return new PrinterError(
      'PRINTER_TIMEOUT',
      `No reply to DLE EOT ${kind} from ${this.transport.target} within ${this.statusTimeoutMs} ms`,
      PROBLEM_MESSAGES.timeout,
      bytesSent,
      healthFromProblems(['timeout']),
    );
  }

  private disconnectedError(
    detail: string,
    bytesSent = 0,
    cause?: unknown,
  ): PrinterError {
    return new PrinterError(
      'PRINTER_DISCONNECTED',
      `Printer ${this.transport.target} is disconnected: ${detail}`,
      PROBLEM_MESSAGES.disconnected,
      bytesSent,
      healthFromProblems(['disconnected']),
      { cause },
    );
  }

  /** Runs one request at a time, in call order. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.busy = true;
      try {
        return await task();
      } finally {
        this.busy = false;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
