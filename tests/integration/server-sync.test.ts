import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changesPageSchema,
  enrolResponseSchema,
  snapshotPageSchema,
  syncErrorSchema,
} from '../../main/contract/sync.js';
import { requestJson, startCountyServer, type CountyServer, type KioskCredential } from '../helpers/county-server.js';

let server: CountyServer;
let kiosk: KioskCredential;

beforeAll(async () => {
  server = await startCountyServer();
  kiosk = await server.enrolKiosk();
});

afterAll(async () => {
  await server.stop();
});

describe('county server sync API', () => {
  it('health answers without auth', async () => {
    const response = await requestJson<{ status: string }>(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('enrolment code works once', async () => {
    const code = await server.createEnrolmentCode();
    const body = { code, name: 'kiosk A', version: '1.0.0' };
    const first = await requestJson(`${server.url}/api/v1/enrol`, { method: 'POST', body });
    expect(first.status).toBe(200);
    expect(enrolResponseSchema.safeParse(first.body).success).toBe(true);

    const second = await requestJson(`${server.url}/api/v1/enrol`, { method: 'POST', body });
    expect(second.status).toBe(401);
    expect(syncErrorSchema.parse(second.body).error.message).toMatch(/already been used/);
  });

  it('missing credential is refused', async () => {
    const response = await requestJson(`${server.url}/api/v1/sync/snapshot`);
    expect(response.status).toBe(401);
    expect(syncErrorSchema.parse(response.body).error.code).toBe('UNAUTHORIZED');
  });

  it('published job appears after the cursor', async () => {
    const first = snapshotPageSchema.parse((await server.kiosk(kiosk, 'GET', '/api/v1/sync/snapshot')).body);
    const { id, revision } = await server.publishJob({ title: '护工' });
    const query = `epoch=${first.cursor.epoch}&after=${first.cursor.revision}`;
    const page = changesPageSchema.parse((await server.kiosk(kiosk, 'GET', `/api/v1/sync/changes?${query}`)).body);
    expect(page.changes.map((change) => [change.op, change.id])).toEqual([['upsert', id]]);
    expect(page.next.revision).toBe(revision);
    expect(page.more).toBe(false);
  });
});
