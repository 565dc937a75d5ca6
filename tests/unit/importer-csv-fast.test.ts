import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvFastPath } from '../../main/importer/csv-fast.js';
import { decodeCsvBytes } from '../../main/importer/text.js';

const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: false };

/** csv-parse's rows, or null when it raises, with the options parseCsvLedger uses. */
function csvParseRows(text: string): string[][] | null {
  try {
    return parse(text, CSV_OPTIONS);
  } catch {
    return null;
  }
}

/** Checks that the fast path returns csv-parse's rows, or null. */
function expectSameAsCsvParse(text: string): void {
  const fast = parseCsvFastPath(text);
  if (fast === null) return;
  expect(fast).toEqual(csvParseRows(text));
}

const CSV_FILES = [
  join(import.meta.dirname, '../../data/demo/yichuan-local-jobs.csv'),
  join(import.meta.dirname, '../../data/demo/jobs-51job-sample.csv'),
  ...readdirSync(join(import.meta.dirname, '../fixtures/importer'))
    .filter((name) => name.endsWith('.csv'))
    .map((name) => join(import.meta.dirname, '../fixtures/importer', name)),
];

describe('CSV fast path', () => {
  it.each(CSV_FILES)('parses %s as csv-parse does', (file) => {
    const { text } = decodeCsvBytes(readFileSync(file));
    const fast = parseCsvFastPath(text);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(csvParseRows(text));
  });

  it.each([
    ['', []],
    ['a', [['a']]],
    ['a,b\n', [['a', 'b']]],
    [
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a,\n,b',
      [
        ['a', ''],
        ['', 'b'],
      ],
    ],
    ['a,', [['a', '']]],
    ['a\n\nb', [['a'], [''], ['b']]],
    [
      '"a,b","c""d"\n"e\nf",g',
      [
        ['a,b', 'c"d'],
        ['e\nf', 'g'],
      ],
    ],
    ['"x\r\ny"\r\nz', [['x\r\ny'], ['z']]],
    ['""', [['']]],
  ])('parses %j', (text, rows) => {
    expect(parseCsvFastPath(text)).toEqual(rows);
    expect(csvParseRows(text)).toEqual(rows);
  });

  it.each([
    ['bare CR', 'a\rb'],
    ['CR after LF records', 'a\nb\r\nc'],
    ['LF after CRLF records', 'a\r\nb\nc'],
    ['quote inside a field', 'a"b,c'],
    ['text after a closing quote', '"a"b,c'],
    ['open quote', '"a,b'],
  ])('leaves %s to csv-parse', (_, text) => {
    expect(parseCsvFastPath(text)).toBeNull();
  });

  it('matches csv-parse on random text', () => {
    const alphabet = ['a', 'b', '电', ',', '"', '""', '\n', '\r\n', '\r', ' ', '\uFEFF'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (parts) => {
        expectSameAsCsvParse(parts.join(''));
      }),
      { numRuns: 5000 },
    );
  });

  it('matches csv-parse on well-formed records', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }).map((text) => text.replace(/[",\r\n]/gu, '')),
      fc.string({ maxLength: 8 }).map((text) => `"${text.replace(/"/gu, '""')}"`),
    );
    const record = fc
      .array(cell, { minLength: 1, maxLength: 5 })
      .map((cells) => cells.join(','));
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (records, lineBreak, trailingBreak) => {
          const text = records.join(lineBreak) + (trailingBreak ? lineBreak : '');
          const fast = parseCsvFastPath(text);
          expect(fast).not.toBeNull();
          expect(fast).toEqual(csvParseRows(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
