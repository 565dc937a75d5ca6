// An HTTP proxy on 127.0.0.1 that injects network and server faults between
// a kiosk and the county server, chosen per request by a seeded generator so
// that a failing run can be replayed with the same seed.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULTS = [
  'pass',
  /** Close the connection without forwarding the request. */
  'drop_request',
  /** Forward the request, then close the connection: the reply is lost. */
  'drop_reply',
  /** Forward after a delay of up to `maxDelayMs`. */
  'delay',
  /** Forward, then wait longer than the client's timeout before replying. */
  'stall',
  /** Forward, then send the headers and only part of the body. */
  'truncate',
  /** Forward, then reply with one of the last few earlier replies to the same route. */
  'stale_reply',
  /** Reply 500, after forwarding the request half of the time. */
  'server_error',
  /** Forward, then reply 200 with a body that is not valid JSON. */
  'malformed_json',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxyOptions {
  /** Base URL of the upstream server, such as http://127.0.0.1:8090. */
  target: string;
  seed: number;
  /** Probability that a request gets a fault other than `pass` (default 0.5). */
  faultRate?: number;
  /** Upper bound of a `delay` in ms (default 150). */
  maxDelayMs?: number;
  /** How long a `stall` waits in ms; set it above the client's timeout (default 1500). */
  stallMs?: number;
}

/** Earlier replies kept per route for `stale_reply`. */
const STALE_HISTORY = 8;

interface CachedReply {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Returns a seeded generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class FaultProxy {
  /** How often each fault was injected. */
  readonly counts: Record<Fault, number> = Object.fromEntries(
    FAULTS.map((fault) => [fault, 0]),
  ) as Record<Fault, number>;
  /** Faults are injected only while this is true. */
  enabled = true;
  url = '';
  private readonly random: () => number;
  private readonly cache = new Map<string, CachedReply[]>();
  private server: Server | null = null;

  constructor(private readonly options: FaultProxyOptions) {
    this.random = seededRandom(options.seed);
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pickFault(): Fault {
    if (!this.enabled || this.random() >= (this.options.faultRate ?? 0.5)) return 'pass';
    const faults = FAULTS.slice(1);
    return faults[Math.floor(this.random() * faults.length)]!;
  }

  /**
   * Snapshot pages are cached by their full URL: a page from another token
   * cannot be distinguished by the client, and no real network swaps URLs.
   * Other routes are cached by path, so a stale reply may arrive for
   * another cursor or another batch of entries.
   */
  private cacheKey(method: string, url: URL): string {
    return url.pathname.endsWith('/snapshot')
      ? `${method} ${url.pathname}${url.search}`
      : `${method} ${url.pathname}`;
  }

  private async forward(request: IncomingMessage, body: Buffer): Promise<CachedReply> {
    const target = new URL(request.url ?? '/', this.options.target);
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        target,
        {
          method: request.method,
          headers: {
            ...request.headers,
            host: target.host,
            'content-length': body.length,
          },
        },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () =>
            resolve({
              status: reply.statusCode ?? 502,
              contentType: String(reply.headers['content-type'] ?? 'application/json'),
              body: Buffer.concat(chunks),
            }),
          );
          reply.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  private send(response: ServerResponse, reply: CachedReply): void {
    response.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': reply.body.length,
    });
    response.end(reply.body);
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const key = this.cacheKey(request.method ?? 'GET', url);
    const fault = this.pickFault();
    this.counts[fault]++;

    if (fault === 'drop_request') {
      response.socket?.destroy();
      return;
    }
    if (fault === 'server_error' && this.random() < 0.5) {
      this.send(response, errorReply());
      return;
    }
    if (fault === 'delay') await sleep(this.random() * (this.options.maxDelayMs ?? 150));

    let reply: CachedReply;
    try {
      reply = await this.forward(request, body);
    } catch {
      // The upstream server is down: the kiosk sees a closed connection.
      response.socket?.destroy();
      return;
    }
    const history = this.cache.get(key) ?? [];
    const earlier =
      history.length > 0
        ? history[Math.floor(this.random() * history.length)]
        : undefined;
    if (reply.status === 200) {
      history.push(reply);
      if (history.length > STALE_HISTORY) history.shift();
      this.cache.set(key, history);
    }

    switch (fault) {
      case 'drop_reply':
        response.socket?.destroy();
        return;
      case 'stall':
        await sleep(this.options.stallMs ?? 1500);
        this.send(response, reply);
        return;
      case 'truncate': {
        response.writeHead(reply.status, {
          'content-type': reply.contentType,
          'content-length': reply.body.length,
        });
        response.write(
          reply.body.subarray(0, Math.floor(reply.body.length * this.random())),
        );
        // Give the partial body a moment to leave before the connection closes.
        await sleep(5);
        response.socket?.destroy();
        return;
      }
      case 'stale_reply':
        this.send(response, earlier ?? reply);
        return;
      case 'server_error':
        this.send(response, errorReply());
        return;
      case 'malformed_json':
        this.send(response, {
          status: 200,
          contentType: 'application/json',
          body: Buffer.concat([
            reply.body.subarray(0, Math.floor(reply.body.length / 2)),
            Buffer.from('}{,'),
          ]),
        });
        return;
      default:
        this.send(response, reply);
    }
  }
}

function errorReply(): CachedReply {
  return {
    status: 500,
    contentType: 'application/json',
    body: Buffer.from(
      JSON.stringify({ error: { code: 'INTERNAL', message: 'injected fault' } }),
    ),
  };
}
