import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RECORD_TYPES, outboxEntrySchema } from '../../main/contract/sync.js';
import {
  MAX_PAYLOAD_BYTES,
  canonicalJson,
  checkEntry,
  contentHashOf,
} from '../../server/store/push-entry.js';

/** The zod checks that checkEntry replaces, as the server ran them before. */
const createdAtSchema = z.iso.datetime({ offset: true });
function zodAccepts(raw: unknown): boolean {
  const parsed = outboxEntrySchema.safeParse(raw);
  return parsed.success && createdAtSchema.safeParse(parsed.data.createdAt).success;
}

function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Serialises as the server did when it made the stored content hashes. */
function referenceCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareKeys(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${referenceCanonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const validEntry = () => ({
  id: uuidv7(),
  type: 'rating',
  createdAt: '2026-12-04T10:00:00.123+08:00',
  payload: { rating: 4, topic: '窗口服务' },
});

const field = <T>(values: readonly T[]) =>
  fc.oneof(fc.constantFrom(...values), fc.constant(undefined));

const entryArbitrary = fc.record(
  {
    id: field<unknown>([
      '0193a3b2-7c4e-7a1b-9c2d-3e4f5a6b7c8d',
      '0193A3B2-7C4E-7A1B-9C2D-3E4F5A6B7C8D',
      '00000000-0000-0000-0000-000000000000',
      '0193a3b2-7c4e-9a1b-9c2d-3e4f5a6b7c8d',
      '0193a3b2-7c4e-7a1b-1c2d-3e4f5a6b7c8d',
      '0193a3b27c4e7a1b9c2d3e4f5a6b7c8d',
      'not-a-uuid',
      '',
      42,
      null,
    ]),
    type: field<unknown>([...RECORD_TYPES, 'unknown_type', 'Rating', '', 7, null]),
    createdAt: field<unknown>([
      '2026-12-04T02:00:00Z',
      '2026-12-04T10:00:00+08:00',
      '2026-12-04T10:00:00.5-05:30',
      '2024-02-29T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-12-04T10:00:00',
      '2026-12-04 10:00:00Z',
      '2026-12-04T24:00:00Z',
      'yesterday',
      1796387283005,
      null,
    ]),
    payload: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
      fc.constantFrom<unknown>([], [1], null, 'text', 3, true, undefined),
    ),
    extra: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
  },
  { requiredKeys: [] },
);

describe('push entry check', () => {
  it('agrees with the zod schemas', () => {
    fc.assert(
      fc.property(entryArbitrary, (raw) => {
        const wire: unknown = JSON.parse(JSON.stringify(raw));
        const checked = checkEntry(wire);
        expect(checked.ok).toBe(zodAccepts(wire));
        if (checked.ok) {
          expect(checked.entry).toEqual(outboxEntrySchema.parse(wire));
          expect(checked.payload).toBe(JSON.stringify(checked.entry.payload));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('names each invalid field', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...validEntry(), id: 'not-a-uuid' }, /^Invalid entry: id: /u],
      [
        { ...validEntry(), type: 'unknown_type' },
        /^Invalid entry: type: expected one of /u,
      ],
      [{ ...validEntry(), createdAt: 'yesterday' }, /^Invalid entry: createdAt: /u],
      [{ ...validEntry(), payload: [1, 2] }, /^Invalid entry: payload: /u],
      [42, /^Invalid entry: entry: expected a JSON object$/u],
      [null, /^Invalid entry: entry: /u],
      [{}, /id: .*; type: .*; createdAt: .*; payload: /u],
    ];
    for (const [raw, reason] of cases) {
      const checked = checkEntry(raw);
      expect(checked.ok, JSON.stringify(raw)).toBe(false);
      if (!checked.ok) expect(checked.reason).toMatch(reason);
    }
  });

  it('bad entry keeps id and type', () => {
    const checked = checkEntry({ id: 'x'.repeat(100), type: 'y'.repeat(100) });
    expect(checked).toMatchObject({
      ok: false,
      id: 'x'.repeat(64),
      type: 'y'.repeat(32),
    });
    expect(checkEntry('text')).toMatchObject({ ok: false, id: '', type: null });
  });

  it('counts payload size in UTF-8 bytes', () => {
    // Each 汉 is one UTF-16 unit and three UTF-8 bytes.
    const fits = { ...validEntry(), payload: { t: '汉'.repeat(21_800) } };
    const tooBig = { ...validEntry(), payload: { t: '汉'.repeat(21_900) } };
    const asciiTooBig = {
      ...validEntry(),
      payload: { t: 'x'.repeat(MAX_PAYLOAD_BYTES) },
    };
    expect(checkEntry(fits).ok).toBe(true);
    expect(checkEntry(tooBig)).toMatchObject({
      ok: false,
      reason: `Invalid entry: payload is larger than ${MAX_PAYLOAD_BYTES} bytes.`,
    });
    expect(checkEntry(asciiTooBig).ok).toBe(false);
  });
});

describe('push entry content hash', () => {
  it('canonical JSON matches the stored form', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonical(value));
      }),
      { numRuns: 2000 },
    );
    expect(
      canonicalJson({ b: 1, a: [{ d: undefined, c: null }], 10: 'x', 9: true }),
    ).toBe('{"10":"x","9":true,"a":[{"c":null}],"b":1}');
  });

  it('hash matches the stored form', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORD_TYPES),
        fc.string(),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
        (type, createdAt, payload) => {
          const expected = createHash('sha256')
            .update(referenceCanonical({ type, createdAt, payload }))
            .digest('hex');
          expect(contentHashOf({ id: uuidv7(), type, createdAt, payload })).toBe(
            expected,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
