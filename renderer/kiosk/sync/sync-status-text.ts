// Chooses the kiosk's sync status line from `sync.status`. Pure functions on
// the kiosk's local clock, so the unit tests run without a browser.
import type { SyncStatusResult } from '../../../main/contract/api.js';

/** A status line to show. The `offline` tone gets a pale amber strip in kiosk.css. */
export interface SyncStatusLine {
  tone: 'ok' | 'offline';
  text: string;
  /** 待上传 N 条, or null when the outbox is empty. */
  pending: string | null;
}

/** Error codes that mean the county server could not be reached at all. */
const NETWORK_CODES: ReadonlySet<string> = new Set(['NETWORK', 'TIMEOUT']);

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats an ISO time as HH:MM when it falls on the same local day as `now`,
 * and as M月D日 HH:MM otherwise. Returns null for text that is not a time.
 */
export function formatSyncTime(iso: string, now: Date, withDate = false): string | null {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return null;
  const clock = `${pad2(time.getHours())}:${pad2(time.getMinutes())}`;
  const sameDay =
    time.getFullYear() === now.getFullYear() &&
    time.getMonth() === now.getMonth() &&
    time.getDate() === now.getDate();
  if (sameDay && !withDate) return clock;
  return `${time.getMonth() + 1}月${time.getDate()}日 ${clock}`;
}

function failed(status: SyncStatusResult): boolean {
  return (
    status.lastError !== null ||
    status.lastErrorCode !== null ||
    status.offlineSince !== null
  );
}

/** Builds the offline sentence: since the last sync, or since the first failure when there was none. */
function offlineText(status: SyncStatusResult, now: Date): string {
  const reason = NETWORK_CODES.has(status.lastErrorCode ?? '')
    ? '网络中断'
    : '岗位信息暂时无法更新';
  const lastSync =
    status.lastSyncAt === null ? null : formatSyncTime(status.lastSyncAt, now, true);
  if (lastSync !== null) return `${reason}，显示的是 ${lastSync} 保存的岗位信息`;
  const since =
    status.offlineSince === null ? null : formatSyncTime(status.offlineSince, now, true);
  if (since !== null) return `${reason}，自 ${since} 起未能更新岗位信息`;
  return `${reason}，显示的是本机保存的岗位信息`;
}

/**
 * Chooses the status line, or null when there is nothing to show: a kiosk
 * that is not enrolled with a county server (the demo), one whose kiosk.json
 * names no server, and one whose first sync has not ended yet show no line.
 */
export function describeSyncStatus(
  status: SyncStatusResult | null,
  now: Date,
): SyncStatusLine | null {
  if (status === null || !status.enrolled || !status.syncEnabled) return null;
  const pending = status.pendingCount > 0 ? `待上传 ${status.pendingCount} 条` : null;
  if (failed(status)) return { tone: 'offline', text: offlineText(status, now), pending };

  const lastSync =
    status.lastSyncAt === null ? null : formatSyncTime(status.lastSyncAt, now);
  if (lastSync === null) return null;
  return { tone: 'ok', text: `岗位信息更新于 ${lastSync}`, pending };
}
