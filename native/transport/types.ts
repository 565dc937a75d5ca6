import type { EventEmitter } from 'node:events';

/** Kind of link under a transport. */
export type TransportKind = 'serial' | 'tcp' | 'hid' | 'loopback';

/** Stable codes of {@link TransportError}, for callers that branch on the cause. */
export type TransportErrorCode =
  'OPEN_FAILED' | 'NOT_OPEN' | 'WRITE_FAILED' | 'DISCONNECTED' | 'TIMEOUT' | 'IO_ERROR';

/** Failure of a transport operation; `target` names the port or address. */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly code: TransportErrorCode,
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Events of a transport.
 * - `data`: bytes received, in whatever chunks the link delivers them (one
 *   HID input report per event for HID).
 * - `open`: the link is open, after `open()` or `reopen()`.
 * - `disconnect`: the link went away without `close()` (cable pulled, pty
 *   gone, socket reset). The transport is closed afterwards; `reopen()` tries
 *   again. Emitted at most once per successful open.
 * - `error`: a fault that did not close the link. Only emitted while someone
 *   listens, so an unhandled `error` never crashes the process.
 * - `close`: the link closed, by `close()` or after `disconnect`.
 */
export type TransportEvents = {
  data: [chunk: Buffer];
  open: [];
  disconnect: [cause: TransportError];
  error: [error: TransportError];
  close: [];
};

/**
 * A byte-stream link to one device. Implementations: serial (RS-232 and
 * USB-CDC), TCP, HID and an in-memory loopback pair.
 *
 * Contract: `open()` resolves once bytes can flow and is a no-op when already
 * open. `write()` rejects with code NOT_OPEN when closed. `close()` is
 * idempotent and never emits `disconnect`. Request timeouts belong to the
 * protocol layer, which can use FrameReader for them.
 */
export interface Transport extends EventEmitter<TransportEvents> {
  readonly kind: TransportKind;
  /** Port path or `host:port`, for logs and error messages. */
  readonly target: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Closes the link if open and opens it again, e.g. after a `disconnect`. */
  reopen(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
