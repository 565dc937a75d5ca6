// The kiosk credential at rest: the secret is encrypted with AES-256-GCM under
// a random key kept in its own file in the data folder (mode 0600).
//
// NOTE: the key file sits on the same disk as the store. This protects the
// secret in a copied or backed-up database file, not on a stolen disk or
// against someone who can read the data folder. A TPM or OS key store would
// be needed for that.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../log.js';
import type { Db } from '../store/db.js';
import { readSyncState, writeCredential } from '../store/sync-state.js';
import type { KioskCredential } from './http.js';

const log = createLogger('sync');

export const KEY_FILE = 'sync-credential.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** Reads the key file from the data folder, creating it (0600) on first use. */
export function loadOrCreateKey(dataDir: string): Buffer {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(file).mode & 0o777;
  if (mode !== 0o600) {
    log.warn(
      { file, mode: mode.toString(8) },
      'key file permissions were too wide; set to 0600',
    );
    chmodSync(file, 0o600);
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `Key file ${file} has ${key.length} bytes, expected ${KEY_BYTES}. ` +
        'Delete it and enrol the kiosk again.',
    );
  }
  return key;
}

/**
 * Encrypts `plaintext` and returns `v1:IV:TAG:CIPHERTEXT` in base64. The
 * kiosk id is bound in as additional data, so a secret copied to another
 * kiosk's row does not decrypt.
 */
export function encryptSecret(key: Buffer, plaintext: string, kioskId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kioskId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
    .join(':');
}

/** Decrypts what encryptSecret returned; raises when the key or kiosk id does not match. */
export function decryptSecret(key: Buffer, stored: string, kioskId: string): string {
  const [format, iv, tag, ciphertext] = stored.split(':');
  if (
    format !== FORMAT ||
    iv === undefined ||
    tag === undefined ||
    ciphertext === undefined
  ) {
    throw new Error(
      'Stored kiosk credential has an unknown format; enrol the kiosk again.',
    );
  }
  const tagBytes = Buffer.from(tag, 'base64');
  if (tagBytes.length !== TAG_BYTES) {
    throw new Error('Stored kiosk credential is damaged; enrol the kiosk again.');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(kioskId, 'utf8'));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch (error) {
    throw new Error(
      'Stored kiosk credential does not decrypt with the key file in the data folder; ' +
        'enrol the kiosk again.',
      { cause: error },
    );
  }
}

/** Encrypts and stores a credential the server issued. */
export function storeCredential(
  db: Db,
  dataDir: string,
  credential: KioskCredential,
  station: string,
): void {
  const key = loadOrCreateKey(dataDir);
  writeCredential(
    db,
    credential.kioskId,
    station,
    encryptSecret(key, credential.secret, credential.kioskId),
  );
}

/** Returns the stored credential, or null when the kiosk has not been enrolled. */
export function loadCredential(db: Db, dataDir: string): KioskCredential | null {
  const state = readSyncState(db);
  if (state.kioskId === null || state.credential === null) return null;
  const key = loadOrCreateKey(dataDir);
  return {
    kioskId: state.kioskId,
    secret: decryptSecret(key, state.credential, state.kioskId),
  };
}
