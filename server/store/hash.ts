import { createHash, randomBytes } from 'node:crypto';

/** Returns the hex SHA-256 of a secret, the only form in which secrets are stored. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Returns 32 random bytes as base64url: a kiosk secret or a session token. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
