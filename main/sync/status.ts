import type { Db } from '../store/db.js';
import { countOutbox } from '../store/outbox.js';
import { readSyncState } from '../store/sync-state.js';

/** What the screens show about sync. Read from the store, so any process can show it. */
export interface SyncStatus {
  enrolled: boolean;
  /** End of the last attempt that pushed and pulled everything (kiosk clock). */
  lastSyncAt: string | null;
  /** Outbox entries not yet stored by the server (待上传 N 条). */
  pendingCount: number;
  /** Entries the server rejected, set aside for staff. */
  rejectedCount: number;
  /** Time of the first failed attempt since the last complete sync, or null. */
  offlineSince: string | null;
  /** Stable code of the last failure, such as NETWORK or KIOSK_REVOKED. */
  lastErrorCode: string | null;
  /** The last failure in plain Chinese words for the screen, or null. */
  lastError: string | null;
}

export function readSyncStatus(db: Db): SyncStatus {
  const state = readSyncState(db);
  const counts = countOutbox(db);
  return {
    enrolled: state.kioskId !== null && state.credential !== null,
    lastSyncAt: state.lastSyncAt,
    pendingCount: counts.pending,
    rejectedCount: counts.rejected,
    offlineSince: state.offlineSince,
    lastErrorCode: state.lastErrorCode,
    lastError: state.lastError,
  };
}
