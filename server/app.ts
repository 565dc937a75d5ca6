// Builds the county server: one Fastify instance with the health check, the
// kiosk sync API and the admin API, all on one SQLite database.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { createLogger } from '../main/log.js';
import type { Db } from './store/db.js';
import type { ServerContext } from './http/context.js';
import { installErrorHandling } from './http/errors.js';
import { registerAuthRoutes } from './http/admin-auth.js';
import { registerAccountRoutes } from './http/admin-accounts.js';
import { registerCatalogueRoutes } from './http/admin-catalogue.js';
import { registerKioskAdminRoutes } from './http/admin-kiosks.js';
import { registerSyncRoutes } from './http/sync-routes.js';

export interface ServerOptions {
  db: Db;
  recordKey: Buffer;
  /** Clock of every handler; tests may pass a fixed one. */
  now?: () => Date;
  /** Change-log rows read per snapshot page (default 500). */
  snapshotPageSize?: number;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: Buffer; key: Buffer };
  /**
   * Address of a reverse proxy whose X-Forwarded-For header names the client,
   * so that sign-in limits count each client address on its own.
   */
  trustProxy?: string;
}

const DEFAULT_SNAPSHOT_PAGE_SIZE = 500;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const httpLog = createLogger('server-http');
  const context: ServerContext = {
    db: options.db,
    recordKey: options.recordKey,
    now: options.now ?? (() => new Date()),
    snapshotPageSize: options.snapshotPageSize ?? DEFAULT_SNAPSHOT_PAGE_SIZE,
  };

  const app = Fastify({
    loggerInstance: httpLog,
    // One line per response from the onResponse hook below replaces
    // Fastify's two lines per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    // The HTTPS variant has another server type parameter; routes do not care.
  }) as unknown as FastifyInstance;

  installErrorHandling(app, httpLog);
  app.addHook('onResponse', (request, reply, done) => {
    const fields = {
      method: request.method,
      route: request.routeOptions.url ?? 'unknown',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500) httpLog.error(fields, 'request failed');
    else if (reply.statusCode >= 400) httpLog.info(fields, 'request rejected');
    else httpLog.debug(fields, 'request done');
    done();
  });

  app.get('/health', () => ({ status: 'ok' }));
  registerSyncRoutes(app, context, createLogger('server-sync'));
  registerAuthRoutes(app, context, createLogger('server-auth'));
  registerAccountRoutes(app, context, createLogger('server-accounts'));
  registerCatalogueRoutes(app, context, createLogger('server-catalogue'));
  registerKioskAdminRoutes(app, context, createLogger('server-kiosks'));
  await app.ready();
  return app;
}
