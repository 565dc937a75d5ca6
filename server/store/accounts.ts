import { hash, verify } from '@node-rs/argon2';
import type { Db } from './db.js';
import { randomSecret, sha256Hex } from './hash.js';

export const ROLES = ['county_admin', 'station_staff'] as const;
export type Role = (typeof ROLES)[number];

/** A signed-in staff member as handlers see them. */
export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  station: string | null;
  disabled: boolean;
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  station_id: string | null;
  disabled: number;
  password_hash: string;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    station: row.station_id,
    disabled: row.disabled === 1,
  };
}

/**
 * The value of `Algorithm.Argon2id` in @node-rs/argon2 2.x, written out
 * because its `const enum` cannot be imported under isolatedModules.
 */
const ARGON2ID = 2;

/** Hashes with Argon2id and the library defaults of @node-rs/argon2 2.x (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** A hash of a random password, verified against for unknown usernames so timing does not tell. */
let decoyHash: Promise<string> | undefined;

/**
 * Checks a username and password. Returns the account only for a correct
 * password of an enabled account; always spends one argon2 verification.
 */
export async function checkPassword(
  db: Db,
  username: string,
  password: string,
): Promise<Account | undefined> {
  const row = db
    .prepare<[string], AccountRow>('SELECT * FROM accounts WHERE username = ?')
    .get(username);
  if (!row) {
    decoyHash ??= hashPassword(randomSecret());
    await verify(await decoyHash, password);
    return undefined;
  }
  const valid = await verify(row.password_hash, password);
  return valid && row.disabled === 0 ? toAccount(row) : undefined;
}

export async function createAccount(
  db: Db,
  input: {
    username: string;
    displayName: string;
    role: Role;
    station: string | null;
    password: string;
  },
): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  const result = db
    .prepare(
      `INSERT INTO accounts (username, display_name, role, station_id, password_hash)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .run(input.username, input.displayName, input.role, input.station, passwordHash);
  const account = getAccount(db, Number(result.lastInsertRowid));
  if (!account) throw new Error(`Account ${input.username} vanished after insert.`);
  return account;
}

export function getAccount(db: Db, id: number): Account | undefined {
  const row = db
    .prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?')
    .get(id);
  return row ? toAccount(row) : undefined;
}

export function findAccountByUsername(db: Db, username: string): Account | undefined {
  const row = db
    .prepare<[string], AccountRow>('SELECT * FROM accounts WHERE username = ?')
    .get(username);
  return row ? toAccount(row) : undefined;
}

export function listAccounts(db: Db): Account[] {
  return db
    .prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY id')
    .all()
    .map(toAccount);
}

export function countAccounts(db: Db): number {
  return (
    db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM accounts').get()?.n ?? 0
  );
}

/** Applies the given changes to an account; a new password is hashed here. */
export async function updateAccount(
  db: Db,
  id: number,
  changes: {
    displayName?: string;
    role?: Role;
    station?: string | null;
    disabled?: boolean;
    password?: string;
  },
  now: Date,
): Promise<Account | undefined> {
  const passwordHash =
    changes.password === undefined ? null : await hashPassword(changes.password);
  const current = getAccount(db, id);
  if (!current) return undefined;
  db.prepare(
    `UPDATE accounts SET display_name = ?, role = ?, station_id = ?, disabled = ?,
       password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?`,
  ).run(
    changes.displayName ?? current.displayName,
    changes.role ?? current.role,
    changes.station === undefined ? current.station : changes.station,
    (changes.disabled ?? current.disabled) ? 1 : 0,
    passwordHash,
    now.toISOString(),
    id,
  );
  if (changes.disabled === true || changes.password !== undefined) {
    db.prepare('DELETE FROM sessions WHERE account_id = ?').run(id);
  }
  return getAccount(db, id);
}

/** How long a session token stays valid after sign-in. */
export const SESSION_LIFETIME_MS = 12 * 3600_000;

/** Creates a session and returns its token; only the token's SHA-256 is stored. */
export function createSession(
  db: Db,
  accountId: number,
  now: Date,
): { token: string; expiresAt: string } {
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString();
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString());
  db.prepare(
    'INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  ).run(sha256Hex(token), accountId, now.toISOString(), expiresAt);
  return { token, expiresAt };
}

/** Returns the enabled account behind an unexpired session token. */
export function accountForSession(db: Db, token: string, now: Date): Account | undefined {
  const row = db
    .prepare<[string, string], AccountRow>(
      `SELECT a.* FROM sessions AS s JOIN accounts AS a ON a.id = s.account_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`,
    )
    .get(sha256Hex(token), now.toISOString());
  return row ? toAccount(row) : undefined;
}

export function deleteSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
}
