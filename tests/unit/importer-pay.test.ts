import { describe, expect, it } from 'vitest';
import type { Pay } from '../../main/contract/catalogue.js';
import { parsePay } from '../../main/importer/pay.js';

type Expected = Omit<Pay, 'text'>;

const month = (min: number | null, max: number | null): Expected => ({
  min,
  max,
  unit: 'month',
  negotiable: false,
});
const day = (min: number | null, max: number | null): Expected => ({
  min,
  max,
  unit: 'day',
  negotiable: false,
});
const hour = (min: number, max: number): Expected => ({
  min,
  max,
  unit: 'hour',
  negotiable: false,
});
const year = (min: number | null, max: number | null): Expected => ({
  min,
  max,
  unit: 'year',
  negotiable: false,
});

const GOOD: readonly [string, Expected][] = [
  ['4000-6000元/月', month(4000, 6000)],
  ['3千-4.5千', month(3000, 4500)],
  ['1-1.5万/月', month(10_000, 15_000)],
  ['1-1.5万', month(10_000, 15_000)],
  ['6-9K', month(6000, 9000)],
  ['8k-12k·13薪', month(8000, 12_000)],
  ['6千-1.2万·13薪', month(6000, 12_000)],
  ['5000-1万', month(5000, 10_000)],
  ['1万', month(10_000, 10_000)],
  ['150元/天', day(150, 150)],
  ['150/天', day(150, 150)],
  ['150元一天', day(150, 150)],
  ['日结200', day(200, 200)],
  ['150元/天，月结', day(150, 150)],
  ['1.5千/天', day(1500, 1500)],
  ['20-25元/小时', hour(20, 25)],
  ['5000以上', month(5000, null)],
  ['底薪3000+提成', month(3000, null)],
  ['3000元以下', month(null, 3000)],
  ['3千及以下', month(null, 3000)],
  ['1.5-2万/年', year(15_000, 20_000)],
  ['10-20万/年', year(100_000, 200_000)],
  ['3万及以下/年', year(null, 30_000)],
  ['3000~4000', month(3000, 4000)],
  ['3000～4000', month(3000, 4000)],
  ['3000至4000', month(3000, 4000)],
  ['3000到4000', month(3000, 4000)],
  ['3000—4000', month(3000, 4000)],
  ['４０００－６０００元／月', month(4000, 6000)],
  ['计件', { min: null, max: null, unit: 'piece', negotiable: false }],
  ['0.5元/斤', { min: 0.5, max: 0.5, unit: 'piece', negotiable: false }],
  ['面议', { min: null, max: null, unit: null, negotiable: true }],
  ['3000-5000元/月（可面议）', { min: 3000, max: 5000, unit: 'month', negotiable: true }],
];

const BAD: readonly [string, string][] = [
  ['abc', '薪资无法识别：“abc”'],
  ['9\uFFFD-1.5万·13薪', '薪资无法识别'],
  ['2000元/周', '不支持按周计薪'],
  ['0', '金额必须大于 0'],
  ['6000-4000', '最低金额高于最高金额'],
  ['3000-', '薪资无法识别'],
  ['150元/天 3000元/月', '多个薪资单位'],
  ['包吃住', '没有金额'],
  ['99999999', '金额超过'],
];

describe('parsePay', () => {
  it.each(GOOD)('parses %s', (text, expected) => {
    const result = parsePay(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pay).toEqual({ ...expected, text });
  });

  it.each(BAD)('rejects %s', (text, reason) => {
    const result = parsePay(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(reason);
  });

  it('treats an empty cell as negotiable', () => {
    expect(parsePay('  ')).toEqual({
      ok: true,
      pay: { text: '面议', min: null, max: null, unit: null, negotiable: true },
    });
  });

  it('uses the header unit for bare amounts', () => {
    const bare = parsePay('180', 'day');
    expect(bare.ok).toBe(true);
    expect(bare.ok ? bare.pay.unit : null).toBe('day');
    const explicit = parsePay('4000元/月', 'day');
    expect(explicit.ok).toBe(true);
    expect(explicit.ok ? explicit.pay.unit : null).toBe('month');
  });

  it('strips control characters from the text', () => {
    const result = parsePay('4000\u0007-6000\u009B元/月');
    expect(result.ok).toBe(true);
    expect(result.ok ? result.pay.text : null).toBe('4000-6000元/月');
  });
});
