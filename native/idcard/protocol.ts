// SAM frames of the resident ID card reader (GA 467 family), pure bytes in and
// out. Layout, as implemented by HslCommunication's SAMSerial (read in a
// decompiled copy) and hevz/hev-idcard-reader:
//
//   AA AA AA 96 69 | LEN (2, big-endian) | body | XOR
//
// LEN counts every byte after itself, checksum included. A request body is
// CMD PARA [data]; a response body is SW1 SW2 SW3 [data]. XOR covers the two
// length bytes and the body, not the preamble.
import type { StreamDecoder } from '../transport/frame-reader.js';
import { hex } from './status.js';

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
const HEADER_SIZE = PREAMBLE.length + 2;

/** Smallest LEN: a request body of CMD PARA plus the checksum. */
export const MIN_LENGTH = 3;
/**
 * Default largest LEN the decoder accepts. The largest known reply, text +
 * photo + fingerprint, has LEN 0x090A (2314).
 */
export const DEFAULT_MAX_LENGTH = 4096;

/** Requests of the SAM protocol as CMD and PARA bytes. */
export const COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  readSamId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readExtraAddress: [0x30, 0x03],
  readWithFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;

export type CommandName = keyof typeof COMMANDS;

/** Returns the command with these CMD and PARA bytes, if any. */
export function commandName(cmd: number, para: number): CommandName | undefined {
  for (const [name, bytes] of Object.entries(COMMANDS)) {
    if (bytes[0] === cmd && bytes[1] === para) return name as CommandName;
  }
  return undefined;
}

/** Malformed frame; `field` names the part that failed the check. */
export class SamFrameError extends Error {
  override readonly name = 'SamFrameError';

  constructor(
    readonly code: 'BAD_CHECKSUM' | 'BAD_LENGTH' | 'BAD_BODY',
    readonly field: 'checksum' | 'length' | 'body',
    message: string,
  ) {
    super(message);
  }
}

/** XOR of all bytes. */
export function xorChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum ^= byte;
  return sum;
}

/** Wraps a body (request or response) in preamble, length and checksum. */
export function encodeFrame(body: Uint8Array): Buffer {
  const length = body.length + 1;
  if (length < MIN_LENGTH || length > 0xffff) {
    throw new RangeError(`SAM frame body must be 2 to 65534 bytes, got ${body.length}`);
  }
  const frame = Buffer.alloc(HEADER_SIZE + length);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(length, PREAMBLE.length);
  frame.set(body, HEADER_SIZE);
  frame[frame.length - 1] = xorChecksum(
    frame.subarray(PREAMBLE.length, frame.length - 1),
  );
  return frame;
}

/** Encodes a request, e.g. `encodeRequest('findCard')` gives `AA AA AA 96 69 00 03 20 01 22`. */
export function encodeRequest(
  command: CommandName,
  data: Uint8Array = new Uint8Array(),
): Buffer {
  const [cmd, para] = COMMANDS[command];
  return encodeFrame(Buffer.concat([Buffer.from([cmd, para]), data]));
}

/** Encodes a response body SW1 SW2 SW3 [data]; SW1 and SW2 are 00 00 on every known reader. */
export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array()): Buffer {
  return encodeFrame(Buffer.concat([Buffer.from([0x00, 0x00, sw3]), data]));
}

/** A frame that passed the length and checksum checks; `body` excludes LEN and checksum. */
export interface SamFrame {
  body: Buffer;
}

/** Output of the decoder: a good frame, or the error of one bad frame. */
export type DecodedItem =
  { kind: 'frame'; frame: SamFrame } | { kind: 'error'; error: SamFrameError };

/**
 * Streaming SAM frame decoder. It finds the preamble anywhere in the stream
 * (public descriptions of GA 467 readers mention replies starting
 * `AA 00 AA AA 96 69`), so junk before a
 * frame is skipped. A frame with a bad length or checksum yields one error
 * item, and the search restarts one byte after that frame's start, so a good
 * frame hidden behind a corrupt header is still found.
 *
 * At most 7 + maxLength bytes stay buffered between calls. A frame that
 * never completes stays buffered until `reset()`, which the caller makes
 * after a request timeout.
 */
export class SamFrameDecoder implements StreamDecoder<DecodedItem> {
  private buffered: Buffer = Buffer.alloc(0);
  private skipped = 0;
  readonly maxLength: number;

  constructor(options: { maxLength?: number } = {}) {
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  }

  /** Bytes held for an incomplete frame or preamble. */
  get bufferedBytes(): number {
    return this.buffered.length;
  }

  /** Junk bytes skipped before preambles since the last reset. */
  get skippedBytes(): number {
    return this.skipped;
  }

  push(chunk: Buffer): DecodedItem[] {
    this.buffered =
      this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const items: DecodedItem[] = [];
    for (;;) {
      if (!this.alignToPreamble()) break;
      if (this.buffered.length < HEADER_SIZE) break;

      const length = this.buffered.readUInt16BE(PREAMBLE.length);
      if (length < MIN_LENGTH || length > this.maxLength) {
        items.push(lengthError(length, this.maxLength));
        this.dropBytes(1);
        continue;
      }
      if (this.buffered.length < HEADER_SIZE + length) break;

      const end = HEADER_SIZE + length;
      const expected = xorChecksum(this.buffered.subarray(PREAMBLE.length, end - 1));
      const actual = this.buffered[end - 1] ?? 0;
      if (expected !== actual) {
        items.push({
          kind: 'error',
          error: new SamFrameError(
            'BAD_CHECKSUM',
            'checksum',
            `Invalid SAM frame checksum: got 0x${hex(actual)}, expected 0x${hex(expected)} (LEN ${length})`,
          ),
        });
        this.dropBytes(1);
        continue;
      }

      const body = Buffer.from(this.buffered.subarray(HEADER_SIZE, end - 1));
      items.push({ kind: 'frame', frame: { body } });
      this.dropBytes(end);
    }
    // Copy the leftover so that the caller's chunk is not kept alive.
    this.buffered = Buffer.from(this.buffered);
    return items;
  }

  reset(): void {
    this.buffered = Buffer.alloc(0);
    this.skipped = 0;
  }

  /**
   * Drops bytes before the first preamble. Returns false when no full
   * preamble is buffered, keeping only a tail that may be its start.
   */
  private alignToPreamble(): boolean {
    const index = this.buffered.indexOf(PREAMBLE);
    if (index >= 0) {
      this.skipped += index;
      this.dropBytes(index);
      return true;
    }
    const keep = preamblePrefixLength(this.buffered);
    this.skipped += this.buffered.length - keep;
    this.dropBytes(this.buffered.length - keep);
    return false;
  }

  private dropBytes(count: number): void {
    this.buffered = this.buffered.subarray(count);
  }
}

function lengthError(length: number, maxLength: number): DecodedItem {
  return {
    kind: 'error',
    error: new SamFrameError(
      'BAD_LENGTH',
      'length',
      `Invalid SAM frame length ${length}: must be ${MIN_LENGTH} to ${maxLength}`,
    ),
  };
}

/** Length of the longest tail of `bytes` that is a proper prefix of the preamble. */
function preamblePrefixLength(bytes: Buffer): number {
  const max = Math.min(bytes.length, PREAMBLE.length - 1);
  for (let size = max; size > 0; size -= 1) {
    if (bytes.subarray(bytes.length - size).equals(PREAMBLE.subarray(0, size)))
      return size;
  }
  return 0;
}
