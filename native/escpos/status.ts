/**
 * Parsers for the printer's status replies and the health state built from
 * them. The bit meanings of `DLE EOT n` and `GS a` are those that
 * lsongdev/node-escpos `statuses.ts` and Cellivar/WebReceiptLinePrinter
 * `AutoStatusBack.ts` implement from Epson's ESC/POS reference.
 */
import type { StatusRequestKind } from './commands.js';

/** Bits that are fixed in every `DLE EOT` reply: bits 1 and 4 set, bits 0 and 7 clear. */
const REALTIME_FIXED_MASK = 0x93;
const REALTIME_FIXED_VALUE = 0x12;

/** The first byte of an automatic status back message: bit 4 set, bits 0, 1 and 7 clear. */
const ASB_HEADER_MASK = 0x93;
const ASB_HEADER_VALUE = 0x10;
/** Bits 4 and 7 are clear in the 2nd to 4th byte of an ASB message. */
const ASB_BODY_MASK = 0x90;
const ASB_LENGTH = 4;

/** `DLE EOT 1`. */
export interface PrinterStatus {
  kind: 1;
  drawerPin3High: boolean;
  offline: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
}

/** `DLE EOT 2`. */
export interface OfflineCauseStatus {
  kind: 2;
  coverOpen: boolean;
  paperFedByButton: boolean;
  paperEndStop: boolean;
  errorOccurred: boolean;
}

/** `DLE EOT 3`. */
export interface ErrorCauseStatus {
  kind: 3;
  recoverableError: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

/** `DLE EOT 4`: the roll paper sensors. */
export interface PaperSensorStatus {
  kind: 4;
  nearEnd: boolean;
  paperOut: boolean;
}

export type RealtimeStatus =
  PrinterStatus | OfflineCauseStatus | ErrorCauseStatus | PaperSensorStatus;

export class StatusByteError extends Error {
  readonly byte: number;

  constructor(byte: number, kind: number) {
    super(
      `invalid DLE EOT ${kind} status byte 0x${byte.toString(16).padStart(2, '0')}: ` +
        'a status byte has bits 1 and 4 set and bits 0 and 7 clear',
    );
    this.name = 'StatusByteError';
    this.byte = byte;
  }
}

/** Returns whether a byte has the fixed bits of a `DLE EOT` reply (0x12 pattern). */
export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & REALTIME_FIXED_MASK) === REALTIME_FIXED_VALUE;
}

/** The status type of the reply to `DLE EOT kind`. */
export type RealtimeStatusOf<K extends StatusRequestKind> = Extract<
  RealtimeStatus,
  { kind: K }
>;

/** Parses the reply byte to `DLE EOT kind`; throws {@link StatusByteError} on a byte without the fixed bits. */
export function parseRealtimeStatus<K extends StatusRequestKind>(
  kind: K,
  byte: number,
): RealtimeStatusOf<K> {
  return parseStatusByte(kind, byte) as RealtimeStatusOf<K>;
}

function parseStatusByte(kind: StatusRequestKind, byte: number): RealtimeStatus {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || !isRealtimeStatusByte(byte)) {
    throw new StatusByteError(byte, kind);
  }
  const bit = (mask: number): boolean => (byte & mask) !== 0;
  switch (kind) {
    case 1:
      return {
        kind,
        drawerPin3High: bit(0x04),
        offline: bit(0x08),
        waitingForOnlineRecovery: bit(0x20),
        feedButtonPressed: bit(0x40),
      };
    case 2:
      return {
        kind,
        coverOpen: bit(0x04),
        paperFedByButton: bit(0x08),
        paperEndStop: bit(0x20),
        errorOccurred: bit(0x40),
      };
    case 3:
      return {
        kind,
        recoverableError: bit(0x04),
        cutterError: bit(0x08),
        unrecoverableError: bit(0x20),
        autoRecoverableError: bit(0x40),
      };
    case 4:
      return { kind, nearEnd: bit(0x0c), paperOut: bit(0x60) };
  }
}

/** The four bytes of an automatic status back message (`GS a`), decoded. */
export interface AutoStatusBack {
  offline: boolean;
  coverOpen: boolean;
  feedButtonPressed: boolean;
  waitingForOnlineRecovery: boolean;
  recoverableError: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  nearEnd: boolean;
  paperOut: boolean;
  bytes: [number, number, number, number];
}

function decodeAutoStatusBack(bytes: [number, number, number, number]): AutoStatusBack {
  const [first, second, third] = bytes;
  return {
    offline: (first & 0x08) !== 0,
    coverOpen: (first & 0x20) !== 0,
    feedButtonPressed: (first & 0x40) !== 0,
    waitingForOnlineRecovery: (second & 0x01) !== 0,
    recoverableError: (second & 0x04) !== 0,
    cutterError: (second & 0x08) !== 0,
    unrecoverableError: (second & 0x20) !== 0,
    autoRecoverableError: (second & 0x40) !== 0,
    nearEnd: (third & 0x03) !== 0,
    paperOut: (third & 0x0c) !== 0,
    bytes,
  };
}

export type StatusStreamEvent =
  | { type: 'realtime'; byte: number }
  | { type: 'asb'; status: AutoStatusBack }
  | { type: 'junk'; byte: number };

/**
 * Splits the printer's input stream into `DLE EOT` reply bytes and 4-byte
 * ASB messages, which share the stream. A reply byte has bit 1 set and an
 * ASB header has it clear, so the two never look alike. A byte that fits
 * neither, or an ASB header whose next bytes do not fit, is reported as junk
 * and parsing resumes at the following byte. At most 3 bytes are buffered.
 */
export class StatusStreamParser {
  private pending: number[] = [];

  push(chunk: Uint8Array): StatusStreamEvent[] {
    const events: StatusStreamEvent[] = [];
    for (const byte of chunk) {
      this.pending.push(byte);
      this.drain(events);
    }
    return events;
  }

  /** Drops a partial ASB message, for example after a reconnect. */
  reset(): void {
    this.pending = [];
  }

  private drain(events: StatusStreamEvent[]): void {
    while (this.pending.length > 0) {
      const first = this.pending[0] ?? 0;
      if (isRealtimeStatusByte(first)) {
        events.push({ type: 'realtime', byte: first });
        this.pending.shift();
        continue;
      }
      if ((first & ASB_HEADER_MASK) !== ASB_HEADER_VALUE) {
        events.push({ type: 'junk', byte: first });
        this.pending.shift();
        continue;
      }
      const bodyValid = this.pending
        .slice(1)
        .every((byte) => (byte & ASB_BODY_MASK) === 0);
      if (!bodyValid) {
        events.push({ type: 'junk', byte: first });
        this.pending.shift();
        continue;
      }
      if (this.pending.length < ASB_LENGTH) return;
      const [a = 0, b = 0, c = 0, d = 0] = this.pending.splice(0, ASB_LENGTH);
      events.push({ type: 'asb', status: decodeAutoStatusBack([a, b, c, d]) });
    }
  }
}

/** The replies to `DLE EOT 1` to `4` from one status query. */
export interface StatusReport {
  printer: PrinterStatus;
  offlineCause: OfflineCauseStatus;
  errorCause: ErrorCauseStatus;
  paperSensor: PaperSensorStatus;
}

export type PrinterProblem =
  | 'paper-out'
  | 'cover-open'
  | 'cutter-error'
  | 'unrecoverable-error'
  | 'recoverable-error'
  | 'auto-recoverable-error'
  | 'offline'
  | 'paper-near-end'
  | 'disconnected'
  | 'timeout';

export type HealthState = 'ready' | 'warning' | 'fault';

export interface PrinterHealth {
  state: HealthState;
  /** Every problem found, most important first; empty when ready. */
  problems: PrinterProblem[];
  /** Plain Chinese message for the most important problem, for staff and citizens. */
  message: string;
}

/** Plain Chinese messages shown on the kiosk, one per problem. */
export const PROBLEM_MESSAGES: Readonly<Record<PrinterProblem, string>> = {
  'paper-out': '纸张用完，请联系工作人员更换纸卷',
  'cover-open': '打印机盖未关好，请联系工作人员',
  'cutter-error': '打印机切纸刀故障，请联系工作人员',
  'unrecoverable-error': '打印机故障，请联系工作人员',
  'recoverable-error': '打印机出现故障，请联系工作人员',
  'auto-recoverable-error': '打印机正在自动恢复，请稍候再试',
  offline: '打印机暂停工作，请联系工作人员',
  'paper-near-end': '纸卷快用完了，请联系工作人员及时更换',
  disconnected: '打印机未连接，请联系工作人员',
  timeout: '打印机没有响应，请联系工作人员',
};

export const READY_MESSAGE = '打印机就绪';

/** Problems that stop printing, in the order the message picks them. */
const FAULT_ORDER: readonly PrinterProblem[] = [
  'disconnected',
  'timeout',
  'paper-out',
  'cover-open',
  'cutter-error',
  'unrecoverable-error',
  'recoverable-error',
  'auto-recoverable-error',
  'offline',
];

/** Flags common to a status report and an ASB message. */
interface StatusFlags {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  nearEnd: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  recoverableError: boolean;
  autoRecoverableError: boolean;
}

function flagsFromReport(report: StatusReport): StatusFlags {
  return {
    offline: report.printer.offline,
    coverOpen: report.offlineCause.coverOpen,
    paperOut: report.paperSensor.paperOut || report.offlineCause.paperEndStop,
    nearEnd: report.paperSensor.nearEnd,
    cutterError: report.errorCause.cutterError,
    unrecoverableError: report.errorCause.unrecoverableError,
    recoverableError: report.errorCause.recoverableError,
    autoRecoverableError: report.errorCause.autoRecoverableError,
  };
}

/** Returns the problems of the given kind list as a health state with its message. */
export function healthFromProblems(problems: readonly PrinterProblem[]): PrinterHealth {
  const faults = FAULT_ORDER.filter((problem) => problems.includes(problem));
  const warnings = problems.includes('paper-near-end')
    ? (['paper-near-end'] as const)
    : [];
  const ordered: PrinterProblem[] = [...faults, ...warnings];
  const [first] = ordered;
  if (first === undefined)
    return { state: 'ready', problems: [], message: READY_MESSAGE };
  return {
    state: faults.length > 0 ? 'fault' : 'warning',
    problems: ordered,
    message: PROBLEM_MESSAGES[first],
  };
}

function healthFromFlags(flags: StatusFlags): PrinterHealth {
  const problems: PrinterProblem[] = [];
  if (flags.paperOut) problems.push('paper-out');
  if (flags.coverOpen) problems.push('cover-open');
  if (flags.cutterError) problems.push('cutter-error');
  if (flags.unrecoverableError) problems.push('unrecoverable-error');
  if (flags.recoverableError) problems.push('recoverable-error');
  if (flags.autoRecoverableError) problems.push('auto-recoverable-error');
  // A printer also sets the offline bit while the cover is open or the paper
  // is out (a paper-out printer replies 1A to DLE EOT 1), so "offline" counts
  // as its own problem only without such a cause.
  if (flags.offline && problems.length === 0) problems.push('offline');
  if (flags.nearEnd) problems.push('paper-near-end');
  return healthFromProblems(problems);
}

/** Combines the four `DLE EOT` replies into a health state. */
export function healthFromReport(report: StatusReport): PrinterHealth {
  return healthFromFlags(flagsFromReport(report));
}

/** Combines one ASB message into a health state. */
export function healthFromAutoStatusBack(status: AutoStatusBack): PrinterHealth {
  return healthFromFlags(status);
}

/** Returns whether two health states carry the same state and problems. */
export function sameHealth(a: PrinterHealth, b: PrinterHealth): boolean {
  return (
    a.state === b.state &&
    a.problems.length === b.problems.length &&
    a.problems.every((problem, index) => b.problems[index] === problem)
  );
}
