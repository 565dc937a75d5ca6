import { PROBLEM_MESSAGES, type PrinterHealth, type PrinterProblem } from './status.js';

/** Stable codes of {@link PrinterError}, for callers that branch on the cause. */
export type PrinterErrorCode =
  | 'PRINTER_PAPER_OUT'
  | 'PRINTER_COVER_OPEN'
  | 'PRINTER_OFFLINE'
  | 'PRINTER_FAULT'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_DISCONNECTED';

/**
 * A print or status request that failed. `message` is English for logs, and
 * `userMessage` is the plain Chinese text for the kiosk screen. `bytesSent`
 * counts the job bytes written before the failure. With 0 the job was
 * rejected before sending, so nothing was printed.
 */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';

  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    readonly userMessage: string,
    readonly bytesSent = 0,
    readonly health?: PrinterHealth,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const CODE_OF_PROBLEM: Readonly<Record<PrinterProblem, PrinterErrorCode | undefined>> = {
  'paper-out': 'PRINTER_PAPER_OUT',
  'cover-open': 'PRINTER_COVER_OPEN',
  offline: 'PRINTER_OFFLINE',
  'cutter-error': 'PRINTER_FAULT',
  'unrecoverable-error': 'PRINTER_FAULT',
  'recoverable-error': 'PRINTER_FAULT',
  'auto-recoverable-error': 'PRINTER_FAULT',
  disconnected: 'PRINTER_DISCONNECTED',
  timeout: 'PRINTER_TIMEOUT',
  'paper-near-end': undefined,
};

const ENGLISH_OF_PROBLEM: Readonly<Record<PrinterProblem, string>> = {
  'paper-out': 'printer is out of paper',
  'cover-open': 'printer cover is open',
  offline: 'printer is offline',
  'cutter-error': 'printer reports an auto-cutter error',
  'unrecoverable-error': 'printer reports an unrecoverable error',
  'recoverable-error': 'printer reports a recoverable error',
  'auto-recoverable-error':
    'printer reports an auto-recoverable error (for example an overheated head)',
  disconnected: 'printer is not connected',
  timeout: 'printer did not reply to the status request',
  'paper-near-end': 'printer paper is near its end',
};

/** Returns the error for a health state in fault, or undefined when printing may go ahead. */
export function errorFromHealth(
  health: PrinterHealth,
  bytesSent: number,
  context: string,
): PrinterError | undefined {
  if (health.state !== 'fault') return undefined;
  const [problem] = health.problems;
  if (problem === undefined) return undefined;
  const code = CODE_OF_PROBLEM[problem] ?? 'PRINTER_FAULT';
  return new PrinterError(
    code,
    `${context}: ${ENGLISH_OF_PROBLEM[problem]}`,
    PROBLEM_MESSAGES[problem],
    bytesSent,
    health,
  );
}
