import type { Db } from './db.js';

export type AuditResult = 'ok' | 'denied' | 'failed' | 'invalid';

/** One audit row: who did what to which item, and how it ended. Never personal data. */
export interface AuditEntry {
  actorType: 'account' | 'kiosk' | 'anonymous' | 'system';
  actorId: string | null;
  actorName: string | null;
  clientAddress: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  detail?: Record<string, unknown>;
}

export function writeAudit(db: Db, entry: AuditEntry, now: Date): void {
  db.prepare(
    `INSERT INTO audit_log (at, actor_type, actor_id, actor_name, client_address, action,
       target_type, target_id, result, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    now.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.actorName,
    entry.clientAddress,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.result,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  clientAddress: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  detail: unknown;
}

/** Lists audit rows newest first, before the row id `beforeId` when given. */
export function listAudit(
  db: Db,
  options: { limit: number; beforeId?: number; action?: string },
): AuditRow[] {
  const rows = db
    .prepare<
      { before: number; action: string | null; limit: number },
      Omit<AuditRow, 'detail'> & { detail: string | null }
    >(
      `SELECT id, at, actor_type AS actorType, actor_id AS actorId, actor_name AS actorName,
              client_address AS clientAddress, action, target_type AS targetType,
              target_id AS targetId, result, detail
       FROM audit_log
       WHERE id < @before AND (@action IS NULL OR action = @action)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      before: options.beforeId ?? Number.MAX_SAFE_INTEGER,
      action: options.action ?? null,
      limit: options.limit,
    });
  return rows.map((row) => ({
    ...row,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
  }));
}
