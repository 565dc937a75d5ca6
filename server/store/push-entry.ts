// Per-entry checks and content hashes for pushed outbox entries. A push
// carries up to MAX_PUSH_ENTRIES entries, so these run in a tight loop. The
// checks are written by hand, because a zod parse per entry took about an
// eighth of the server's push time in a CPU profile. They must accept exactly what
// outboxEntrySchema and an ISO date-time with offset accept, and
// tests/unit/server-push-entry.test.ts compares them with the schemas.
import { z } from 'zod';
import { RECORD_TYPES, type OutboxEntry } from '../../main/contract/sync.js';
import { sha256Hex } from './hash.js';

/** Largest payload accepted per entry, as UTF-8 JSON bytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** The same patterns as z.uuid() and z.iso.datetime({ offset: true }) in zod 4. */
const UUID_PATTERN = z.regexes.uuid();
const CREATED_AT_PATTERN = z.regexes.datetime({
  offset: true,
  local: false,
  precision: null,
});
const RECORD_TYPE_SET: ReadonlySet<string> = new Set(RECORD_TYPES);

export type CheckedEntry =
  | { ok: true; entry: OutboxEntry; payload: string }
  | { ok: false; id: string; type: string | null; reason: string };

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeProblems(entry: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { id, type, createdAt, payload } = entry;
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) {
    problems.push('id: expected a UUID string');
  }
  if (typeof type !== 'string' || !RECORD_TYPE_SET.has(type)) {
    problems.push(`type: expected one of ${RECORD_TYPES.join(', ')}`);
  }
  if (typeof createdAt !== 'string' || !CREATED_AT_PATTERN.test(createdAt)) {
    problems.push('createdAt: expected an ISO date-time with offset');
  }
  if (!isPlainRecord(payload)) problems.push('payload: expected a JSON object');
  return problems;
}

/**
 * Checks one pushed entry as the server received it (parsed JSON). Returns
 * the entry with its payload serialised, or the reason to reject it, with
 * the id and type cut to their column sizes for push_rejections. Keys other
 * than id, type, createdAt and payload are dropped, as zod's default strip
 * mode does.
 */
export function checkEntry(raw: unknown): CheckedEntry {
  const entry = isPlainRecord(raw) ? raw : {};
  const id = typeof entry['id'] === 'string' ? entry['id'].slice(0, 64) : '';
  const type = typeof entry['type'] === 'string' ? entry['type'].slice(0, 32) : null;

  const problems = isPlainRecord(raw)
    ? describeProblems(entry)
    : ['entry: expected a JSON object'];
  if (problems.length > 0) {
    return { ok: false, id, type, reason: `Invalid entry: ${problems.join('; ')}` };
  }
  const checked = entry as OutboxEntry;
  const payload = JSON.stringify(checked.payload);
  // One UTF-16 unit is at most three UTF-8 bytes, so a payload of at most a
  // third of the limit in units fits without counting its bytes.
  if (
    payload.length * 3 > MAX_PAYLOAD_BYTES &&
    Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES
  ) {
    return {
      ok: false,
      id,
      type,
      reason: `Invalid entry: payload is larger than ${MAX_PAYLOAD_BYTES} bytes.`,
    };
  }
  return {
    ok: true,
    entry: {
      id: checked.id,
      type: checked.type,
      createdAt: checked.createdAt,
      payload: checked.payload,
    },
    payload,
  };
}

/**
 * Serialises to JSON with object keys sorted by UTF-16 code units at every
 * level and undefined members left out, so equal content hashes equally.
 * Stored content hashes depend on this exact output.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify returns undefined for undefined. Inside an array that
    // becomes an empty element, as Array.prototype.join makes it.
    return JSON.stringify(value) ?? '';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out += ',';
      out += canonicalJson(value[index]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/** Returns the hex SHA-256 of the canonical JSON of an entry's type, createdAt and payload. */
export function contentHashOf(entry: OutboxEntry): string {
  // The keys of canonicalJson({ type, createdAt, payload }), in sorted order.
  return sha256Hex(
    `{"createdAt":${JSON.stringify(entry.createdAt)},` +
      `"payload":${canonicalJson(entry.payload)},"type":${JSON.stringify(entry.type)}}`,
  );
}
