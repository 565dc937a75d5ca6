import pino, { type Logger } from 'pino';

const root = pino({
  level: process.env['LOG_LEVEL'] ?? (process.env['VITEST'] ? 'silent' : 'info'),
  base: undefined,
  redact: {
    paths: [
      '*.idNumber',
      '*.phone',
      '*.name',
      '*.token',
      '*.password',
      'req.headers.authorization',
    ],
    censor: '[redacted]',
  },
});

/** Creates the named logger of one subsystem, such as `store` or `importer`. */
export function createLogger(subsystem: string): Logger {
  return root.child({ subsystem });
}

export type { Logger };
