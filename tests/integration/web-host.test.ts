import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type KioskApp } from '../../main/app.js';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../main/host/web/server.js';
import { upsertJobs } from '../../main/store/jobs.js';
import { makeTempDir } from '../helpers/temp-dir.js';

interface RawResponse {
  status: number;
  body: string;
}

/** Sends a request with exactly the given headers (fetch would add or forbid some). */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('web host', () => {
  const temp = makeTempDir('web-host');
  let app: KioskApp;
  let host: WebHost;
  let headers: Record<string, string>;

  beforeAll(async () => {
    app = startApp({ dataDir: temp.dir, demo: false });
    upsertJobs(app.db, [
      {
        uid: 'a',
        source: 'test',
        title: '维修电工',
        employer: '宜川县测试单位',
        kind: 'full_time',
        category: '技术维修',
        pay: {
          text: '5000元/月',
          min: 5000,
          max: 5000,
          unit: 'month',
          negotiable: false,
        },
        area: '丹州街道',
        location: '',
        suShaan: false,
        headcount: 2,
        contactName: '',
        contactPhone: '',
        education: '',
        experience: '',
        requirements: '',
        benefits: '',
        postedOn: '2026-12-01',
        deadline: null,
        highlighted: false,
        isDemo: false,
      },
    ]);
    host = await startWebHost({ handlers: app.handlers, staticDir: null, port: 0 });
    headers = {
      host: `127.0.0.1:${host.port}`,
      'content-type': 'application/json',
      [TOKEN_HEADER]: host.token,
    };
  });

  afterAll(async () => {
    await host.close();
    app.close();
    temp.remove();
  });

  it('answers health without a token or data', async () => {
    const response = await send(host.port, '/health', {
      headers: { host: `127.0.0.1:${host.port}` },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('serves an API call with the token', async () => {
    const response = await send(host.port, '/api/jobs.search', {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '电工' }),
    });
    const envelope = JSON.parse(response.body) as {
      ok: boolean;
      value: { total: number };
    };
    expect(response.status).toBe(200);
    expect(envelope.ok).toBe(true);
    expect(envelope.value.total).toBe(1);
  });

  it('rejects a call without the token', async () => {
    const noToken = { ...headers };
    delete noToken[TOKEN_HEADER];
    const response = await send(host.port, '/api/jobs.search', {
      method: 'POST',
      headers: noToken,
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('rejects a call with a wrong token', async () => {
    const response = await send(host.port, '/api/jobs.search', {
      method: 'POST',
      headers: { ...headers, [TOKEN_HEADER]: 'x'.repeat(host.token.length) },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('rejects a foreign Origin even with the token', async () => {
    const response = await send(host.port, '/api/jobs.search', {
      method: 'POST',
      headers: { ...headers, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('accepts its own Origin', async () => {
    const response = await send(host.port, '/api/kiosk.config', {
      method: 'POST',
      headers: { ...headers, origin: `http://127.0.0.1:${host.port}` },
      body: '{}',
    });
    expect(response.status).toBe(200);
  });

  it('rejects a foreign Host header', async () => {
    const response = await send(host.port, '/health', {
      headers: { host: 'attacker.example:80' },
    });
    expect(response.status).toBe(421);
  });

  it('returns INVALID_PARAMS for a bad payload', async () => {
    const response = await send(host.port, '/api/jobs.get', {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 'one' }),
    });
    const envelope = JSON.parse(response.body) as {
      ok: boolean;
      error: { code: string };
    };
    expect(envelope.ok).toBe(false);
    expect(envelope.error.code).toBe('INVALID_PARAMS');
  });

  it('returns NOT_FOUND for an unknown posting', async () => {
    const response = await send(host.port, '/api/jobs.get', {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 999 }),
    });
    const envelope = JSON.parse(response.body) as {
      ok: boolean;
      error: { code: string };
    };
    expect(envelope.error.code).toBe('NOT_FOUND');
  });

  it('returns UNKNOWN_METHOD for a method outside the contract', async () => {
    const response = await send(host.port, '/api/constructor', {
      method: 'POST',
      headers,
      body: '{}',
    });
    const envelope = JSON.parse(response.body) as {
      ok: boolean;
      error: { code: string };
    };
    expect(envelope.error.code).toBe('UNKNOWN_METHOD');
  });

  it('sets a strict Content-Security-Policy', async () => {
    const response = await new Promise<string | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port: host.port, path: '/health' }, (res) => {
        res.resume();
        resolve(res.headers['content-security-policy'] as string | undefined);
      })
        .on('error', reject)
        .end();
    });
    expect(response).toContain("script-src 'self'");
    expect(response).toContain("frame-ancestors 'none'");
  });
});
