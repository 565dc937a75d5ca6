import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { DLE, EOT, GS } from './commands.js';
import { decodeEscPos, type DecodedDocument } from './decode.js';
import type { TextEncoding } from './text.js';

/** Faults the simulated printer can show; several may be active at once. */
export const PRINTER_FAULTS = [
  'paper-out',
  'paper-near-end',
  'cover-open',
  'offline',
  'cutter-error',
  /** Never replies to a status request, so the driver times out. */
  'no-reply',
  /** Sends a junk byte (0xFF) before every reply, so the driver must resynchronise. */
  'junk-before-reply',
] as const;

export type PrinterFault = (typeof PRINTER_FAULTS)[number];

export interface PrinterSimulatorOptions {
  faults?: Iterable<PrinterFault>;
  /** Delay before each reply, in milliseconds (slow printer); default 0. */
  replyDelayMs?: number;
  /** Sends each reply byte in its own write instead of one write per received chunk. */
  splitReplies?: boolean;
  /** Encoding used by `decode()`; default `gb18030`. */
  encoding?: TextEncoding;
  /** Capture size limit in bytes; older bytes are dropped beyond it. Default 4 MiB. */
  maxCaptureBytes?: number;
}

export type PrinterSimulatorEvents = {
  /** Bytes the printer sends back to the host. */
  reply: [bytes: Buffer];
  /** Bytes received from the host, after capture. */
  received: [bytes: Buffer];
};

const JUNK_BYTE = 0xff;

/**
 * The printer side of ESC/POS without any port: feed it the bytes a host
 * writes with `receive()`, and it captures them, replies to `DLE EOT n` with
 * status bytes and sends automatic status back (ASB) messages after `GS a n`.
 * Replies leave through the `reply` event; see `attachPrinterSimulator` for
 * wiring it to a transport.
 *
 * NOTE: it finds `DLE EOT n` and `GS a n` anywhere in the stream, also inside
 * another command's data. Real printers do the same for `DLE EOT` (it is a
 * real-time command) but not for `GS a`. The encoder never writes either
 * sequence inside data, because text and QR payloads lose their control bytes.
 */
export class PrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  private readonly faults = new Set<PrinterFault>();
  private readonly chunks: Buffer[] = [];
  private captureLength = 0;
  private readonly maxCaptureBytes: number;
  private readonly encoding: TextEncoding;
  replyDelayMs: number;
  splitReplies: boolean;
  /** Tail of the previous chunk that may start a command split across chunks. */
  private tail: number[] = [];
  private asbMask = 0;
  private statusRequests = 0;

  constructor(options: PrinterSimulatorOptions = {}) {
    super();
    for (const fault of options.faults ?? []) this.faults.add(fault);
    this.replyDelayMs = options.replyDelayMs ?? 0;
    this.splitReplies = options.splitReplies ?? false;
    this.encoding = options.encoding ?? 'gb18030';
    this.maxCaptureBytes = options.maxCaptureBytes ?? 4 * 1024 * 1024;
  }

  /** Active faults. */
  get activeFaults(): PrinterFault[] {
    return [...this.faults];
  }

  /** Number of `DLE EOT` requests received. */
  get statusRequestCount(): number {
    return this.statusRequests;
  }

  /** Turns a fault on or off; sends an ASB message when ASB is enabled and the status changed. */
  setFault(fault: PrinterFault, on: boolean): void {
    const before = this.asbMessage();
    if (on) this.faults.add(fault);
    else this.faults.delete(fault);
    if (this.asbMask !== 0 && !before.equals(this.asbMessage()))
      this.sendReply(this.asbMessage());
  }

  clearFaults(): void {
    for (const fault of [...this.faults]) this.setFault(fault, false);
  }

  /** Returns every byte received so far, up to the capture limit. */
  capture(): Buffer {
    return Buffer.concat(this.chunks);
  }

  clearCapture(): void {
    this.chunks.length = 0;
    this.captureLength = 0;
  }

  /** Decodes the capture into lines, QR payloads, cuts and commands. */
  decode(): DecodedDocument {
    return decodeEscPos(this.capture(), { encoding: this.encoding });
  }

  /** Writes the raw capture to a file. */
  async saveCapture(path: string): Promise<void> {
    await writeFile(path, this.capture());
  }

  /** Takes bytes written by the host. */
  receive(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk);
    this.store(bytes);
    this.emit('received', bytes);

    const replies: number[] = [];
    const scan = [...this.tail, ...bytes];
    let index = 0;
    for (; index < scan.length; index += 1) {
      const byte = scan[index];
      const next = scan[index + 1];
      const parameter = scan[index + 2];
      if ((byte === DLE && next === EOT) || (byte === GS && next === 0x61)) {
        if (parameter === undefined) break;
        if (byte === DLE) this.replyToStatusRequest(parameter, replies);
        else this.setAutoStatusBack(parameter, replies);
        index += 2;
      } else if ((byte === DLE || byte === GS) && next === undefined) {
        break;
      }
    }
    this.tail = scan.slice(index);
    if (replies.length > 0) this.sendReply(Buffer.from(replies));
  }

  /** Returns the reply byte to `DLE EOT n` for the current faults, or undefined for an invalid n. */
  statusByte(request: number): number | undefined {
    const has = (fault: PrinterFault): boolean => this.faults.has(fault);
    const paperOut = has('paper-out');
    const stopped =
      paperOut || has('cover-open') || has('offline') || has('cutter-error');
    switch (request) {
      case 1:
        return 0x12 | (stopped ? 0x08 : 0);
      case 2:
        return (
          0x12 |
          (has('cover-open') ? 0x04 : 0) |
          (paperOut ? 0x20 : 0) |
          (has('cutter-error') ? 0x40 : 0)
        );
      case 3:
        return 0x12 | (has('cutter-error') ? 0x08 : 0);
      case 4:
        return (
          0x12 | (paperOut || has('paper-near-end') ? 0x0c : 0) | (paperOut ? 0x60 : 0)
        );
      default:
        return undefined;
    }
  }

  /** Returns the 4-byte ASB message for the current faults. */
  asbMessage(): Buffer {
    const has = (fault: PrinterFault): boolean => this.faults.has(fault);
    const paperOut = has('paper-out');
    const stopped =
      paperOut || has('cover-open') || has('offline') || has('cutter-error');
    const first = 0x10 | (stopped ? 0x08 : 0) | (has('cover-open') ? 0x20 : 0);
    const second = has('cutter-error') ? 0x08 : 0;
    const third = (paperOut || has('paper-near-end') ? 0x03 : 0) | (paperOut ? 0x0c : 0);
    return Buffer.from([first, second, third, 0]);
  }

  private replyToStatusRequest(request: number, replies: number[]): void {
    this.statusRequests += 1;
    if (this.faults.has('no-reply')) return;
    const byte = this.statusByte(request);
    if (byte === undefined) return;
    if (this.faults.has('junk-before-reply')) replies.push(JUNK_BYTE);
    replies.push(byte);
  }

  private setAutoStatusBack(mask: number, replies: number[]): void {
    this.asbMask = mask;
    // A printer sends the first ASB message as soon as ASB is enabled.
    if (mask !== 0) replies.push(...this.asbMessage());
  }

  private sendReply(bytes: Buffer): void {
    const pieces = this.splitReplies
      ? [...bytes].map((byte) => Buffer.of(byte))
      : [bytes];
    pieces.forEach((piece, index) => {
      const delay = this.replyDelayMs + (this.splitReplies ? index : 0);
      if (delay === 0) this.emit('reply', piece);
      else setTimeout(() => this.emit('reply', piece), delay);
    });
  }

  private store(bytes: Buffer): void {
    this.chunks.push(bytes);
    this.captureLength += bytes.length;
    while (this.captureLength > this.maxCaptureBytes && this.chunks.length > 1) {
      const dropped = this.chunks.shift();
      this.captureLength -= dropped?.length ?? 0;
    }
  }
}
