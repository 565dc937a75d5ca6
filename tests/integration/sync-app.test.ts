import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../../main/app.js';
import { dispatch } from '../../main/contract/dispatch.js';
import { startDevices } from '../../main/devices/start.js';
import { openStore } from '../../main/store/db.js';
import { enrolKiosk } from '../../main/sync/enrol.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { SyncPeer } from './sync-peer.js';
import { makeJob } from './sync-support.js';

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs = 5000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('sync in the kiosk app', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let peer: SyncPeer;

  beforeEach(async () => {
    temp = makeTempDir('sync-app');
    peer = new SyncPeer();
    await peer.start();
    const db = openStore(join(temp.dir, 'kiosk.sqlite'));
    await enrolKiosk({
      db,
      dataDir: temp.dir,
      serverUrl: peer.url,
      code: peer.issueCode(),
      name: 'k',
      version: 't',
    });
    db.close();
  });

  afterEach(async () => {
    await peer.stop();
    temp.remove();
  });

  it('app syncs and reports sync.status', async () => {
    peer.upsert('job', 'j1', makeJob(1, { title: '护工' }));
    const app = startApp({ dataDir: temp.dir, demo: false, syncServerUrl: peer.url });
    try {
      expect(app.sync).not.toBeNull();
      const call = (method: string, params: unknown = {}) =>
        dispatch(app.handlers, method, params, (error) => {
          throw error;
        });
      const synced = await waitFor(async () => {
        const status = await call('sync.status');
        return (
          status.ok && (status.value as { lastSyncAt: string | null }).lastSyncAt !== null
        );
      });
      expect(synced).toBe(true);
      const search = await call('jobs.search', { text: '护工' });
      expect(search.ok).toBe(true);
      expect((search as { value: { total: number } }).value.total).toBe(1);
      const status = await call('sync.status');
      expect(status).toMatchObject({
        ok: true,
        value: {
          enrolled: true,
          syncEnabled: true,
          pendingCount: 0,
          offlineSince: null,
          lastError: null,
        },
      });
    } finally {
      app.close();
    }
  });

  it('heartbeat carries device health', async () => {
    const devices = await startDevices({
      dataDir: temp.dir,
      stationName: '站',
      realDevices: false,
    });
    const app = startApp({
      dataDir: temp.dir,
      demo: false,
      syncServerUrl: peer.url,
      devices,
    });
    try {
      expect(await waitFor(() => Promise.resolve(peer.heartbeats.length > 0))).toBe(true);
      const reported = peer.heartbeats[0]!.devices.map((device) => device.device).sort();
      expect(reported).toEqual(
        devices
          .heartbeatDevices()
          .map((device) => device.device)
          .sort(),
      );
      expect(reported.length).toBeGreaterThan(0);
    } finally {
      app.close();
      await devices.stop();
    }
  });

  it('app without a server URL does not sync', async () => {
    const app = startApp({ dataDir: temp.dir, demo: false });
    try {
      expect(app.sync).toBeNull();
      const status = await dispatch(app.handlers, 'sync.status', {}, () => undefined);
      expect(status).toMatchObject({
        ok: true,
        value: { enrolled: true, syncEnabled: false, lastSyncAt: null },
      });
    } finally {
      app.close();
    }
  });

  it('close during an attempt does not crash', async () => {
    for (let n = 0; n < 300; n++) peer.upsert('job', `j${n}`, makeJob(n));
    let requests = 0;
    peer.onRequest = () => requests++;
    const app = startApp({ dataDir: temp.dir, demo: false, syncServerUrl: peer.url });
    expect(await waitFor(() => Promise.resolve(requests > 0))).toBe(true);
    app.close();
    // An attempt that touched the closed store would reject here or later.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.db.open).toBe(false);
  });
});
