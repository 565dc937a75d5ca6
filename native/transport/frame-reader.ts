import { createLogger } from '../log.js';
import { TransportError, type Transport } from './types.js';

const log = createLogger('transport');

/** Incremental decoder: bytes in, completed items (frames or decode errors) out. */
export interface StreamDecoder<T> {
  /** Consumes one chunk and returns the items it completed, oldest first. */
  push(chunk: Buffer): T[];
  /** Drops any partial input, e.g. after a timeout or reconnect. */
  reset(): void;
}

export interface FrameReaderOptions {
  /** Maximum number of items queued while no caller waits; the oldest are dropped beyond it. Default 64. */
  maxQueued?: number;
}

interface Waiter<T> {
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  cleanup: () => void;
}

/**
 * Feeds a transport's bytes through a decoder and returns the decoded items
 * with a timeout. Items that arrive while no caller waits are queued (bounded).
 * Pending `next()` calls reject with the transport's DISCONNECTED error on
 * `disconnect`, and with NOT_OPEN when the transport is closed.
 */
export class FrameReader<T> {
  private readonly queue: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private readonly maxQueued: number;
  private dropped = 0;
  private readonly onData = (chunk: Buffer) => this.accept(chunk);
  private readonly onDisconnect = (cause: TransportError) => this.failAll(cause);
  private readonly onClose = () =>
    this.failAll(
      new TransportError(
        'NOT_OPEN',
        this.transport.target,
        `Transport ${this.transport.target} closed`,
      ),
    );

  constructor(
    private readonly transport: Transport,
    private readonly decoder: StreamDecoder<T>,
    options: FrameReaderOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? 64;
    transport.on('data', this.onData);
    transport.on('disconnect', this.onDisconnect);
    transport.on('close', this.onClose);
  }

  /** Number of decoded items waiting to be taken. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Resolves with the next decoded item, or rejects with code TIMEOUT after
   * `timeoutMs`, or with the transport's error when it disconnects or closes.
   */
  next(timeoutMs: number, signal?: AbortSignal): Promise<T> {
    const item = this.queue.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (!this.transport.isOpen) {
      return Promise.reject(
        new TransportError(
          'NOT_OPEN',
          this.transport.target,
          `Transport ${this.transport.target} is not open`,
        ),
      );
    }
    if (signal?.aborted) return Promise.reject(abortError(signal));

    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.remove(waiter);
        reject(abortError(signal));
      };
      const waiter: Waiter<T> = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.remove(waiter);
          reject(
            new TransportError(
              'TIMEOUT',
              this.transport.target,
              `No reply from ${this.transport.target} within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs),
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Drops queued items and the decoder's partial input, e.g. before a new request. */
  discardPending(): void {
    this.queue.length = 0;
    this.decoder.reset();
  }

  /** Detaches from the transport and rejects pending calls. */
  dispose(): void {
    this.transport.off('data', this.onData);
    this.transport.off('disconnect', this.onDisconnect);
    this.transport.off('close', this.onClose);
    this.failAll(
      new TransportError('NOT_OPEN', this.transport.target, 'Frame reader disposed'),
    );
    this.queue.length = 0;
  }

  private accept(chunk: Buffer): void {
    for (const item of this.decoder.push(chunk)) {
      const waiter = this.waiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.cleanup();
        waiter.resolve(item);
        continue;
      }
      this.queue.push(item);
      if (this.queue.length > this.maxQueued) {
        this.queue.shift();
        this.dropped += 1;
        // Log the first drop and then every hundredth, not each one.
        if (this.dropped % 100 === 1) {
          log.warn(
            { target: this.transport.target, dropped: this.dropped },
            'frame queue full, dropped oldest',
          );
        }
      }
    }
  }

  private remove(waiter: Waiter<T>): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.cleanup();
  }

  private failAll(error: Error): void {
    this.decoder.reset();
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.cleanup();
      waiter.reject(error);
    }
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('Aborted');
}

/** Splits a byte stream into chunks of exactly `size` bytes. */
export class FixedLengthDecoder implements StreamDecoder<Buffer> {
  private buffered = Buffer.alloc(0);

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `FixedLengthDecoder size must be a positive integer, got ${size}`,
      );
    }
  }

  push(chunk: Buffer): Buffer[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const out: Buffer[] = [];
    while (this.buffered.length >= this.size) {
      out.push(this.buffered.subarray(0, this.size));
      this.buffered = this.buffered.subarray(this.size);
    }
    return out;
  }

  reset(): void {
    this.buffered = Buffer.alloc(0);
  }
}

/**
 * Waits for the next `count` bytes from a transport. Only bytes that arrive
 * after the call count, so call it before writing the request that triggers
 * the reply (or keep a FrameReader open for the whole session).
 */
export async function readBytes(
  transport: Transport,
  count: number,
  timeoutMs: number,
): Promise<Buffer> {
  const reader = new FrameReader(transport, new FixedLengthDecoder(count));
  try {
    return await reader.next(timeoutMs);
  } finally {
    reader.dispose();
  }
}
