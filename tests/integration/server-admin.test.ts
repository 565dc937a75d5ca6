import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requestJson,
  sampleJob,
  startCountyServer,
  type CountyServer,
  type JsonResponse,
} from '../helpers/county-server.js';

let server: CountyServer;

interface Item {
  id: string;
  status: string;
  servedStatus: string;
  ownerStation: string | null;
  data: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: string;
}

/** A signed-in staff member: calls the admin API with their own session. */
interface Staff {
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>>;
}

async function signIn(
  username: string,
  password: string,
): Promise<JsonResponse<{ token: string }>> {
  return requestJson(`${server.url}/api/admin/sign-in`, {
    method: 'POST',
    body: { username, password },
  });
}

async function createStaff(
  username: string,
  role: string,
  station: string | null,
): Promise<Staff> {
  const password = `${username}-password-123`;
  const created = await server.admin('POST', '/api/admin/accounts', {
    username,
    displayName: username,
    role,
    station,
    password,
  });
  expect(created.status).toBe(201);
  const session = await signIn(username, password);
  expect(session.status).toBe(200);
  const token = session.body.token;
  return {
    call: (method, path, body) =>
      requestJson(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        body,
      }),
  };
}

async function auditRows(action?: string): Promise<AuditRow[]> {
  const query = action === undefined ? '' : `?action=${encodeURIComponent(action)}`;
  const response = await server.admin<{ entries: AuditRow[] }>(
    'GET',
    `/api/admin/audit${query}`,
  );
  expect(response.status).toBe(200);
  return response.body.entries;
}

let qiulinStaff: Staff;
let yunyanStaff: Staff;

beforeAll(async () => {
  server = await startCountyServer();
  for (const [id, town] of [
    ['qiulin', '秋林镇'],
    ['yunyan', '云岩镇'],
  ]) {
    const response = await server.admin('PUT', `/api/admin/stations/${id}`, {
      name: `${town}驿站`,
      town,
    });
    expect(response.status).toBe(200);
  }
  qiulinStaff = await createStaff('qiulin-staff', 'station_staff', 'qiulin');
  yunyanStaff = await createStaff('yunyan-staff', 'station_staff', 'yunyan');
});

afterAll(async () => {
  await server.stop();
});

describe('server admin roles', () => {
  it('station staff manage own items', async () => {
    const created = await qiulinStaff.call<{ item: Item }>('POST', '/api/admin/jobs', {
      data: sampleJob(),
      publish: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.item.ownerStation).toBe('qiulin');
    expect(created.body.item.data['stations']).toEqual(['qiulin']);

    const id = created.body.item.id;
    const filled = await qiulinStaff.call<{ item: Item }>(
      'POST',
      `/api/admin/jobs/${id}/fill`,
    );
    expect(filled.status).toBe(200);
    expect(filled.body.item.status).toBe('filled');
  });

  it('station staff cannot touch others', async () => {
    const created = await qiulinStaff.call<{ item: Item }>('POST', '/api/admin/jobs', {
      data: sampleJob({ title: '秋林岗位' }),
    });
    const id = created.body.item.id;

    const attempts: [string, string, unknown][] = [
      ['GET', `/api/admin/jobs/${id}`, undefined],
      ['PUT', `/api/admin/jobs/${id}`, { data: sampleJob({ title: '被改了' }) }],
      ['POST', `/api/admin/jobs/${id}/publish`, undefined],
      ['POST', `/api/admin/jobs/${id}/withdraw`, undefined],
      ['DELETE', `/api/admin/jobs/${id}`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const response = await yunyanStaff.call<{ error: { code: string } }>(
        method,
        path,
        body,
      );
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    const listed = await yunyanStaff.call<{ items: Item[] }>('GET', '/api/admin/jobs');
    expect(listed.body.items.map((item) => item.id)).not.toContain(id);

    const unchanged = await qiulinStaff.call<{ item: Item }>(
      'GET',
      `/api/admin/jobs/${id}`,
    );
    expect(unchanged.body.item.data['title']).toBe('秋林岗位');
    expect(unchanged.body.item.status).toBe('draft');
  });

  it('station staff cannot target other stations', async () => {
    const response = await qiulinStaff.call('POST', '/api/admin/jobs', {
      data: sampleJob({ stations: ['yunyan'] }),
    });
    expect(response.status).toBe(403);
    const towns = await qiulinStaff.call('POST', '/api/admin/notices', {
      data: { title: '通知', body: '', startsOn: null, endsOn: null, stations: [] },
      towns: ['云岩镇'],
    });
    expect(towns.status).toBe(403);
  });

  it('station staff cannot publish policies', async () => {
    const response = await qiulinStaff.call<{ error: { message: string } }>(
      'POST',
      '/api/admin/policies',
      {
        data: {
          title: '驿站自拟政策',
          category: '其他',
          summary: '',
          benefit: '',
          eligibility: '',
          materials: '',
          whereToApply: '',
          sourceDocument: '',
          sortOrder: 0,
        },
        publish: true,
      },
    );
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/county administrators/);
  });

  it('station staff cannot manage kiosks', async () => {
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/admin/enrolment-codes', { station: 'qiulin' }],
      ['GET', '/api/admin/kiosks', undefined],
      ['POST', '/api/admin/kiosks/any-kiosk/revoke', undefined],
      ['GET', '/api/admin/accounts', undefined],
      [
        'POST',
        '/api/admin/accounts',
        {
          username: 'sneaky',
          displayName: 'x',
          role: 'county_admin',
          password: 'long-enough-pw',
        },
      ],
      ['GET', '/api/admin/audit', undefined],
    ];
    for (const [method, path, body] of attempts) {
      const response = await qiulinStaff.call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    const denied = (await auditRows()).filter(
      (row) => row.actorName === 'qiulin-staff' && row.result === 'denied',
    );
    expect(denied.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'kiosk.create_code',
        'kiosk.list',
        'kiosk.revoke',
        'account.create',
      ]),
    );
  });

  it('county admin manages everything', async () => {
    const created = await qiulinStaff.call<{ item: Item }>('POST', '/api/admin/jobs', {
      data: sampleJob({ title: '县里改' }),
    });
    const id = created.body.item.id;
    const edited = await server.admin<{ item: Item }>('PUT', `/api/admin/jobs/${id}`, {
      data: sampleJob({ title: '县里改过', stations: ['qiulin'] }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body.item.data['title']).toBe('县里改过');
    const published = await server.admin<{ item: Item }>(
      'POST',
      `/api/admin/jobs/${id}/publish`,
    );
    expect(published.body.item.status).toBe('published');

    const code = await server.admin('POST', '/api/admin/enrolment-codes', {
      station: 'yunyan',
    });
    expect(code.status).toBe(201);
    const kiosks = await server.admin('GET', '/api/admin/kiosks');
    expect(kiosks.status).toBe(200);
  });

  it('disabled account loses its session', async () => {
    const staff = await createStaff('leaving-staff', 'station_staff', 'qiulin');
    const accounts = await server.admin<{ accounts: { id: number; username: string }[] }>(
      'GET',
      '/api/admin/accounts',
    );
    const account = accounts.body.accounts.find(
      (row) => row.username === 'leaving-staff',
    );
    const disabled = await server.admin(
      'PATCH',
      `/api/admin/accounts/${account?.id ?? 0}`,
      { disabled: true },
    );
    expect(disabled.status).toBe(200);
    const response = await staff.call('GET', '/api/admin/jobs');
    expect(response.status).toBe(401);
  });
});

describe('server admin catalogue', () => {
  it('lifecycle follows the rules', async () => {
    const created = await server.admin<{ item: Item }>('POST', '/api/admin/jobs', {
      data: sampleJob(),
    });
    const id = created.body.item.id;
    expect(created.body.item.status).toBe('draft');
    expect((await server.admin('POST', `/api/admin/jobs/${id}/fill`)).status).toBe(409);
    expect((await server.admin('POST', `/api/admin/jobs/${id}/publish`)).status).toBe(
      200,
    );
    expect((await server.admin('POST', `/api/admin/jobs/${id}/publish`)).status).toBe(
      409,
    );
    expect((await server.admin('POST', `/api/admin/jobs/${id}/withdraw`)).status).toBe(
      200,
    );
    expect((await server.admin('DELETE', `/api/admin/jobs/${id}`)).status).toBe(200);
    expect((await server.admin('GET', `/api/admin/jobs/${id}`)).status).toBe(404);
  });

  it('past deadline cannot be published', async () => {
    const response = await server.admin<{ error: { code: string; message: string } }>(
      'POST',
      '/api/admin/jobs',
      {
        data: sampleJob({ deadline: '2020-01-01' }),
        publish: true,
      },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/deadline/);
  });

  it('invalid data is refused with fields', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...sampleJob(), title: '' }, /title/],
      [{ ...sampleJob(), title: 'bell\u0007' }, /control characters/],
      [{ ...sampleJob(), deadline: '12/31/2026' }, /deadline/],
      [{ ...sampleJob(), stations: ['no-such-station'] }, /unknown station/],
      [{ ...sampleJob(), surprise: 1 }, /surprise/],
    ];
    for (const [data, message] of cases) {
      const response = await server.admin<{ error: { code: string; message: string } }>(
        'POST',
        '/api/admin/jobs',
        { data },
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_REQUEST');
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('events and policies are published', async () => {
    const event = await server.admin<{ item: Item }>('POST', '/api/admin/events', {
      data: {
        kind: 'live_stream',
        title: '直播带岗',
        description: '线上',
        place: '线上',
        startsAt: '2099-01-01T15:00:00+08:00',
        endsAt: null,
        stations: [],
      },
      publish: true,
    });
    expect(event.status).toBe(201);
    expect(event.body.item.servedStatus).toBe('published');
    const policy = await server.admin<{ item: Item }>('POST', '/api/admin/policies', {
      data: {
        title: '创业担保贷款',
        category: '创业',
        summary: '示例',
        benefit: '',
        eligibility: '',
        materials: '',
        whereToApply: '',
        sourceDocument: '',
        sortOrder: 1,
      },
      publish: true,
    });
    expect(policy.status).toBe(201);
  });
});

describe('server admin employers', () => {
  it('employers are listed with counts', async () => {
    await server.admin('POST', '/api/admin/jobs', {
      data: sampleJob({ employer: '宜川县计数单位', title: '一' }),
    });
    await server.admin('POST', '/api/admin/jobs', {
      data: sampleJob({ employer: '宜川县计数单位', title: '二' }),
    });
    const response = await server.admin<{ employers: { name: string; jobs: number }[] }>(
      'GET',
      '/api/admin/employers',
    );
    expect(response.status).toBe(200);
    expect(
      response.body.employers.find((row) => row.name === '宜川县计数单位')?.jobs,
    ).toBe(2);
  });
});

describe('server audit log', () => {
  it('every change lands in the audit log', async () => {
    const created = await server.admin<{ item: Item }>('POST', '/api/admin/jobs', {
      data: sampleJob({ title: '审计' }),
    });
    const id = created.body.item.id;
    await server.admin('PUT', `/api/admin/jobs/${id}`, {
      data: sampleJob({ title: '审计二' }),
    });
    await server.admin('POST', `/api/admin/jobs/${id}/publish`);
    await server.admin('POST', `/api/admin/jobs/${id}/fill`);
    await server.admin('POST', `/api/admin/jobs/${id}/publish`);
    await server.admin('POST', `/api/admin/jobs/${id}/withdraw`);
    await server.admin('DELETE', `/api/admin/jobs/${id}`);

    const rows = (await auditRows()).filter((row) => row.targetId === id).reverse();
    expect(rows.map((row) => row.action)).toEqual([
      'job.create',
      'job.edit',
      'job.publish',
      'job.fill',
      'job.publish',
      'job.withdraw',
      'job.delete',
    ]);
    for (const row of rows) {
      expect(row.actorName).toBe('admin');
      expect(row.result).toBe('ok');
      expect(row.targetType).toBe('job');
    }
  });

  it('refused change is audited', async () => {
    await server.admin('POST', '/api/admin/jobs', {
      data: { ...sampleJob(), title: '' },
    });
    const rows = await auditRows('job.create');
    expect(rows[0]?.result).toBe('invalid');
  });

  it('sign-ins are audited', async () => {
    await signIn('admin', 'wrong password');
    await signIn('admin', server.adminPassword);
    const rows = await auditRows('account.sign_in');
    expect(rows[0]?.result).toBe('ok');
    expect(rows[1]?.result).toBe('failed');
    expect(rows[1]?.actorName).toBe('admin');
  });
});

describe('server sign-in rate limit', () => {
  it('locks an account after 5 failures', async () => {
    const password = 'victim-password-123';
    await server.admin('POST', '/api/admin/accounts', {
      username: 'victim',
      displayName: 'victim',
      role: 'station_staff',
      station: 'qiulin',
      password,
    });
    for (let i = 0; i < 5; i++) {
      expect((await signIn('victim', `guess-${i}`)).status).toBe(401);
    }
    const locked = await signIn('victim', password);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    const body = locked.body as unknown as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/locked for 60 more seconds/);

    // Another account from the same address still signs in.
    expect((await signIn('admin', server.adminPassword)).status).toBe(200);
    const rows = await auditRows('account.sign_in');
    expect(
      rows.some((row) => row.actorName === 'victim' && row.result === 'denied'),
    ).toBe(true);
  });

  it('locks an address after 20 failures', async () => {
    // Earlier tests in this file already failed from this address, so the
    // lock comes within 20 more attempts, each for a new username.
    let attempts = 0;
    let last = await signIn('nobody-0', 'guess');
    while (last.status === 401 && attempts < 20) {
      attempts += 1;
      last = await signIn(`nobody-${attempts}`, 'guess');
    }
    expect(last.status).toBe(429);
    expect(attempts).toBeGreaterThan(5);
    const locked = await signIn('admin', server.adminPassword);
    expect(locked.status).toBe(429);
    const body = locked.body as unknown as { error: { message: string } };
    expect(body.error.message).toMatch(/from this address/);
  });
});
