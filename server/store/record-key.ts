import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  randomFillSync,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const KEY_BYTES = 32;
export const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Loads the AES-256 key for pushed records from `file`, creating it (mode
 * 0600) on first start.
 * NOTE: a key beside the database protects a copied database file, not a
 * stolen disk. Keep backups of the key apart from backups of the database.
 */
export function loadRecordKey(file: string): Buffer {
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(KEY_BYTES).toString('hex') + '\n', {
      mode: 0o600,
      flag: 'wx',
    });
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `Record key file ${file} must hold ${KEY_BYTES} bytes as hex; restore it from the backup.`,
    );
  }
  return key;
}

/**
 * Returns `count` random 12-byte GCM nonces from one buffer fill, because one
 * randomBytes call per record costs more than the encryption itself.
 */
export function randomIvs(count: number): (index: number) => Buffer {
  const pool = randomFillSync(Buffer.alloc(count * IV_BYTES));
  return (index) => pool.subarray(index * IV_BYTES, (index + 1) * IV_BYTES);
}

/**
 * Encrypts with AES-256-GCM, binding the ciphertext to `associated` (the
 * record id). `iv` must be random and never reused with the same key.
 */
export function sealRecord(
  key: Buffer,
  plaintext: string,
  associated: string,
  iv: Buffer = randomBytes(IV_BYTES),
): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Decrypts what sealRecord made; raises when the key, the id or the bytes differ. */
export function openRecord(key: Buffer, sealed: Buffer, associated: string): string {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(associated));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
