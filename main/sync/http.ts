// JSON over HTTP to the county server. Every reply is read whole, parsed and
// validated before the caller sees it, so a cut or malformed body is an error
// for the attempt and never reaches the store.
import { z } from 'zod';
import { SYNC_API_PREFIX, syncErrorSchema } from '../contract/sync.js';
import { SyncError, type SyncErrorCode } from './errors.js';
import { exchange } from './transport.js';

export interface KioskCredential {
  kioskId: string;
  secret: string;
}

export interface SyncHttpOptions {
  /** Base URL of the county server, such as `https://jobs.example.gov.cn`. */
  serverUrl: string;
  credential: KioskCredential | null;
  /** Maximum time in ms for one request, from sending to the last byte of the reply. */
  timeoutMs: number;
  /** Aborts every request, for a client that is shutting down. */
  signal?: AbortSignal;
}

/** Maps the server's error codes (contract/sync.ts) to the kiosk's. */
function codeForServerError(
  status: number,
  serverCode: string | undefined,
): SyncErrorCode {
  switch (serverCode) {
    case 'KIOSK_REVOKED':
      return 'KIOSK_REVOKED';
    case 'UNAUTHORIZED':
      return 'UNAUTHORIZED';
    case 'CURSOR_EXPIRED':
      return 'CURSOR_EXPIRED';
    case 'RATE_LIMITED':
      return 'RATE_LIMITED';
    default:
      break;
  }
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 410) return 'CURSOR_EXPIRED';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER_ERROR';
  return 'REQUEST_REJECTED';
}

/** Validates a server URL and returns it without a trailing slash. */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `Invalid server URL "${text}": expected http://HOST[:PORT] or https://...`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invalid server URL "${text}": only http and https are supported.`);
  }
  return url.href.replace(/\/+$/u, '');
}

/** Checks a parsed reply and returns its value, or an error message for a reply off the protocol. */
export type ReplyReader<T> = (
  json: unknown,
) => { ok: true; value: T } | { ok: false; error: string };

function zodReader<T extends z.ZodType>(schema: T): ReplyReader<z.output<T>> {
  return (json) => {
    const parsed = schema.safeParse(json);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, error: z.prettifyError(parsed.error) };
  };
}

export class SyncHttp {
  private readonly base: string;

  constructor(private readonly options: SyncHttpOptions) {
    this.base = normaliseServerUrl(options.serverUrl) + SYNC_API_PREFIX;
  }

  /** GETs `path` under the API prefix and returns the reply validated by `schema`. */
  async get<T extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    schema: T,
  ): Promise<z.output<T>> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.request('GET', `${path}${search}`, undefined, zodReader(schema));
  }

  /** POSTs a JSON body to `path` under the API prefix and validates the reply. */
  async post<T extends z.ZodType>(
    path: string,
    body: unknown,
    schema: T,
  ): Promise<z.output<T>> {
    return this.request('POST', path, JSON.stringify(body), zodReader(schema));
  }

  /**
   * POSTs JSON text that the caller has already serialised and returns what
   * `read` makes of the parsed reply. `read` returns an error message for a
   * reply that does not match the protocol.
   */
  async postJsonText<T>(path: string, body: string, read: ReplyReader<T>): Promise<T> {
    return this.request('POST', path, body, read);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    read: ReplyReader<T>,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const { credential } = this.options;
    if (credential !== null) {
      headers['authorization'] = `Bearer ${credential.kioskId}.${credential.secret}`;
    }

    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal =
      this.options.signal === undefined
        ? timeout
        : AbortSignal.any([timeout, this.options.signal]);
    const where = `${method} ${path}`;
    let status: number;
    let text: string;
    try {
      ({ status, text } = await exchange({
        method,
        url: new URL(this.base + path),
        headers,
        body,
        // The timeout covers a reply that stalls halfway, because the
        // exchange reads the whole body under the same signal.
        signal,
      }));
    } catch (error) {
      if (timeout.aborted) {
        throw new SyncError(
          'TIMEOUT',
          `${where} timed out after ${this.options.timeoutMs} ms`,
          {
            cause: error,
          },
        );
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new SyncError('NETWORK', `${where} failed: ${reason}`, { cause: error });
    }

    // A redirect means a misconfigured server URL. Following a 301 or 302
    // would turn a push into a GET, so the request fails instead.
    if (status >= 300 && status <= 399) {
      throw new SyncError(
        'NETWORK',
        `${where} returned a redirect (HTTP ${status}); check the server URL`,
      );
    }
    if (status < 200 || status > 299) throw this.errorFromReply(where, status, text);

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SyncError(
        'MALFORMED_REPLY',
        `${where} returned HTTP ${status} with a body that is not valid JSON (${text.length} bytes)`,
      );
    }
    const outcome = read(json);
    if (!outcome.ok) {
      throw new SyncError(
        'MALFORMED_REPLY',
        `${where} returned a reply that does not match the protocol: ${outcome.error}`,
      );
    }
    return outcome.value;
  }

  private errorFromReply(where: string, status: number, text: string): SyncError {
    let serverCode: string | undefined;
    let serverMessage = '';
    try {
      const parsed = syncErrorSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        serverCode = parsed.data.error.code;
        serverMessage = parsed.data.error.message;
      }
    } catch {
      // A body that is not JSON (a proxy's HTML error page) keeps only the status.
    }
    const code = codeForServerError(status, serverCode);
    const detail = serverCode === undefined ? '' : ` ${serverCode}: ${serverMessage}`;
    return new SyncError(code, `${where} returned HTTP ${status}${detail}`);
  }
}
