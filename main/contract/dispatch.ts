import { z } from 'zod';
import { apiMethods, isMethodName, type ApiHandlers, type Envelope } from './api.js';
import { ApiFailure } from './errors.js';

/**
 * Validates one call against the contract, runs its handler and wraps the
 * outcome in the envelope. Both hosts call this, so validation cannot differ.
 * `onInternalError` receives unexpected errors for logging; their details
 * never reach the screen.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawParams: unknown,
  onInternalError: (error: unknown, method: string) => void,
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${method}` },
    };
  }

  const parsed = apiMethods[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'INVALID_PARAMS', message: z.prettifyError(parsed.error) },
    };
  }

  try {
    const handler = handlers[method] as (params: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: apiMethods[method].result.parse(value) };
  } catch (error) {
    if (error instanceof ApiFailure) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    onInternalError(error, method);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Internal error; see the kiosk log.' },
    };
  }
}
