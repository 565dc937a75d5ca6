// County administration: staff accounts, stations, the audit log and
// change-log compaction. Everything here needs the county_admin role, except
// that every signed-in account may list the stations.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../../main/log.js';
import { YICHUAN_TOWNS } from '../../main/contract/catalogue.js';
import {
  ROLES,
  createAccount,
  findAccountByUsername,
  listAccounts,
  updateAccount,
} from '../store/accounts.js';
import { listAudit } from '../store/audit.js';
import { compactChanges } from '../store/catalogue.js';
import { readSyncState } from '../store/meta.js';
import { listStations, saveStation, stationExists } from '../store/stations.js';
import { ADMIN_PREFIX, auditAccount, requireAccount } from './admin-auth.js';
import { requireCountyAdmin } from './admin-kiosks.js';
import type { ServerContext } from './context.js';
import { HttpError, parseInput } from './errors.js';

/** Minimum password length for staff accounts. */
export const MIN_PASSWORD_LENGTH = 10;

const password = z.string().min(MIN_PASSWORD_LENGTH).max(256);

const createAccountSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9._-]{3,64}$/,
      'Use 3 to 64 letters, digits, dots, dashes or underscores.',
    ),
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  station: z.string().min(1).max(64).nullable().default(null),
  password,
});

const updateAccountSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    station: z.string().min(1).max(64).nullable(),
    disabled: z.boolean(),
    password,
  })
  .partial();

const accountParamsSchema = z.object({ id: z.coerce.number().int().min(1) });

const stationSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/, 'Use 2 to 64 lower-case letters, digits or dashes.'),
  name: z.string().trim().min(1).max(100),
  town: z.enum(YICHUAN_TOWNS),
});

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().max(64).optional(),
});

const compactSchema = z.object({ throughRevision: z.number().int().min(0) });

export function registerAccountRoutes(
  app: FastifyInstance,
  context: ServerContext,
  log: Logger,
): void {
  const { db } = context;

  function checkRoleStation(role: (typeof ROLES)[number], station: string | null): void {
    if (role === 'station_staff' && station === null) {
      throw new HttpError(
        400,
        'INVALID_REQUEST',
        'A station_staff account needs a station.',
      );
    }
    if (station !== null && !stationExists(db, station)) {
      throw new HttpError(400, 'INVALID_REQUEST', `Unknown station "${station}".`);
    }
  }

  app.get(`${ADMIN_PREFIX}/accounts`, (request) => {
    requireCountyAdmin(context, request, 'account.list');
    return { accounts: listAccounts(db) };
  });

  app.post(`${ADMIN_PREFIX}/accounts`, async (request, reply) => {
    const admin = requireCountyAdmin(context, request, 'account.create', {
      type: 'account',
      id: null,
    });
    const input = parseInput(createAccountSchema, request.body, 'account');
    checkRoleStation(input.role, input.station);
    if (findAccountByUsername(db, input.username)) {
      throw new HttpError(409, 'CONFLICT', `The username ${input.username} is taken.`);
    }
    const account = await createAccount(db, input);
    auditAccount(context, request, admin, {
      action: 'account.create',
      targetType: 'account',
      targetId: String(account.id),
      result: 'ok',
      detail: { role: account.role, station: account.station },
    });
    log.info({ accountId: account.id, role: account.role }, 'account created');
    return reply.status(201).send({ account });
  });

  app.patch(`${ADMIN_PREFIX}/accounts/:id`, async (request) => {
    const { id } = parseInput(accountParamsSchema, request.params, 'account id');
    const admin = requireCountyAdmin(context, request, 'account.update', {
      type: 'account',
      id: String(id),
    });
    const changes = parseInput(updateAccountSchema, request.body, 'account changes');
    const before = listAccounts(db).find((account) => account.id === id);
    if (!before) throw new HttpError(404, 'NOT_FOUND', `No account with id ${id}.`);
    const role = changes.role ?? before.role;
    const station = changes.station === undefined ? before.station : changes.station;
    checkRoleStation(role, station);
    if (id === admin.id && (changes.disabled === true || role !== 'county_admin')) {
      throw new HttpError(
        409,
        'CONFLICT',
        'You cannot disable your own account or drop its county_admin role.',
      );
    }
    const account = await updateAccount(db, id, changes, context.now());
    auditAccount(context, request, admin, {
      action: 'account.update',
      targetType: 'account',
      targetId: String(id),
      result: 'ok',
      detail: {
        fields: Object.keys(changes).map((key) =>
          key === 'password' ? 'password (changed)' : key,
        ),
      },
    });
    return { account };
  });

  app.get(`${ADMIN_PREFIX}/stations`, (request) => {
    requireAccount(context, request);
    return { stations: listStations(db) };
  });

  app.put(`${ADMIN_PREFIX}/stations/:id`, (request) => {
    const params = parseInput(
      z.object({ id: z.string().max(64) }),
      request.params,
      'station id',
    );
    const admin = requireCountyAdmin(context, request, 'station.save', {
      type: 'station',
      id: params.id,
    });
    const station = parseInput(
      stationSchema,
      { ...(request.body as object), id: params.id },
      'station',
    );
    saveStation(db, station);
    auditAccount(context, request, admin, {
      action: 'station.save',
      targetType: 'station',
      targetId: station.id,
      result: 'ok',
    });
    return { station };
  });

  app.get(`${ADMIN_PREFIX}/audit`, (request) => {
    requireCountyAdmin(context, request, 'audit.list');
    const query = parseInput(auditQuerySchema, request.query, 'audit query');
    return {
      entries: listAudit(db, {
        limit: query.limit,
        ...(query.before === undefined ? {} : { beforeId: query.before }),
        ...(query.action === undefined ? {} : { action: query.action }),
      }),
    };
  });

  app.get(`${ADMIN_PREFIX}/sync-state`, (request) => {
    requireAccount(context, request);
    return readSyncState(db);
  });

  app.post(`${ADMIN_PREFIX}/maintenance/compact`, (request) => {
    const admin = requireCountyAdmin(context, request, 'changes.compact');
    const { throughRevision } = parseInput(
      compactSchema,
      request.body,
      'compaction request',
    );
    const removed = compactChanges(db, throughRevision);
    const state = readSyncState(db);
    auditAccount(context, request, admin, {
      action: 'changes.compact',
      targetType: 'changes',
      targetId: String(state.compactedThrough),
      result: 'ok',
      detail: { removed },
    });
    log.info(
      { throughRevision: state.compactedThrough, removed },
      'change log compacted',
    );
    return { removed, compactedThrough: state.compactedThrough };
  });
}
