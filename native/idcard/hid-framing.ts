// HID variant of the ID card reader: the unchanged SAM frame rides inside an
// outer packet in 64-byte HID reports. Layout as implemented by the Miaxis
// MR-300 Android driver (org/zz/idcard_hid_driver IdCardDriver.java,
// V1.0.8.20170605, VID 0x10C4 PID 0x0007):
//
//   request:  88 | seq (2) | len (2, LE) | B1 | SAM frame | sum (2, LE)
//   response: AA | seq (2) | len (2, LE) | result | packet no. (2) | SAM part | sum (2, LE)
//
// `len` counts the bytes from B1 or `result` to the end of the data. `sum`
// is the 16-bit sum of the bytes from `len` to the end of the data. A reply
// spans several reports, each with up to 54 bytes of the SAM frame, and the
// length field of the SAM frame gives the number of reports.
import type { StreamDecoder } from '../transport/frame-reader.js';
import { SamFrameDecoder, SamFrameError, type DecodedItem } from './protocol.js';
import { hex } from './status.js';

export const HID_REPORT_SIZE = 64;
export const HID_REQUEST_FLAG = 0x88;
export const HID_RESPONSE_FLAG = 0xaa;
/** Outer command that carries a SAM frame. */
export const HID_SAM_COMMAND = 0xb1;
/** SAM bytes in one request report: 64 minus flag, seq, len, command and sum. */
export const HID_REQUEST_PAYLOAD_MAX = HID_REPORT_SIZE - 8;
/** SAM bytes in one response report: also minus result and packet number. */
export const HID_RESPONSE_CHUNK = HID_REPORT_SIZE - 10;

function sum16(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xffff;
  return sum;
}

/** Builds the 64-byte output report that carries one SAM request frame. */
export function encodeHidRequest(samFrame: Uint8Array): Buffer {
  if (samFrame.length > HID_REQUEST_PAYLOAD_MAX) {
    throw new RangeError(
      `SAM request of ${samFrame.length} bytes exceeds the ${HID_REQUEST_PAYLOAD_MAX}-byte HID payload`,
    );
  }
  const report = Buffer.alloc(HID_REPORT_SIZE);
  report[0] = HID_REQUEST_FLAG;
  report.writeUInt16LE(samFrame.length + 1, 3);
  report[5] = HID_SAM_COMMAND;
  report.set(samFrame, 6);
  const end = 6 + samFrame.length;
  report.writeUInt16LE(sum16(report.subarray(3, end)), end);
  return report;
}

/** Extracts the SAM frame from a request report (the reader's side); throws SamFrameError. */
export function decodeHidRequest(report: Uint8Array): Buffer {
  const bytes = Buffer.from(report.buffer, report.byteOffset, report.byteLength);
  if (bytes.length < 8 || bytes[0] !== HID_REQUEST_FLAG) {
    throw new SamFrameError(
      'BAD_BODY',
      'body',
      'HID request report does not start with 0x88',
    );
  }
  const length = bytes.readUInt16LE(3);
  const end = 5 + length;
  if (length < 1 || end + 2 > bytes.length) {
    throw new SamFrameError(
      'BAD_LENGTH',
      'length',
      `Invalid HID request length ${length}`,
    );
  }
  if (bytes.readUInt16LE(end) !== sum16(bytes.subarray(3, end))) {
    throw new SamFrameError(
      'BAD_CHECKSUM',
      'checksum',
      'Invalid HID request report checksum',
    );
  }
  if (bytes[5] !== HID_SAM_COMMAND) {
    throw new SamFrameError(
      'BAD_BODY',
      'body',
      `Unsupported HID command 0x${hex(bytes[5] ?? 0)}`,
    );
  }
  return Buffer.from(bytes.subarray(6, end));
}

/**
 * Splits a SAM response frame into 64-byte input reports (the reader's side).
 * NOTE: the byte order of seq and the packet number is not known from the
 * source, which ignores both; they are written little-endian here.
 */
export function encodeHidResponse(samFrame: Uint8Array, result = 0x00): Buffer[] {
  const reports: Buffer[] = [];
  for (
    let offset = 0, packet = 0;
    offset < samFrame.length;
    offset += HID_RESPONSE_CHUNK, packet += 1
  ) {
    const part = samFrame.subarray(offset, offset + HID_RESPONSE_CHUNK);
    const report = Buffer.alloc(HID_REPORT_SIZE);
    report[0] = HID_RESPONSE_FLAG;
    report.writeUInt16LE(packet, 1);
    report.writeUInt16LE(1 + 2 + part.length, 3);
    report[5] = result;
    report.writeUInt16LE(packet, 6);
    report.set(part, 8);
    const end = 8 + part.length;
    report.writeUInt16LE(sum16(report.subarray(3, end)), end);
    reports.push(report);
  }
  return reports;
}

/**
 * Host-side decoder of response reports: checks each report, strips the
 * outer packet and feeds the SAM parts to a SamFrameDecoder. Input may come
 * in any chunking; it is cut into 64-byte reports first. A bad report yields
 * one error item and is skipped.
 */
export class HidResponseDecoder implements StreamDecoder<DecodedItem> {
  private pending: Buffer = Buffer.alloc(0);
  private readonly frames: SamFrameDecoder;

  constructor(options: { maxLength?: number } = {}) {
    this.frames = new SamFrameDecoder(options);
  }

  /** Bytes held for an incomplete report or SAM frame. */
  get bufferedBytes(): number {
    return this.pending.length + this.frames.bufferedBytes;
  }

  push(chunk: Buffer): DecodedItem[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const items: DecodedItem[] = [];
    while (this.pending.length >= HID_REPORT_SIZE) {
      const report = this.pending.subarray(0, HID_REPORT_SIZE);
      this.pending = this.pending.subarray(HID_REPORT_SIZE);
      const part = this.unwrap(report);
      if (part instanceof SamFrameError) items.push({ kind: 'error', error: part });
      else items.push(...this.frames.push(part));
    }
    this.pending = Buffer.from(this.pending);
    return items;
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
    this.frames.reset();
  }

  private unwrap(report: Buffer): Buffer | SamFrameError {
    if (report[0] !== HID_RESPONSE_FLAG) {
      return new SamFrameError(
        'BAD_BODY',
        'body',
        `HID response report starts with 0x${hex(report[0] ?? 0)}, expected 0xAA`,
      );
    }
    const length = report.readUInt16LE(3);
    const end = 5 + length;
    if (length < 3 || end + 2 > HID_REPORT_SIZE) {
      return new SamFrameError(
        'BAD_LENGTH',
        'length',
        `Invalid HID response length ${length}`,
      );
    }
    if (report.readUInt16LE(end) !== sum16(report.subarray(3, end))) {
      return new SamFrameError(
        'BAD_CHECKSUM',
        'checksum',
        'Invalid HID response report checksum',
      );
    }
    return Buffer.from(report.subarray(8, end));
  }
}
