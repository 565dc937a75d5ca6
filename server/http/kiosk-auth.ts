import type { FastifyRequest } from 'fastify';
import { authenticateKiosk, type KioskIdentity } from '../store/kiosks.js';
import type { ServerContext } from './context.js';
import { HttpError } from './errors.js';

/** Reads the token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Authenticates the kiosk behind `Authorization: Bearer KIOSKID.SECRET`.
 * Raises 401 UNAUTHORIZED for a missing or wrong credential and 403
 * KIOSK_REVOKED for a revoked kiosk.
 */
export function requireKiosk(
  context: ServerContext,
  request: FastifyRequest,
): KioskIdentity {
  const token = bearerToken(request);
  if (token === undefined) {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Missing kiosk credential: send the header Authorization: Bearer KIOSKID.SECRET.',
    );
  }
  const kiosk = authenticateKiosk(context.db, token);
  if (!kiosk) {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Invalid kiosk credential: enrol the kiosk again with a new code.',
    );
  }
  if (kiosk.revoked) {
    throw new HttpError(
      403,
      'KIOSK_REVOKED',
      'This kiosk has been revoked by county staff; enrol it again with a new code to resume syncing.',
    );
  }
  return kiosk;
}
