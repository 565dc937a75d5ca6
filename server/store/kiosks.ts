import { randomInt, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK_SKEW_LIMIT_MS, type HeartbeatRequest } from '../../main/contract/sync.js';
import type { Db } from './db.js';
import { randomSecret, sha256Hex } from './hash.js';

/** Crockford's base32 alphabet: no I, L, O or U, so codes read aloud without mix-ups. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;

/** Normalises a typed enrolment code: upper case, without spaces or dashes. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function makeCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++)
    code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Creates a one-time enrolment code for a station and stores only its hash. */
export function createEnrolmentCode(
  db: Db,
  stationId: string,
  createdBy: number | null,
  expiresAt: Date,
): { code: string; expiresAt: string } {
  const code = makeCode();
  db.prepare(
    'INSERT INTO enrolment_codes (code_hash, station_id, created_by, expires_at) VALUES (?, ?, ?, ?)',
  ).run(sha256Hex(normaliseCode(code)), stationId, createdBy, expiresAt.toISOString());
  return { code, expiresAt: expiresAt.toISOString() };
}

export type EnrolOutcome =
  | { ok: true; kioskId: string; secret: string; station: string }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Exchanges an unused, unexpired code for a new kiosk credential, in one transaction. */
export function enrolKiosk(
  db: Db,
  input: { code: string; name: string; version: string },
  now: Date,
): EnrolOutcome {
  const run = db.transaction((): EnrolOutcome => {
    const codeHash = sha256Hex(normaliseCode(input.code));
    const row = db
      .prepare<
        [string],
        { station_id: string; expires_at: string; used_at: string | null }
      >('SELECT station_id, expires_at, used_at FROM enrolment_codes WHERE code_hash = ?')
      .get(codeHash);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.used_at !== null) return { ok: false, reason: 'used' };
    if (row.expires_at <= now.toISOString()) return { ok: false, reason: 'expired' };

    const kioskId = uuidv7();
    const secret = randomSecret();
    db.prepare(
      `INSERT INTO kiosks (id, name, station_id, secret_hash, version, enrolled_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      kioskId,
      input.name,
      row.station_id,
      sha256Hex(secret),
      input.version,
      now.toISOString(),
    );
    db.prepare(
      'UPDATE enrolment_codes SET used_at = ?, kiosk_id = ? WHERE code_hash = ?',
    ).run(now.toISOString(), kioskId, codeHash);
    return { ok: true, kioskId, secret, station: row.station_id };
  });
  return run();
}

/** The kiosk behind a valid credential. */
export interface KioskIdentity {
  id: string;
  name: string;
  station: string;
  town: string | null;
  revoked: boolean;
}

/**
 * Checks a `KIOSKID.SECRET` credential against the stored hash in constant
 * time. Returns undefined for an unknown kiosk or a wrong secret.
 */
export function authenticateKiosk(db: Db, credential: string): KioskIdentity | undefined {
  const dot = credential.indexOf('.');
  if (dot <= 0 || dot === credential.length - 1) return undefined;
  const kioskId = credential.slice(0, dot);
  const secret = credential.slice(dot + 1);
  const row = db
    .prepare<
      [string],
      {
        id: string;
        name: string;
        station_id: string;
        town: string | null;
        secret_hash: string;
        revoked_at: string | null;
      }
    >(
      `SELECT k.id, k.name, k.station_id, s.town, k.secret_hash, k.revoked_at
       FROM kiosks AS k LEFT JOIN stations AS s ON s.id = k.station_id WHERE k.id = ?`,
    )
    .get(kioskId);
  if (!row) return undefined;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const actual = Buffer.from(sha256Hex(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    return undefined;
  return {
    id: row.id,
    name: row.name,
    station: row.station_id,
    town: row.town,
    revoked: row.revoked_at !== null,
  };
}

/** Records that a kiosk pulled or pushed just now. */
export function touchKioskSync(db: Db, kioskId: string, now: Date): void {
  const at = now.toISOString();
  db.prepare('UPDATE kiosks SET last_sync_at = ?, last_seen_at = ? WHERE id = ?').run(
    at,
    at,
    kioskId,
  );
}

export interface HeartbeatOutcome {
  serverTime: string;
  clockOffsetMs: number;
  clockFlagged: boolean;
  /** True when this heartbeat flagged a kiosk whose clock was fine before. */
  newlyFlagged: boolean;
}

/**
 * Stores a kiosk's heartbeat. The clock offset is server time minus kiosk
 * time; an offset beyond CLOCK_SKEW_LIMIT_MS is flagged, never rejected.
 */
export function recordHeartbeat(
  db: Db,
  kioskId: string,
  beat: HeartbeatRequest,
  kioskTime: Date,
  now: Date,
): HeartbeatOutcome {
  const clockOffsetMs = now.getTime() - kioskTime.getTime();
  const clockFlagged = Math.abs(clockOffsetMs) > CLOCK_SKEW_LIMIT_MS;
  const before = db
    .prepare<[string], { clock_flagged: number }>(
      'SELECT clock_flagged FROM kiosks WHERE id = ?',
    )
    .get(kioskId);
  const at = now.toISOString();
  db.prepare(
    `UPDATE kiosks SET version = @version, heartbeat_at = @at, last_seen_at = @at,
       uptime_seconds = @uptime, outbox_depth = @outboxDepth,
       reported_last_sync_at = @lastSyncAt, devices = @devices,
       clock_offset_ms = @clockOffsetMs, clock_flagged = @clockFlagged
     WHERE id = @kioskId`,
  ).run({
    version: beat.version,
    at,
    uptime: beat.uptimeSeconds,
    outboxDepth: beat.outboxDepth,
    lastSyncAt: beat.lastSyncAt,
    devices: JSON.stringify(beat.devices),
    clockOffsetMs,
    clockFlagged: clockFlagged ? 1 : 0,
    kioskId,
  });
  return {
    serverTime: at,
    clockOffsetMs,
    clockFlagged,
    newlyFlagged: clockFlagged && before?.clock_flagged === 0,
  };
}

/** A kiosk as the admin API lists it. */
export interface KioskSummary {
  id: string;
  name: string;
  station: string;
  version: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastSyncAt: string | null;
  heartbeat: {
    at: string;
    uptimeSeconds: number | null;
    outboxDepth: number | null;
    reportedLastSyncAt: string | null;
    devices: unknown;
    clockOffsetMs: number | null;
    clockFlagged: boolean;
  } | null;
}

interface KioskRow {
  id: string;
  name: string;
  station_id: string;
  version: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_sync_at: string | null;
  heartbeat_at: string | null;
  uptime_seconds: number | null;
  outbox_depth: number | null;
  reported_last_sync_at: string | null;
  devices: string | null;
  clock_offset_ms: number | null;
  clock_flagged: number;
}

function toSummary(row: KioskRow): KioskSummary {
  return {
    id: row.id,
    name: row.name,
    station: row.station_id,
    version: row.version,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
    lastSyncAt: row.last_sync_at,
    heartbeat:
      row.heartbeat_at === null
        ? null
        : {
            at: row.heartbeat_at,
            uptimeSeconds: row.uptime_seconds,
            outboxDepth: row.outbox_depth,
            reportedLastSyncAt: row.reported_last_sync_at,
            devices: JSON.parse(row.devices ?? '[]') as unknown,
            clockOffsetMs: row.clock_offset_ms,
            clockFlagged: row.clock_flagged === 1,
          },
  };
}

export function listKiosks(db: Db): KioskSummary[] {
  return db
    .prepare<[], KioskRow>('SELECT * FROM kiosks ORDER BY station_id, name, id')
    .all()
    .map(toSummary);
}

/** Revokes a kiosk's credential. Returns false for an unknown kiosk. */
export function revokeKiosk(db: Db, kioskId: string, now: Date): boolean {
  const result = db
    .prepare('UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?')
    .run(now.toISOString(), kioskId);
  return result.changes === 1;
}
