// push() with two requests in flight, against a small push server on
// 127.0.0.1 that can fail chosen requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log.js';
import { openStore, type Db } from '../../main/store/db.js';
import { enqueue, listOutbox } from '../../main/store/outbox.js';
import { SyncError } from '../../main/sync/errors.js';
import { SyncHttp } from '../../main/sync/http.js';
import { push } from '../../main/sync/push.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const AT = '2026-12-04T08:00:00.000Z';
const REPLY_DELAY_MS = 30;

interface PushServer {
  /** Ids of each push request, in arrival order. */
  requests: string[][];
  /** Maximum number of push requests open at the same time. */
  maxOpen: number;
  /** Numbers (from 1) of the push requests that get HTTP 500. */
  failing: Set<number>;
}

describe('push pipeline', () => {
  const state: PushServer = { requests: [], maxOpen: 0, failing: new Set() };
  let open = 0;
  const server = createServer((request, response) => handle(request, response));
  let url = '';
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  function handle(request: IncomingMessage, response: ServerResponse): void {
    open++;
    state.maxOpen = Math.max(state.maxOpen, open);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const ids = (JSON.parse(body) as { entries: { id: string }[] }).entries.map(
        (entry) => entry.id,
      );
      state.requests.push(ids);
      const fail = state.failing.has(state.requests.length);
      setTimeout(() => {
        open--;
        response.setHeader('content-type', 'application/json');
        if (fail) {
          response.statusCode = 500;
          response.end('{"error":{"code":"INTERNAL","message":"test failure"}}');
          return;
        }
        response.end(
          JSON.stringify({ results: ids.map((id) => ({ id, status: 'accepted' })) }),
        );
      }, REPLY_DELAY_MS);
    });
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    state.requests = [];
    state.maxOpen = 0;
    state.failing = new Set();
    temp = makeTempDir('sync-push-pipeline');
    db = openStore(join(temp.dir, 'kiosk.sqlite'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  function addEntries(count: number): string[] {
    return Array.from({ length: count }, (_, n) =>
      enqueue(db, 'rating', { rating: 1 + (n % 5) }, AT),
    );
  }

  function pushAll(): ReturnType<typeof push> {
    return push({
      db,
      http: new SyncHttp({ serverUrl: url, credential: null, timeoutMs: 2000 }),
      batchSize: 3,
      now: () => new Date(AT),
      log: createLogger('test-push'),
    });
  }

  it('sends each entry once, two at a time', async () => {
    const ids = addEntries(14);
    const outcome = await pushAll();
    expect(outcome).toEqual({ sent: 14, rejected: 0, batches: 5 });
    expect(state.requests.flat()).toEqual(ids);
    expect(state.requests.map((batch) => batch.length)).toEqual([3, 3, 3, 3, 2]);
    expect(state.maxOpen).toBe(2);
    expect(listOutbox(db).every((row) => row.status === 'sent')).toBe(true);
  });

  it('failed batch stays pending, the other applies', async () => {
    const ids = addEntries(12);
    state.failing.add(1);
    const error: unknown = await pushAll().then(
      () => new Error('push succeeded'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('SERVER_ERROR');
    // The second batch was already in flight, and no third one was sent.
    expect(state.requests).toEqual([ids.slice(0, 3), ids.slice(3, 6)]);
    const rows = listOutbox(db);
    expect(rows.map((row) => row.status)).toEqual([
      ...Array<string>(3).fill('pending'),
      ...Array<string>(3).fill('sent'),
      ...Array<string>(6).fill('pending'),
    ]);
    expect(rows.slice(0, 3).map((row) => row.attempts)).toEqual([1, 1, 1]);
    expect(rows.slice(6).map((row) => row.attempts)).toEqual([0, 0, 0, 0, 0, 0]);

    // The next push sends the rest, the failed batch first.
    const retry = await pushAll();
    expect(retry.sent).toBe(9);
    expect(state.requests.slice(2).flat()).toEqual([...ids.slice(0, 3), ...ids.slice(6)]);
  });

  it('entries added during a push wait', async () => {
    addEntries(4);
    const running = pushAll();
    const late = enqueue(db, 'rating', { rating: 5 }, AT);
    const outcome = await running;
    expect(outcome.sent).toBe(4);
    expect(state.requests.flat()).not.toContain(late);
    expect(listOutbox(db).at(-1)).toMatchObject({ id: late, status: 'pending' });
  });
});
