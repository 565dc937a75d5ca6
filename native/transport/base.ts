import { EventEmitter } from 'node:events';
import { createLogger } from '../log.js';
import {
  TransportError,
  type Transport,
  type TransportEvents,
  type TransportKind,
} from './types.js';

const log = createLogger('transport');

type State = 'closed' | 'opening' | 'open' | 'closing';

/**
 * Shared state machine of the transports. Subclasses implement the link
 * itself and report incoming bytes with `receive()` and an unexpected loss of
 * the link with `lose()`.
 */
export abstract class BaseTransport
  extends EventEmitter<TransportEvents>
  implements Transport
{
  abstract readonly kind: TransportKind;
  private state: State = 'closed';
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  protected constructor(readonly target: string) {
    super();
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Opens the underlying link; rejects with an Error that has a plain cause message. */
  protected abstract openLink(): Promise<void>;
  protected abstract writeLink(data: Buffer): Promise<void>;
  /** Releases the underlying link; must not throw when it is already gone. */
  protected abstract closeLink(): Promise<void>;

  async open(): Promise<void> {
    if (this.state === 'open') return;
    if (this.closing) await this.closing;
    if (this.opening) return this.opening;

    this.state = 'opening';
    this.opening = this.openLink().then(
      () => {
        this.state = 'open';
        this.opening = undefined;
        log.debug({ target: this.target, kind: this.kind }, 'transport opened');
        this.emit('open');
      },
      (cause: unknown) => {
        this.state = 'closed';
        this.opening = undefined;
        throw new TransportError(
          'OPEN_FAILED',
          this.target,
          `Could not open ${this.kind} transport ${this.target}: ${describe(cause)}`,
          { cause },
        );
      },
    );
    return this.opening;
  }

  async reopen(): Promise<void> {
    await this.close();
    await this.open();
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      throw new TransportError(
        'NOT_OPEN',
        this.target,
        `Transport ${this.target} is not open`,
      );
    }
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    try {
      await this.writeLink(buffer);
      log.trace({ target: this.target, bytes: buffer.length }, 'wrote');
    } catch (cause) {
      throw new TransportError(
        'WRITE_FAILED',
        this.target,
        `Write of ${buffer.length} bytes to ${this.target} failed: ${describe(cause)}`,
        { cause },
      );
    }
  }

  async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => undefined);
    if (this.closing) return this.closing;
    if (this.state === 'closed') return;

    this.state = 'closing';
    this.closing = this.closeLink()
      .catch((cause: unknown) => {
        log.warn({ target: this.target, err: describe(cause) }, 'transport close failed');
      })
      .finally(() => {
        this.state = 'closed';
        this.closing = undefined;
        this.emit('close');
      });
    return this.closing;
  }

  /** Passes received bytes to listeners; ignored once closing. */
  protected receive(chunk: Buffer): void {
    if (this.state !== 'open' && this.state !== 'opening') return;
    log.trace({ target: this.target, bytes: chunk.length }, 'received');
    this.emit('data', chunk);
  }

  /**
   * Records that the link went away on its own. Emits `disconnect` once, then
   * releases the link and emits `close`.
   */
  protected lose(cause: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    const error = new TransportError(
      'DISCONNECTED',
      this.target,
      `Transport ${this.target} disconnected: ${describe(cause)}`,
      { cause },
    );
    log.warn(
      { target: this.target, kind: this.kind, err: describe(cause) },
      'transport disconnected',
    );
    this.emit('disconnect', error);
    this.closing = this.closeLink()
      .catch(() => undefined)
      .finally(() => {
        this.state = 'closed';
        this.closing = undefined;
        this.emit('close');
      });
  }

  /** Reports a fault that leaves the link open, or logs it when no `error` listener is attached. */
  protected fault(cause: unknown): void {
    const error =
      cause instanceof TransportError
        ? cause
        : new TransportError(
            'IO_ERROR',
            this.target,
            `I/O error on ${this.target}: ${describe(cause)}`,
            {
              cause,
            },
          );
    if (this.listenerCount('error') > 0) {
      this.emit('error', error);
    } else {
      log.warn(
        { target: this.target, err: error.message },
        'transport error without listener',
      );
    }
  }
}

/** Returns the message of an unknown thrown value. */
export function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
