/**
 * Input reports of HID POS barcode scanners (USB HID usage page 0x8C,
 * "Bar Code Scanner", from the HID Point of Sale Usage Tables 1.02).
 *
 * The usage tables name a Scanned Data Report but leave its byte layout to
 * the report descriptor. This module reads the fixed 64-byte layout that the
 * Access-IS LSR116 and ATR110 product manuals document (appendix "HID
 * reports"):
 *
 * | byte  | content                                                  |
 * |-------|----------------------------------------------------------|
 * | 0     | report id 0x02                                           |
 * | 1     | number of data bytes in this report, 0-56                |
 * | 2-4   | AIM symbology identifier, `]` + code character + modifier |
 * | 5-60  | decoded data, zero padded                                |
 * | 61    | vendor symbology identifier                              |
 * | 62    | reserved                                                 |
 * | 63    | bit 0 set: the data continues in the next report         |
 *
 * A code longer than 56 bytes spans several reports; each repeats the AIM
 * identifier. NOTE: Honeywell's HID POS mode may use the same layout, but
 * that was not checked against its manual. Other vendors differ: the Quio
 * QU-R-302 engine puts the data at bytes 2-57 without an AIM identifier.
 * Check a new model's report descriptor before relying on this layout.
 */
import iconv from 'iconv-lite';
import { symbologyName } from './symbology.js';

export const HID_POS_USAGE_PAGE = 0x8c;

export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_REPORT_SIZE = 64;
export const HID_POS_DATA_OFFSET = 5;
export const HID_POS_DATA_CAPACITY = 56;
const VENDOR_SYMBOLOGY_OFFSET = 61;
const CONTINUATION_OFFSET = 63;

/** Upper bound on one assembled code, in bytes. A QR code contains at most 2953. */
const MAX_SCAN_BYTES = 8192;

/** One decoded barcode or QR code. */
export interface BarcodeScan {
  /** The raw decoded bytes, GS1 group separators (0x1D) included. */
  data: Uint8Array;
  /** The data as text (UTF-8, or GB18030 when it is not valid UTF-8) with control characters removed. */
  text: string;
  /** AIM symbology identifier, e.g. `]Q1`; empty when the scanner sent none. */
  aimId: string;
  /** Symbology name from the AIM identifier, e.g. `QR Code`. */
  symbology: string;
  /** Vendor symbology byte (byte 61 of the report). */
  vendorSymbology: number;
}

export type ReportResult =
  | { type: 'scan'; scan: BarcodeScan }
  | { type: 'partial' }
  | { type: 'ignored'; reason: string }
  | { type: 'error'; message: string };

/**
 * Joins scanned-data reports into codes. Push each input report as node-hid
 * delivers it, report id first. Reports with another id (status, settings)
 * are ignored; a malformed report is an error and drops any partial code.
 */
export class HidPosReportAssembler {
  private parts: Uint8Array[] = [];
  private length = 0;
  private aimId = '';

  push(report: Uint8Array): ReportResult {
    if (report.length === 0) return { type: 'ignored', reason: 'empty report' };
    if (report[0] !== HID_POS_REPORT_ID) {
      return {
        type: 'ignored',
        reason: `report id 0x${(report[0] ?? 0).toString(16)} is not scanned data`,
      };
    }
    const count = report[1] ?? 0;
    if (count > HID_POS_DATA_CAPACITY || report.length < HID_POS_DATA_OFFSET + count) {
      this.reset();
      return {
        type: 'error',
        message: `invalid scanned-data report: length byte ${count} does not fit a ${report.length}-byte report`,
      };
    }

    if (this.parts.length === 0) this.aimId = readAimId(report);
    this.parts.push(report.slice(HID_POS_DATA_OFFSET, HID_POS_DATA_OFFSET + count));
    this.length += count;
    if (this.length > MAX_SCAN_BYTES) {
      this.reset();
      return {
        type: 'error',
        message: `scanned code exceeds ${MAX_SCAN_BYTES} bytes; dropped`,
      };
    }

    const continues = ((report[CONTINUATION_OFFSET] ?? 0) & 0x01) === 1;
    if (continues) return { type: 'partial' };

    const data = concat(this.parts, this.length);
    const aimId = this.aimId;
    this.reset();
    return {
      type: 'scan',
      scan: {
        data,
        text: decodeScanText(data),
        aimId,
        symbology: symbologyName(aimId),
        vendorSymbology: report[VENDOR_SYMBOLOGY_OFFSET] ?? 0,
      },
    };
  }

  /** Drops a partial code, e.g. after a reconnect. */
  reset(): void {
    this.parts = [];
    this.length = 0;
    this.aimId = '';
  }
}

function readAimId(report: Uint8Array): string {
  if (report[2] !== 0x5d) return '';
  return String.fromCharCode(report[2], report[3] ?? 0x3f, report[4] ?? 0x3f);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const data = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return data;
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Decodes scanned bytes as UTF-8, or as GB18030 when they are not valid
 * UTF-8 (scanners sold in China often pass GBK bytes through), then removes
 * control characters so the text is safe to show.
 */
export function decodeScanText(data: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    text = iconv.decode(Buffer.from(data), 'gb18030');
  }
  return text.replace(CONTROL_CHARACTERS, '');
}

/** A HID device as node-hid's `devices()` lists it. */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  usagePage?: number;
  usage?: number;
  product?: string;
}

/**
 * Returns the devices with a collection on the barcode scanner usage page
 * 0x8C (badge reader, scanner, cordless base or cradle). Keyboard-wedge
 * scanners show up as keyboards instead and never match.
 */
export function filterHidPosScanners<T extends HidDeviceInfo>(
  devices: readonly T[],
): T[] {
  return devices.filter((device) => device.usagePage === HID_POS_USAGE_PAGE);
}
