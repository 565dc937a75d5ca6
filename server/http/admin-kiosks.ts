// Kiosk management for county administrators: enrolment codes, the kiosk
// list with last sync and heartbeat, revocation, and what pushes delivered
// or rejected.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../../main/log.js';
import type { Account } from '../store/accounts.js';
import { createEnrolmentCode, listKiosks, revokeKiosk } from '../store/kiosks.js';
import { listPushRejections, listRecords } from '../store/records.js';
import { stationExists } from '../store/stations.js';
import { ADMIN_PREFIX, auditAccount, requireAccount } from './admin-auth.js';
import type { ServerContext } from './context.js';
import { HttpError, parseInput } from './errors.js';

/** Enrolment codes live 24 hours unless staff ask for less or more (up to 7 days). */
const DEFAULT_CODE_LIFETIME_SECONDS = 24 * 3600;
const MAX_CODE_LIFETIME_SECONDS = 7 * 24 * 3600;

const enrolmentCodeSchema = z.object({
  station: z.string().min(1).max(64),
  expiresInSeconds: z
    .number()
    .int()
    .min(1)
    .max(MAX_CODE_LIFETIME_SECONDS)
    .default(DEFAULT_CODE_LIFETIME_SECONDS),
});

const kioskParamsSchema = z.object({ id: z.string().min(1).max(64) });
const limitQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const recordsQuerySchema = z.object({ kiosk: z.string().min(1).max(64).optional() });

/**
 * Returns the account when it is a county administrator; otherwise writes a
 * denied audit row and raises 403.
 */
export function requireCountyAdmin(
  context: ServerContext,
  request: FastifyRequest,
  action: string,
  target: { type: string | null; id: string | null } = { type: null, id: null },
): Account {
  const account = requireAccount(context, request);
  if (account.role !== 'county_admin') {
    auditAccount(context, request, account, {
      action,
      targetType: target.type,
      targetId: target.id,
      result: 'denied',
      detail: { reason: 'county_admin role required' },
    });
    throw new HttpError(403, 'FORBIDDEN', 'Only county administrators may do this.');
  }
  return account;
}

export function registerKioskAdminRoutes(
  app: FastifyInstance,
  context: ServerContext,
  log: Logger,
): void {
  const { db } = context;

  app.post(`${ADMIN_PREFIX}/enrolment-codes`, (request, reply) => {
    const account = requireCountyAdmin(context, request, 'kiosk.create_code', {
      type: 'station',
      id: null,
    });
    const input = parseInput(enrolmentCodeSchema, request.body, 'enrolment code request');
    if (!stationExists(db, input.station)) {
      throw new HttpError(
        400,
        'INVALID_REQUEST',
        `Unknown station "${input.station}"; list stations with GET ${ADMIN_PREFIX}/stations.`,
      );
    }
    const now = context.now();
    const expiresAt = new Date(now.getTime() + input.expiresInSeconds * 1000);
    const code = createEnrolmentCode(db, input.station, account.id, expiresAt);
    auditAccount(context, request, account, {
      action: 'kiosk.create_code',
      targetType: 'station',
      targetId: input.station,
      result: 'ok',
      detail: { expiresAt: code.expiresAt },
    });
    log.info(
      { station: input.station, expiresAt: code.expiresAt },
      'enrolment code created',
    );
    return reply
      .status(201)
      .send({ code: code.code, station: input.station, expiresAt: code.expiresAt });
  });

  app.get(`${ADMIN_PREFIX}/kiosks`, (request) => {
    requireCountyAdmin(context, request, 'kiosk.list');
    return { kiosks: listKiosks(db) };
  });

  app.post(`${ADMIN_PREFIX}/kiosks/:id/revoke`, (request) => {
    const { id } = parseInput(kioskParamsSchema, request.params, 'kiosk id');
    const account = requireCountyAdmin(context, request, 'kiosk.revoke', {
      type: 'kiosk',
      id,
    });
    const found = revokeKiosk(db, id, context.now());
    auditAccount(context, request, account, {
      action: 'kiosk.revoke',
      targetType: 'kiosk',
      targetId: id,
      result: found ? 'ok' : 'failed',
    });
    if (!found) throw new HttpError(404, 'NOT_FOUND', `No kiosk with id ${id}.`);
    log.info({ kioskId: id }, 'kiosk revoked');
    return { revoked: true, id };
  });

  app.get(`${ADMIN_PREFIX}/push-rejections`, (request) => {
    requireCountyAdmin(context, request, 'kiosk.list_rejections');
    const { limit } = parseInput(limitQuerySchema, request.query, 'query');
    return { rejections: listPushRejections(db, limit) };
  });

  // NOTE: lists every matching record in one response, with no paging.
  app.get(`${ADMIN_PREFIX}/records`, (request) => {
    requireCountyAdmin(context, request, 'record.list');
    const { kiosk } = parseInput(recordsQuerySchema, request.query, 'query');
    return { records: listRecords(db, kiosk) };
  });
}
