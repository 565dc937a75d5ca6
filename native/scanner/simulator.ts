import { EventEmitter } from 'node:events';
import type { HidDevice } from '../transport/index.js';
import {
  HID_POS_DATA_CAPACITY,
  HID_POS_DATA_OFFSET,
  HID_POS_REPORT_ID,
  HID_POS_REPORT_SIZE,
} from './hid-pos.js';
import type { KeystrokeEvent } from './wedge.js';

export interface HidPosReportOptions {
  /** AIM symbology identifier, 3 characters; default `]Q1` (QR code, model 2). */
  aimId?: string;
  /** Vendor symbology byte 61; default 0x73 (`s`, the QR code id in the Access-IS example report). */
  vendorSymbology?: number;
}

/**
 * Builds the 64-byte scanned-data reports a HID POS scanner sends for one
 * code, in the layout described in hid-pos.ts: 56 data bytes per report and
 * the continuation bit on every report but the last. Text is sent as UTF-8.
 */
export function hidPosReports(
  data: string | Uint8Array,
  options: HidPosReportOptions = {},
): Buffer[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const aimId = Buffer.from(options.aimId ?? ']Q1', 'latin1');
  if (aimId.length !== 3)
    throw new RangeError(`aimId must be 3 characters, got "${options.aimId}"`);

  const reports: Buffer[] = [];
  for (
    let offset = 0;
    offset === 0 || offset < bytes.length;
    offset += HID_POS_DATA_CAPACITY
  ) {
    const chunk = bytes.subarray(offset, offset + HID_POS_DATA_CAPACITY);
    const report = Buffer.alloc(HID_POS_REPORT_SIZE);
    report[0] = HID_POS_REPORT_ID;
    report[1] = chunk.length;
    aimId.copy(report, 2);
    chunk.copy(report, HID_POS_DATA_OFFSET);
    report[61] = options.vendorSymbology ?? 0x73;
    report[63] = offset + HID_POS_DATA_CAPACITY < bytes.length ? 0x01 : 0x00;
    reports.push(report);
  }
  return reports;
}

/** A pseudo-random generator returning numbers in [0, 1), such as Math.random. */
export type RandomSource = () => number;

/** Returns a seeded generator (mulberry32), so simulated timelines repeat exactly. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WedgeTimelineOptions {
  /** Time of the first key, in milliseconds; default 0. */
  startTime?: number;
  /** Gap between keys, in milliseconds; default 8. */
  gapMs?: number;
  /** Random extra gap of 0 to `jitterMs` per key; default 2. */
  jitterMs?: number;
  /** Key sent after the code; default `Enter`, null for none. */
  terminator?: string | null;
  random?: RandomSource;
}

/**
 * Returns the keystrokes a keyboard-wedge scanner sends for `text`: a Shift
 * press before each upper-case letter, as a US keyboard layout needs, and a
 * terminator key.
 */
export function wedgeKeystrokes(
  text: string,
  options: WedgeTimelineOptions = {},
): KeystrokeEvent[] {
  const random = options.random ?? Math.random;
  const gapMs = options.gapMs ?? 8;
  const jitterMs = options.jitterMs ?? 2;
  const terminator = options.terminator === undefined ? 'Enter' : options.terminator;
  let time = options.startTime ?? 0;
  const events: KeystrokeEvent[] = [];
  const press = (key: string): void => {
    events.push({ key, time });
    time += gapMs + random() * jitterMs;
  };

  for (const ch of text) {
    if (ch >= 'A' && ch <= 'Z')
      events.push({ key: 'Shift', time: Math.max(0, time - 1) });
    press(ch);
  }
  if (terminator !== null) press(terminator);
  return events;
}

export interface TypingTimelineOptions {
  startTime?: number;
  /** Shortest gap between keys, in milliseconds; default 90. */
  minGapMs?: number;
  /** Random extra gap of 0 to `jitterMs` per key; default 250. */
  jitterMs?: number;
  /** Key pressed at the end, e.g. `Enter`; default none. */
  terminator?: string | null;
  random?: RandomSource;
}

/** Returns a person's keystrokes for `text`: uneven gaps of 90-340 ms by default. */
export function typingKeystrokes(
  text: string,
  options: TypingTimelineOptions = {},
): KeystrokeEvent[] {
  const random = options.random ?? Math.random;
  const minGapMs = options.minGapMs ?? 90;
  const jitterMs = options.jitterMs ?? 250;
  let time = options.startTime ?? 0;
  const events: KeystrokeEvent[] = [];
  for (const key of [...text, ...(options.terminator ? [options.terminator] : [])]) {
    events.push({ key, time });
    time += minGapMs + random() * jitterMs;
  }
  return events;
}

/**
 * A HID POS scanner without hardware, shaped like node-hid's HIDAsync, to
 * pass as `openDevice` to HidTransport. `scan()` emits the reports of one
 * code, each on its own tick, as a USB interrupt pipe delivers them.
 * `unplug()` emits the read error that hidapi reports for a removed device.
 */
export class SimulatedHidScanner extends EventEmitter implements HidDevice {
  readonly written: Buffer[] = [];
  closed = false;

  scan(data: string | Uint8Array, options: HidPosReportOptions = {}): Promise<void> {
    return this.sendReports(hidPosReports(data, options));
  }

  /** Sends arbitrary reports, e.g. malformed ones. */
  async sendReports(reports: Buffer[]): Promise<void> {
    for (const report of reports) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed) return;
      this.emit('data', report);
    }
  }

  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }

  write(values: number[] | Buffer): Promise<number> {
    const report = Buffer.from(values);
    this.written.push(report);
    return Promise.resolve(report.length);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
