import pino, { type Logger } from 'pino';

// native/ may not import main/, so the drivers keep their own root logger with
// the same level rules and redaction as the services' logger. Device traces
// log byte counts only: ID card replies carry personal data.
const root = pino({
  level: process.env['LOG_LEVEL'] ?? (process.env['VITEST'] ? 'silent' : 'info'),
  base: undefined,
  redact: {
    paths: ['*.idNumber', '*.name', '*.address', '*.photo', '*.text'],
    censor: '[redacted]',
  },
});

/** Creates the named logger of one driver subsystem, such as `transport` or `idcard`. */
export function createLogger(subsystem: string): Logger {
  return root.child({ subsystem });
}

export type { Logger };
