import { describe, expect, it } from 'vitest';
import type { SyncStatusResult } from '../../main/contract/api.js';
import {
  describeSyncStatus,
  formatSyncTime,
} from '../../renderer/kiosk/sync/sync-status-text.js';

// Local-time constructors, so the cases hold in any time zone.
const NOW = new Date(2026, 11, 4, 15, 30);
const TODAY_0905 = new Date(2026, 11, 4, 9, 5).toISOString();
const DEC_3_2359 = new Date(2026, 11, 3, 23, 59).toISOString();
const DEC_1_0740 = new Date(2026, 11, 1, 7, 40).toISOString();

function status(overrides: Partial<SyncStatusResult> = {}): SyncStatusResult {
  return {
    enrolled: true,
    syncEnabled: true,
    lastSyncAt: TODAY_0905,
    pendingCount: 0,
    rejectedCount: 0,
    offlineSince: null,
    lastErrorCode: null,
    lastError: null,
    ...overrides,
  };
}

const NETWORK_FAILURE = {
  offlineSince: DEC_3_2359,
  lastErrorCode: 'NETWORK',
  lastError: '无法连接县服务器，请检查网络。',
};

describe('formatSyncTime', () => {
  it('same day gives the clock only', () => {
    expect(formatSyncTime(TODAY_0905, NOW)).toBe('09:05');
  });

  it('another day adds the date', () => {
    expect(formatSyncTime(DEC_3_2359, NOW)).toBe('12月3日 23:59');
  });

  it('withDate adds the date on the same day', () => {
    expect(formatSyncTime(TODAY_0905, NOW, true)).toBe('12月4日 09:05');
  });

  it('another year on the same day of month adds the date', () => {
    const lastYear = new Date(2025, 11, 4, 9, 5).toISOString();
    expect(formatSyncTime(lastYear, NOW)).toBe('12月4日 09:05');
  });

  it('invalid text gives null', () => {
    expect(formatSyncTime('not a time', NOW)).toBeNull();
    expect(formatSyncTime('', NOW)).toBeNull();
  });
});

describe('describeSyncStatus', () => {
  it('no status yet shows nothing', () => {
    expect(describeSyncStatus(null, NOW)).toBeNull();
  });

  it('sync turned off shows nothing', () => {
    expect(describeSyncStatus(status({ syncEnabled: false }), NOW)).toBeNull();
  });

  it('kiosk not enrolled shows nothing', () => {
    expect(
      describeSyncStatus(status({ enrolled: false, lastSyncAt: null }), NOW),
    ).toBeNull();
  });

  it('first sync still running shows nothing', () => {
    expect(describeSyncStatus(status({ lastSyncAt: null }), NOW)).toBeNull();
  });

  it('recent sync shows the time', () => {
    expect(describeSyncStatus(status(), NOW)).toEqual({
      tone: 'ok',
      text: '岗位信息更新于 09:05',
      pending: null,
    });
  });

  it('sync on an earlier day shows the date', () => {
    const line = describeSyncStatus(status({ lastSyncAt: DEC_1_0740 }), NOW);
    expect(line?.tone).toBe('ok');
    expect(line?.text).toBe('岗位信息更新于 12月1日 07:40');
  });

  it('pending entries are counted', () => {
    const line = describeSyncStatus(status({ pendingCount: 3 }), NOW);
    expect(line?.tone).toBe('ok');
    expect(line?.pending).toBe('待上传 3 条');
  });

  it('rejected entries are not shown', () => {
    expect(describeSyncStatus(status({ rejectedCount: 2 }), NOW)?.pending).toBeNull();
  });

  it('network failure names the last sync', () => {
    const line = describeSyncStatus(status(NETWORK_FAILURE), NOW);
    expect(line?.tone).toBe('offline');
    expect(line?.text).toBe('网络中断，显示的是 12月4日 09:05 保存的岗位信息');
  });

  it('timeout counts as a network failure', () => {
    const line = describeSyncStatus(
      status({ ...NETWORK_FAILURE, lastErrorCode: 'TIMEOUT' }),
      NOW,
    );
    expect(line?.text).toBe('网络中断，显示的是 12月4日 09:05 保存的岗位信息');
  });

  it('offline with pending entries counts them', () => {
    const line = describeSyncStatus(status({ ...NETWORK_FAILURE, pendingCount: 1 }), NOW);
    expect(line?.tone).toBe('offline');
    expect(line?.pending).toBe('待上传 1 条');
  });

  it('never synced names the first failure', () => {
    const line = describeSyncStatus(
      status({ ...NETWORK_FAILURE, lastSyncAt: null }),
      NOW,
    );
    expect(line?.tone).toBe('offline');
    expect(line?.text).toBe('网络中断，自 12月3日 23:59 起未能更新岗位信息');
  });

  it('never synced without times stays vague', () => {
    const line = describeSyncStatus(
      status({ ...NETWORK_FAILURE, lastSyncAt: null, offlineSince: null }),
      NOW,
    );
    expect(line?.text).toBe('网络中断，显示的是本机保存的岗位信息');
  });

  it('server failure does not claim a network cut', () => {
    const line = describeSyncStatus(
      status({
        offlineSince: TODAY_0905,
        lastErrorCode: 'SERVER_ERROR',
        lastError: '县服务器暂时出错，稍后自动重试。',
      }),
      NOW,
    );
    expect(line?.tone).toBe('offline');
    expect(line?.text).toBe(
      '岗位信息暂时无法更新，显示的是 12月4日 09:05 保存的岗位信息',
    );
  });

  it('revoked kiosk shows the offline line', () => {
    const line = describeSyncStatus(
      status({
        lastErrorCode: 'KIOSK_REVOKED',
        lastError: '本机已被县服务器停用，请联系管理员。',
      }),
      NOW,
    );
    expect(line?.tone).toBe('offline');
    expect(line?.text).toBe(
      '岗位信息暂时无法更新，显示的是 12月4日 09:05 保存的岗位信息',
    );
  });

  it('unparsable last sync time falls back', () => {
    const line = describeSyncStatus(
      status({ ...NETWORK_FAILURE, lastSyncAt: 'garbage' }),
      NOW,
    );
    expect(line?.text).toBe('网络中断，自 12月3日 23:59 起未能更新岗位信息');
    expect(describeSyncStatus(status({ lastSyncAt: 'garbage' }), NOW)).toBeNull();
  });
});
