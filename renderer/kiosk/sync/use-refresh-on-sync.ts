import { useEffect, useRef } from 'react';
import { useSyncStatus } from './sync-status-store.js';

/**
 * Calls `refresh` after each completed sync with the county server while the
 * calling screen is open, so a list or detail that stays on screen drops
 * filled postings and shows new ones without the citizen leaving it. The
 * first status seen after mounting does not count as a sync.
 */
export function useRefreshOnSync(refresh: () => void): void {
  const syncedAt = useSyncStatus()?.lastSyncAt ?? null;
  const seen = useRef<string | null | undefined>(undefined);
  const latestRefresh = useRef(refresh);
  latestRefresh.current = refresh;

  useEffect(() => {
    const previous = seen.current;
    seen.current = syncedAt;
    if (previous !== undefined && syncedAt !== null && syncedAt !== previous) {
      latestRefresh.current();
    }
  }, [syncedAt]);
}
