import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { ApiHandlers } from '../../contract/api.js';
import { dispatch } from '../../contract/dispatch.js';
import { createLogger } from '../../log.js';
import { CONTENT_SECURITY_POLICY, loopbackOrigins } from '../security.js';

const log = createLogger('web-host');

/** The screens this host serves, each at /NAME/ of the built renderer. */
export const SCREENS = ['kiosk'] as const;

export const TOKEN_HEADER = 'x-kiosk-token';

export interface WebHostOptions {
  handlers: ApiHandlers;
  /** Folder of the built screens (vite's output); null serves the API alone. */
  staticDir: string | null;
  /** 0 picks a free port. */
  port: number;
}

export interface WebHost {
  port: number;
  token: string;
  /** The URL of each screen, with the per-boot token in its fragment. */
  urls: Record<(typeof SCREENS)[number], string>;
  close: () => Promise<void>;
}

function tokenMatches(expected: Buffer, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function reject(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ ok: false, error: { code: 'UNAUTHORIZED', message } });
}

/**
 * Starts the loopback web host: the same API as the Electron preload, under
 * POST /api/METHOD, plus the built screens. It listens on 127.0.0.1 only,
 * rejects foreign Origin and Host headers (cross-site requests and DNS
 * rebinding), and requires the per-boot token on every API call.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  let allowed = loopbackOrigins(0);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!allowed.hosts.has(request.headers.host ?? '')) {
      return reject(reply, 421, 'Unexpected Host header; use the URL the kiosk printed.');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.origins.has(origin)) {
      log.warn({ origin, url: request.url }, 'request from a foreign origin rejected');
      return reject(reply, 403, 'Requests from other origins are not allowed.');
    }
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    return undefined;
  });

  app.get('/health', (_request, reply) => reply.send({ status: 'ok' }));

  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    if (!tokenMatches(expected, request.headers[TOKEN_HEADER])) {
      return reject(reply, 401, 'Missing or wrong kiosk token.');
    }
    const envelope = await dispatch(
      options.handlers,
      request.params.method,
      request.body,
      (error, method) => {
        log.error({ err: error, method }, 'API handler failed');
      },
    );
    return reply.code(200).send(envelope);
  });

  if (options.staticDir !== null) {
    if (!existsSync(options.staticDir)) {
      throw new Error(
        `Built screens not found in ${options.staticDir}. Run "npm run build" first.`,
      );
    }
    await app.register(fastifyStatic, {
      root: options.staticDir,
      prefix: '/',
      index: 'index.html',
    });
  }

  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('Web host has no TCP address.');
  const port = address.port;
  allowed = loopbackOrigins(port);

  const urls = Object.fromEntries(
    SCREENS.map((screen) => [
      screen,
      `http://127.0.0.1:${port}/${screen}/#token=${token}`,
    ]),
  ) as WebHost['urls'];
  log.info({ port }, 'web host listening');

  return {
    port,
    token,
    urls,
    close: async () => {
      await app.close();
      log.info({ port }, 'web host stopped');
    },
  };
}
