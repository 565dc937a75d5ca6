import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SUBSTITUTE_CHARACTER,
  characterWidth,
  encodeText,
  sanitizeText,
  textWidth,
  wrapText,
} from '../../native/escpos/index.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('sanitizeText', () => {
  it('strips C0, DEL and C1 controls', () => {
    const input = 'A\u0000\u001b@\u001dV\u0010\u0004\u001c&\u007f\u0080\u009b\u009fB';
    const { text, removed } = sanitizeText(input);
    expect(text).toBe('A@V&B');
    expect(removed).toBe(10);
  });

  it('tabs become spaces', () => {
    expect(sanitizeText('a\tb').text).toBe('a b');
  });

  it('line breaks need permission', () => {
    expect(sanitizeText('a\r\nb\nc\u2028d').text).toBe('a b c d');
    expect(sanitizeText('a\r\nb\rc\u2029d', { allowLineBreaks: true }).text).toBe(
      'a\nb\nc\nd',
    );
  });

  it('strips format characters', () => {
    // Zero-width space, right-to-left override, byte order mark.
    const { text, removed } = sanitizeText('a\u200bb\u202ec\ufeffd');
    expect(text).toBe('abcd');
    expect(removed).toBe(3);
  });
});

describe('encodeText', () => {
  it('GBK substitutes a CJK Extension B character', () => {
    const { bytes, substituted } = encodeText('吉𠮷', { encoding: 'gbk' });
    // 吉 BC AA; the substitute □ is A1 F5.
    expect(hex(bytes)).toBe('bcaaa1f5');
    expect(substituted).toBe(1);
  });

  it('GBK keeps characters of its FE row', () => {
    // 䶮 (CJK Extension A) sits at FE 9F, one of the codes GBK fonts carry.
    const { bytes, substituted } = encodeText('刘䶮', { encoding: 'gbk' });
    expect(hex(bytes)).toBe('c1f5fe9f');
    expect(substituted).toBe(0);
  });

  it('GBK substitutes emoji', () => {
    const { bytes, substituted } = encodeText('好😀👍🏽', { encoding: 'gbk' });
    // 😀 is one code point; 👍🏽 is two (thumb and skin tone), so three substitutes.
    expect(hex(bytes)).toBe('bac3' + 'a1f5'.repeat(3));
    expect(substituted).toBe(3);
  });

  it('yen sign becomes fullwidth yen', () => {
    for (const encoding of ['gbk', 'gb18030'] as const) {
      const { bytes, substituted } = encodeText('¥100', { encoding });
      expect(hex(bytes)).toBe('a3a4313030');
      expect(substituted).toBe(0);
    }
  });

  it('GBK substitutes the euro sign', () => {
    // iconv-lite writes € as the single byte 0x80 in GBK, which GBK fonts lack.
    const { bytes, substituted } = encodeText('€', { encoding: 'gbk' });
    expect(hex(bytes)).toBe('a1f5');
    expect(substituted).toBe(1);
  });

  it('GB18030 keeps rare characters', () => {
    const { bytes, substituted } = encodeText('𠮷😀', { encoding: 'gb18030' });
    expect(bytes.length).toBe(8);
    expect(substituted).toBe(0);
  });

  it('lone surrogate is substituted', () => {
    for (const encoding of ['gbk', 'gb18030'] as const) {
      const { bytes, substituted } = encodeText('a\ud800b', { encoding });
      expect(hex(bytes)).toBe('61a1f562');
      expect(substituted).toBe(1);
    }
  });

  it('question mark is not a substitution', () => {
    const { bytes, substituted } = encodeText('?', { encoding: 'gbk' });
    expect(hex(bytes)).toBe('3f');
    expect(substituted).toBe(0);
  });

  it('custom substitute', () => {
    const { bytes } = encodeText('𠮷', { encoding: 'gbk', substitute: '?' });
    expect(hex(bytes)).toBe('3f');
    expect(() => encodeText('x', { encoding: 'gbk', substitute: '😀' })).toThrow(
      /substitute must be one GBK character/,
    );
  });

  it('never emits a control byte', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.boolean(),
        (text, gbk) => {
          const { bytes } = encodeText(text, { encoding: gbk ? 'gbk' : 'gb18030' });
          for (const byte of bytes) {
            expect(byte).toBeGreaterThanOrEqual(0x20);
            expect(byte).not.toBe(0x7f);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('emits LF only where allowed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const { bytes } = encodeText(text, {
          encoding: 'gb18030',
          allowLineBreaks: true,
        });
        for (const byte of bytes) {
          if (byte === 0x0a) continue;
          expect(byte).toBeGreaterThanOrEqual(0x20);
          expect(byte).not.toBe(0x7f);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('text width', () => {
  it('counts CJK as 2 columns', () => {
    expect(characterWidth('a', 'gbk')).toBe(1);
    expect(characterWidth('中', 'gbk')).toBe(2);
    expect(characterWidth('，', 'gbk')).toBe(2);
    expect(characterWidth('𠮷', 'gbk')).toBe(2);
    expect(characterWidth('¥', 'gbk')).toBe(2);
    expect(characterWidth(SUBSTITUTE_CHARACTER, 'gbk')).toBe(2);
    expect(textWidth('宜川county', 'gb18030')).toBe(10);
  });
});

describe('wrapText', () => {
  it('breaks Chinese at the column limit', () => {
    expect(wrapText('宜川县人力资源和社会保障局', 10, 'gbk')).toEqual([
      '宜川县人力',
      '资源和社会',
      '保障局',
    ]);
  });

  it('keeps ASCII words whole when they fit', () => {
    expect(wrapText('电话 13800000000', 12, 'gbk')).toEqual(['电话', '13800000000']);
  });

  it('splits words longer than a line', () => {
    expect(wrapText('https://example.cn/jobs/1234', 10, 'gbk')).toEqual([
      'https://ex',
      'ample.cn/j',
      'obs/1234',
    ]);
  });

  it('closing punctuation never starts a line', () => {
    const lines = wrapText('一二三四五，六七', 10, 'gbk');
    expect(lines).toEqual(['一二三四', '五，六七']);
  });

  it('every line fits the width', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.integer({ min: 4, max: 48 }),
        (text, columns) => {
          for (const line of wrapText(text, columns, 'gbk')) {
            expect(textWidth(line, 'gbk')).toBeLessThanOrEqual(columns);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps paragraphs and sanitizes', () => {
    expect(wrapText('第一行\n第二\u001b行', 32, 'gbk')).toEqual(['第一行', '第二行']);
  });

  it('rejects tiny widths', () => {
    expect(() => wrapText('x', 3, 'gbk')).toThrow(
      /columns must be an integer of at least 4, got 3/,
    );
  });
});
