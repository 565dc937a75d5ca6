// Catalogue management: jobs, policies, notices and events, each created,
// edited, published, withdrawn (and jobs marked filled) by county
// administrators anywhere and by station staff for their own station only.
// Every change and every refused attempt writes an audit row.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Logger } from '../../main/log.js';
import type { CatalogueType } from '../../main/contract/sync.js';
import { adminDataSchemas, townsSchema } from '../catalogue-schemas.js';
import type { Account } from '../store/accounts.js';
import type { AuditResult } from '../store/audit.js';
import {
  expiresAtOf,
  getItem,
  listEmployers,
  listItems,
  saveItem,
  servedStatus,
  type CatalogueItem,
  type ItemStatus,
} from '../store/catalogue.js';
import { stationExists } from '../store/stations.js';
import { ADMIN_PREFIX, auditAccount, requireAccount } from './admin-auth.js';
import type { ServerContext } from './context.js';
import { HttpError, parseInput } from './errors.js';

/** URL segment of each catalogue type. */
const SEGMENTS: Record<CatalogueType, string> = {
  job: 'jobs',
  policy: 'policies',
  notice: 'notices',
  event: 'events',
};

const itemParamsSchema = z.object({ id: z.string().min(1).max(64) });

const createBodySchema = z.object({
  data: z.unknown(),
  towns: z.unknown().optional(),
  /** Station that owns the item; county administrators only (null: the county). */
  ownerStation: z.string().min(1).max(64).nullable().optional(),
  publish: z.boolean().default(false),
});

const editBodySchema = z.object({ data: z.unknown(), towns: z.unknown().optional() });

/** An item as the admin API returns it, with its served status (which adds 'expired'). */
function present(item: CatalogueItem, now: Date): Record<string, unknown> {
  return { ...item, servedStatus: servedStatus(item, now) };
}

type Action = 'create' | 'edit' | 'publish' | 'withdraw' | 'fill' | 'delete';

/** Start statuses allowed for each lifecycle action, and the status it sets. */
const TRANSITIONS: Partial<
  Record<Action, { from: readonly ItemStatus[]; to: ItemStatus }>
> = {
  publish: { from: ['draft', 'withdrawn', 'filled'], to: 'published' },
  withdraw: { from: ['draft', 'published'], to: 'withdrawn' },
  fill: { from: ['published'], to: 'filled' },
  delete: { from: ['draft', 'published', 'filled', 'withdrawn'], to: 'deleted' },
};

export function registerCatalogueRoutes(
  app: FastifyInstance,
  context: ServerContext,
  log: Logger,
): void {
  const { db } = context;

  /**
   * Runs one catalogue action and writes its audit row: 'ok' when it returns,
   * 'denied' for 403, 'invalid' for 400 and 'failed' for any other error.
   */
  function audited<T>(
    request: FastifyRequest,
    account: Account,
    action: string,
    target: { type: CatalogueType; id: string | null },
    run: () => T,
  ): T {
    try {
      const result = run();
      auditAccount(context, request, account, {
        action,
        targetType: target.type,
        targetId: target.id,
        result: 'ok',
      });
      return result;
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      let result: AuditResult = 'failed';
      if (status === 403) result = 'denied';
      if (status === 400) result = 'invalid';
      const detail =
        error instanceof HttpError
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL' };
      auditAccount(context, request, account, {
        action,
        targetType: target.type,
        targetId: target.id,
        result,
        detail,
      });
      throw error;
    }
  }

  /** Checks the data, the towns and, for station staff, the station limits; returns what to store. */
  function checkContent(
    account: Account,
    type: CatalogueType,
    body: { data: unknown; towns?: unknown },
  ): { data: Record<string, unknown>; towns: string[] } {
    const data = parseInput(adminDataSchemas[type], body.data, `${type} data`) as Record<
      string,
      unknown
    >;
    const towns = parseInput(townsSchema, body.towns ?? [], 'towns');
    const stations = Array.isArray(data['stations'])
      ? (data['stations'] as string[])
      : [];
    for (const station of stations) {
      if (!stationExists(db, station)) {
        throw new HttpError(
          400,
          'INVALID_REQUEST',
          `Invalid ${type} data: unknown station "${station}".`,
        );
      }
    }
    if (account.role === 'station_staff') {
      const own = account.station ?? '';
      if (type === 'policy') {
        // Policies carry no stations on the wire, so every kiosk would show them.
        throw new HttpError(
          403,
          'FORBIDDEN',
          'Policies are published by county administrators only.',
        );
      }
      if (towns.length > 0 || stations.some((station) => station !== own)) {
        throw new HttpError(
          403,
          'FORBIDDEN',
          `Station staff may target only their own station (${own}).`,
        );
      }
      // A station's own item shows on its own kiosks.
      if (stations.length === 0) data['stations'] = [own];
    }
    return { data, towns };
  }

  /** Loads an item the account may manage, or raises 404 or 403. */
  function loadOwned(account: Account, type: CatalogueType, id: string): CatalogueItem {
    const item = getItem(db, type, id);
    if (!item || item.status === 'deleted')
      throw new HttpError(404, 'NOT_FOUND', `No ${type} with id ${id}.`);
    if (account.role === 'station_staff' && item.ownerStation !== account.station) {
      throw new HttpError(
        403,
        'FORBIDDEN',
        `This ${type} belongs to another station; station staff manage their own station's items only.`,
      );
    }
    return item;
  }

  function checkNotExpiredOnPublish(
    type: CatalogueType,
    data: Record<string, unknown>,
    now: Date,
  ): void {
    const expiresAt = expiresAtOf(type, data);
    if (expiresAt !== null && expiresAt <= now.toISOString()) {
      throw new HttpError(
        409,
        'CONFLICT',
        `This ${type}'s deadline or end has passed; change it before publishing.`,
      );
    }
  }

  app.get(`${ADMIN_PREFIX}/employers`, (request) => {
    requireAccount(context, request);
    return { employers: listEmployers(db) };
  });

  for (const [type, segment] of Object.entries(SEGMENTS) as [CatalogueType, string][]) {
    const base = `${ADMIN_PREFIX}/${segment}`;

    app.get(base, (request) => {
      const account = requireAccount(context, request);
      const now = context.now();
      const items =
        account.role === 'county_admin'
          ? listItems(db, type)
          : listItems(db, type, account.station ?? '');
      return { items: items.map((item) => present(item, now)) };
    });

    app.get(`${base}/:id`, (request) => {
      const account = requireAccount(context, request);
      const { id } = parseInput(itemParamsSchema, request.params, 'item id');
      return { item: present(loadOwned(account, type, id), context.now()) };
    });

    app.post(base, (request, reply) => {
      const account = requireAccount(context, request);
      const id = uuidv7();
      const item = audited(request, account, `${type}.create`, { type, id }, () => {
        const body = parseInput(createBodySchema, request.body, `${type} request`);
        const { data, towns } = checkContent(account, type, body);
        let ownerStation: string | null = account.station;
        if (account.role === 'county_admin') {
          ownerStation = body.ownerStation ?? null;
          if (ownerStation !== null && !stationExists(db, ownerStation)) {
            throw new HttpError(
              400,
              'INVALID_REQUEST',
              `Unknown owner station "${ownerStation}".`,
            );
          }
        } else if (
          body.ownerStation !== undefined &&
          body.ownerStation !== account.station
        ) {
          throw new HttpError(
            403,
            'FORBIDDEN',
            'Station staff create items for their own station only.',
          );
        }
        const now = context.now();
        if (body.publish) checkNotExpiredOnPublish(type, data, now);
        const status: ItemStatus = body.publish ? 'published' : 'draft';
        return saveItem(
          db,
          { type, id, ownerStation, status, data, towns, actorId: account.id },
          now,
        );
      });
      log.info(
        { type, id, status: item.status, revision: item.revision },
        'item created',
      );
      return reply.status(201).send({ item: present(item, context.now()) });
    });

    app.put(`${base}/:id`, (request) => {
      const account = requireAccount(context, request);
      const { id } = parseInput(itemParamsSchema, request.params, 'item id');
      const item = audited(request, account, `${type}.edit`, { type, id }, () => {
        const current = loadOwned(account, type, id);
        const body = parseInput(editBodySchema, request.body, `${type} request`);
        const { data, towns } = checkContent(account, type, body);
        const write = { ...current, data, towns, actorId: account.id };
        return saveItem(db, write, context.now());
      });
      log.info({ type, id, revision: item.revision }, 'item edited');
      return { item: present(item, context.now()) };
    });

    const lifecycle = (action: Action, path: string, method: 'post' | 'delete'): void => {
      const transition = TRANSITIONS[action];
      if (!transition) return;
      app[method](path, (request) => {
        const account = requireAccount(context, request);
        const { id } = parseInput(itemParamsSchema, request.params, 'item id');
        const item = audited(request, account, `${type}.${action}`, { type, id }, () => {
          const current = loadOwned(account, type, id);
          if (!transition.from.includes(current.status)) {
            throw new HttpError(
              409,
              'CONFLICT',
              `Cannot ${action} a ${type} that is ${current.status}.`,
            );
          }
          const now = context.now();
          if (transition.to === 'published')
            checkNotExpiredOnPublish(type, current.data, now);
          return saveItem(
            db,
            { ...current, status: transition.to, actorId: account.id },
            now,
          );
        });
        log.info(
          { type, id, status: item.status, revision: item.revision },
          `item ${action}`,
        );
        return { item: present(item, context.now()) };
      });
    };
    lifecycle('publish', `${base}/:id/publish`, 'post');
    lifecycle('withdraw', `${base}/:id/withdraw`, 'post');
    if (type === 'job') lifecycle('fill', `${base}/:id/fill`, 'post');
    lifecycle('delete', `${base}/:id`, 'delete');
  }
}
