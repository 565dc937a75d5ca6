// SyncHttp over node:http against a small server on 127.0.0.1 that replies
// to each request in a chosen broken way.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncError } from '../../main/sync/errors.js';
import { SyncHttp } from '../../main/sync/http.js';

const replySchema = z.object({ ok: z.boolean() });

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('sync transport', () => {
  const server = createServer((request, response) => handler(request, response));
  let handler: Handler = (_request, response) => response.end();
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function client(timeoutMs = 2000, signal?: AbortSignal): SyncHttp {
    return new SyncHttp({
      serverUrl: url,
      credential: { kioskId: 'k1', secret: 's1' },
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  }

  async function failure(request: Promise<unknown>): Promise<SyncError> {
    const error: unknown = await request.then(
      () => new Error('the request succeeded'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SyncError);
    return error as SyncError;
  }

  it('sends body, length and credential', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | null = null;
    handler = (request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        seen = { headers: request.headers, body };
        response.setHeader('content-type', 'application/json');
        response.end('{"ok":true}');
      });
    };
    const reply = await client().post('/echo', { text: '汉字' }, replySchema);
    expect(reply).toEqual({ ok: true });
    expect(seen!.body).toBe('{"text":"汉字"}');
    expect(seen!.headers['content-length']).toBe(String(Buffer.byteLength(seen!.body)));
    expect(seen!.headers['authorization']).toBe('Bearer k1.s1');
    expect(seen!.headers['content-type']).toBe('application/json');
  });

  it('redirect is not followed', async () => {
    let requests = 0;
    handler = (_request, response) => {
      requests++;
      response.writeHead(301, { location: '/elsewhere' }).end();
    };
    const error = await failure(client().post('/sync/push', {}, replySchema));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/redirect \(HTTP 301\)/u);
    expect(requests).toBe(1);
  });

  it('cut reply body fails', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"ok":');
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const error = await failure(client().get('/cut', {}, replySchema));
    expect(error.code).toBe('NETWORK');
  });

  it('stalled reply times out', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"ok":');
    };
    const error = await failure(client(200).get('/stall', {}, replySchema));
    expect(error.code).toBe('TIMEOUT');
  });

  it('abort stops the request', async () => {
    handler = () => undefined;
    const abort = new AbortController();
    const request = client(5000, abort.signal).get('/never', {}, replySchema);
    setTimeout(() => abort.abort(), 50);
    const error = await failure(request);
    expect(error.code).toBe('NETWORK');
  });

  it('refused connection is a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const http = new SyncHttp({
      serverUrl: `http://127.0.0.1:${port}`,
      credential: null,
      timeoutMs: 2000,
    });
    const error = await failure(http.get('/x', {}, replySchema));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/ECONNREFUSED/u);
  });
});
