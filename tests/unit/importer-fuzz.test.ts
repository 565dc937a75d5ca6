import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvLedger } from '../../main/importer/csv.js';
import { LedgerError } from '../../main/importer/errors.js';
import { parsePay } from '../../main/importer/pay.js';

const OPTIONS = { today: '2026-12-04' };
const HEADER = '岗位名称,用工单位,薪资,工作地点,招聘人数,发布日期,截止日期\n';
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

/** Runs the CSV reader and returns the error it raised, or null. */
function csvFailure(bytes: Uint8Array): unknown {
  try {
    parseCsvLedger(bytes, OPTIONS);
    return null;
  } catch (error) {
    return error;
  }
}

describe('importer fuzz', () => {
  it('parsePay returns a result for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const result = parsePay(text);
        if (result.ok) {
          expect(result.pay.text).not.toMatch(UNSAFE);
          if (result.pay.min !== null && result.pay.max !== null) {
            expect(result.pay.min).toBeLessThanOrEqual(result.pay.max);
          }
        } else {
          expect(result.reason).toContain('薪资无法识别');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('CSV reader raises only LedgerError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const failure = csvFailure(bytes);
        if (failure !== null) expect(failure).toBeInstanceOf(LedgerError);
      }),
      { numRuns: 500 },
    );
  });

  it('CSV rows never carry control characters', () => {
    const quoted = (text: string): string => `"${text.replace(/"/gu, '""')}"`;
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
    const pay = fc.constantFrom('4000-6000元/月', '150元/天', '面议', '');
    const row = fc
      .tuple(text, text, pay, text)
      .map(([title, employer, amount, place]) =>
        [title, employer, amount, place, '', '', ''].map(quoted).join(','),
      );
    let imported = 0;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        const bytes = new TextEncoder().encode(HEADER + rows.join('\n'));
        const failure = csvFailure(bytes);
        if (failure !== null) {
          expect(failure).toBeInstanceOf(LedgerError);
          return;
        }
        const ledger = parseCsvLedger(bytes, OPTIONS);
        imported += ledger.jobs.length;
        for (const job of ledger.jobs) {
          for (const value of [job.title, job.employer, job.location, job.pay.text]) {
            expect(value).not.toMatch(UNSAFE);
            expect(value).not.toMatch(/\n/u);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(imported).toBeGreaterThan(100);
  });
});
