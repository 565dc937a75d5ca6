import { useCallback, useEffect, useState } from 'react';
import type { MethodName, ParamsInput, Result } from '../../main/contract/api.js';
import { call } from './api-client.js';

/**
 * The state of one API call. While a new call runs, `previous` keeps the
 * last value, so a list can stay on screen instead of flashing empty.
 */
export type ApiState<T> =
  | { status: 'loading'; previous: T | null }
  | { status: 'error'; error: unknown }
  | { status: 'ok'; value: T };

/** A settled call, tagged with the request (method, attempt and params) it belongs to. */
type Settled<T> = { request: string } & (
  { ok: true; value: T } | { ok: false; error: unknown }
);

/**
 * Calls `method` when the component mounts and again whenever the params
 * change (compared as JSON). Null params wait: no call, state 'loading'. The state reads 'loading' from the first render
 * with new params, so a screen never shows an old result as the new one.
 * Answers of superseded calls are dropped. `retry` repeats the current call,
 * for the 重试 button.
 */
export function useApi<M extends MethodName>(
  method: M,
  params: ParamsInput<M> | null,
): { state: ApiState<Result<M>>; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(params);
  const request = `${method} ${attempt} ${key}`;
  const [settled, setSettled] = useState<Settled<Result<M>> | null>(null);
  const [lastValue, setLastValue] = useState<Result<M> | null>(null);

  useEffect(() => {
    if (key === 'null') return undefined;
    let current = true;
    call(method, JSON.parse(key) as ParamsInput<M>)
      .then((value) => {
        if (!current) return;
        setSettled({ request, ok: true, value });
        setLastValue(value);
      })
      .catch((error: unknown) => {
        if (current) setSettled({ request, ok: false, error });
      });
    return () => {
      current = false;
    };
    // `request` changes exactly when method, attempt or params change.
  }, [method, key, request]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  let state: ApiState<Result<M>>;
  if (settled === null || settled.request !== request) {
    state = { status: 'loading', previous: lastValue };
  } else if (settled.ok) {
    state = { status: 'ok', value: settled.value };
  } else {
    state = { status: 'error', error: settled.error };
  }
  return { state, retry };
}
