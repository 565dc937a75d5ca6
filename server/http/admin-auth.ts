import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../../main/log.js';
import {
  accountForSession,
  checkPassword,
  createSession,
  deleteSession,
  type Account,
} from '../store/accounts.js';
import { writeAudit, type AuditEntry, type AuditResult } from '../store/audit.js';
import {
  ACCOUNT_THROTTLE,
  ADDRESS_THROTTLE,
  clearFailures,
  lockRemainingMs,
  recordFailure,
} from '../store/throttle.js';
import type { ServerContext } from './context.js';
import { HttpError, parseInput } from './errors.js';
import { bearerToken } from './kiosk-auth.js';

export const ADMIN_PREFIX = '/api/admin';

const signInSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** Returns the signed-in account behind the request's session token, or raises 401. */
export function requireAccount(context: ServerContext, request: FastifyRequest): Account {
  const token = bearerToken(request);
  const account =
    token === undefined ? undefined : accountForSession(context.db, token, context.now());
  if (!account) {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Sign in first: the session token is missing, invalid or expired.',
    );
  }
  return account;
}

/** The audited action, its target and its result; the actor comes from the session. */
export interface AuditAction {
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  detail?: Record<string, unknown>;
}

/** Writes an audit row for an action of a signed-in account. */
export function auditAccount(
  context: ServerContext,
  request: FastifyRequest,
  account: Account,
  action: AuditAction,
): void {
  const entry: AuditEntry = {
    actorType: 'account',
    actorId: String(account.id),
    actorName: account.username,
    clientAddress: request.ip,
    ...action,
  };
  writeAudit(context.db, entry, context.now());
}

function lockedError(lockMs: number, subject: string): HttpError {
  const seconds = Math.ceil(lockMs / 1000);
  return new HttpError(
    429,
    'RATE_LIMITED',
    `Too many failed sign-ins ${subject}; sign-in is locked for ${seconds} more seconds.`,
    { 'retry-after': String(seconds) },
  );
}

export function registerAuthRoutes(
  app: FastifyInstance,
  context: ServerContext,
  log: Logger,
): void {
  const { db } = context;

  app.post(`${ADMIN_PREFIX}/sign-in`, async (request) => {
    const input = parseInput(signInSchema, request.body, 'sign-in request');
    const now = context.now();
    const accountKey = `account:${input.username.toLowerCase()}`;
    const addressKey = `address:${request.ip}`;
    const audit = (
      result: AuditResult,
      detail: Record<string, unknown>,
      actorId: string | null = null,
    ): void =>
      writeAudit(
        db,
        {
          actorType: actorId === null ? 'anonymous' : 'account',
          actorId,
          actorName: input.username,
          clientAddress: request.ip,
          action: 'account.sign_in',
          targetType: 'account',
          targetId: actorId,
          result,
          detail,
        },
        now,
      );

    const accountLock = lockRemainingMs(db, accountKey, now);
    const addressLock = lockRemainingMs(db, addressKey, now);
    if (accountLock > 0 || addressLock > 0) {
      audit('denied', { reason: accountLock > 0 ? 'account locked' : 'address locked' });
      throw accountLock > 0
        ? lockedError(accountLock, 'for this account')
        : lockedError(addressLock, 'from this address');
    }

    const account = await checkPassword(db, input.username, input.password);
    if (!account) {
      const lockMs = Math.max(
        recordFailure(db, accountKey, ACCOUNT_THROTTLE, now),
        recordFailure(db, addressKey, ADDRESS_THROTTLE, now),
      );
      audit('failed', { reason: 'wrong username or password', locked: lockMs > 0 });
      log.warn({ address: request.ip, locked: lockMs > 0 }, 'sign-in failed');
      throw new HttpError(401, 'UNAUTHORIZED', 'Wrong username or password.');
    }

    clearFailures(db, accountKey);
    const session = createSession(db, account.id, now);
    audit('ok', {}, String(account.id));
    log.info({ accountId: account.id }, 'signed in');
    return { token: session.token, expiresAt: session.expiresAt, account };
  });

  app.post(`${ADMIN_PREFIX}/sign-out`, (request) => {
    const account = requireAccount(context, request);
    const token = bearerToken(request);
    if (token !== undefined) deleteSession(db, token);
    auditAccount(context, request, account, {
      action: 'account.sign_out',
      targetType: 'account',
      targetId: String(account.id),
      result: 'ok',
    });
    return { signedOut: true };
  });

  app.get(`${ADMIN_PREFIX}/me`, (request) => ({
    account: requireAccount(context, request),
  }));
}
