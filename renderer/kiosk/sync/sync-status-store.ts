// One `sync.status` poller for the whole kiosk page. The screens mount and
// unmount the status line on every route change, so the last status lives
// here: a new screen shows it at once instead of flashing an empty line, and
// requests a fresh one.
import { useSyncExternalStore } from 'react';
import type { SyncStatusResult } from '../../../main/contract/api.js';
import { call } from '../../shared/api-client.js';

/** Time between `sync.status` calls while a screen shows or uses the status. */
export const SYNC_STATUS_POLL_MS = 5_000;

let latest: SyncStatusResult | null = null;
let timer: number | null = null;
let inFlight = false;
const listeners = new Set<() => void>();

function refresh(): void {
  if (inFlight) return;
  inFlight = true;
  call('sync.status', {})
    .then((status) => {
      latest = status;
      for (const listener of listeners) listener();
    })
    // A failed call keeps the last status: the screens report an
    // unreachable kiosk service themselves, and the next poll retries.
    .catch(() => undefined)
    .finally(() => {
      inFlight = false;
    });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  refresh();
  timer ??= window.setInterval(refresh, SYNC_STATUS_POLL_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };
}

/** Returns the last `sync.status` result, or null before the first one arrives. */
export function useSyncStatus(): SyncStatusResult | null {
  return useSyncExternalStore(subscribe, () => latest);
}
