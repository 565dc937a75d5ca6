import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../../main/log.js';
import { SYNC_ERROR_CODES } from '../../main/contract/sync.js';

/** Error codes of the sync API (from the contract) plus CONFLICT for the admin API. */
export type ServerErrorCode = (typeof SYNC_ERROR_CODES)[number] | 'CONFLICT';

/** An error a handler raises on purpose; its status, code and message reach the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Summarises zod issues as `field: message` pairs for an error message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

/** Parses request input, raising a 400 INVALID_REQUEST that names the bad fields. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      `Invalid ${what}: ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}

/** Checks a response against its schema; a mismatch is a server bug, so it raises. */
export function checkOutput<S extends z.ZodType>(
  schema: S,
  value: z.input<S>,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(
      `The server built an invalid ${what}: ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}

function errorBody(
  code: ServerErrorCode,
  message: string,
): { error: { code: ServerErrorCode; message: string } } {
  return { error: { code, message } };
}

/** Sends every error as `{ error: { code, message } }` and logs the unexpected ones. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      void reply
        .status(error.status)
        .headers(error.headers)
        .send(errorBody(error.code, error.message));
      return;
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code: ServerErrorCode = status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST';
      void reply
        .status(status)
        .send(errorBody(code, `Invalid request: ${error.message}`));
      return;
    }
    log.error(
      { err: error, method: request.method, route: request.routeOptions.url },
      'request failed',
    );
    void reply
      .status(500)
      .send(
        errorBody(
          'INTERNAL',
          'The server failed to handle the request; it has been logged.',
        ),
      );
  });

  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        errorBody(
          'NOT_FOUND',
          `No such endpoint: ${request.method} ${request.url.split('?')[0] ?? ''}`,
        ),
      );
  });
}
