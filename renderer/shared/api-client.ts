// The screens' only door to the services. Under Electron the preload puts
// `window.kioskApi` in place; in a plain browser the same calls go to the
// loopback web host with the per-boot token from the page's URL fragment.
import type {
  Envelope,
  MethodName,
  ParamsInput,
  Result,
} from '../../main/contract/api.js';

export const TOKEN_HEADER = 'x-kiosk-token';
const TOKEN_KEY = 'kiosk-token';

interface PreloadApi {
  invoke: (method: string, params: unknown) => Promise<Envelope<unknown>>;
}

declare global {
  interface Window {
    kioskApi?: PreloadApi;
  }
}

/** Raised by `call` when the envelope carries an error. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Takes the token out of the URL fragment once and keeps it for this tab. */
function readToken(): string | null {
  const match = /(?:^#|&)token=([\w-]+)/.exec(window.location.hash);
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

let token: string | null = null;

async function invokeOverHttp(
  method: string,
  params: unknown,
): Promise<Envelope<unknown>> {
  token ??= readToken();
  let response: Response;
  try {
    response = await fetch(`../api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token ?? '' },
      body: JSON.stringify(params ?? {}),
    });
  } catch {
    throw new ApiCallError(
      'UNAVAILABLE',
      `The kiosk services did not respond to ${method}.`,
    );
  }
  try {
    return (await response.json()) as Envelope<unknown>;
  } catch {
    throw new ApiCallError(
      'UNAVAILABLE',
      `${method} returned HTTP ${response.status} without JSON.`,
    );
  }
}

/** Calls one contract method and returns its value, or raises ApiCallError. */
export async function call<M extends MethodName>(
  method: M,
  params: ParamsInput<M>,
): Promise<Result<M>> {
  const envelope = window.kioskApi
    ? await window.kioskApi.invoke(method, params)
    : await invokeOverHttp(method, params);
  if (!envelope.ok) throw new ApiCallError(envelope.error.code, envelope.error.message);
  return envelope.value as Result<M>;
}

/** Reads the token early, before any navigation could drop the fragment. */
export function initApiClient(): void {
  if (!window.kioskApi) token = readToken();
}
