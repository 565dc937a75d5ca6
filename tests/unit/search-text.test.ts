import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMatchQuery, indexTokens } from '../../main/store/search-text.js';

describe('indexTokens', () => {
  it('splits Han text into characters and pairs', () => {
    const tokens = indexTokens('维修电工');
    expect(tokens.uni).toBe('维 修 电 工');
    expect(tokens.bi.split(' ').slice(0, 3)).toEqual(['维修', '修电', '电工']);
  });

  it('keeps Latin and digit words whole and lower-cases them', () => {
    const tokens = indexTokens('Ｃ１驾照 3D打印');
    expect(tokens.bi.split(' ')).toEqual(['c1', '驾照', '3d', '打印', '\uE000']);
  });

  it('lists each character once in uni', () => {
    const tokens = indexTokens('电工', '维修电工 C1');
    expect(tokens.uni).toBe('电 工 维 修 c1');
    expect(tokens.bi.split(' ')).toEqual([
      '电工',
      '\uE000',
      '维修',
      '修电',
      '电工',
      'c1',
      '\uE000',
    ]);
  });

  it('treats supplementary-plane Han as Han', () => {
    // 𠮷 (U+20BB7) is a CJK Extension B character, two UTF-16 code units.
    const tokens = indexTokens('𠮷野家');
    expect(tokens.uni).toBe('𠮷 野 家');
    expect(tokens.bi.split(' ')).toEqual(['𠮷野', '野家', '\uE000']);
  });

  it('drops punctuation and markup characters', () => {
    const tokens = indexTokens('<b>保安</b>！');
    expect(tokens.bi.split(' ')).toEqual(['b', '保安', 'b', '\uE000']);
  });
});

describe('buildMatchQuery', () => {
  it('uses single characters for a one-character query', () => {
    expect(buildMatchQuery('电')).toEqual({ uni: '"电"', bi: null });
  });

  it('uses one pair for a two-character query', () => {
    expect(buildMatchQuery('护工')).toEqual({ uni: null, bi: '("护工")' });
  });

  it('chains pairs into a phrase for longer queries', () => {
    expect(buildMatchQuery('维修电工')).toEqual({
      uni: null,
      bi: '("维修" + "修电" + "电工")',
    });
  });

  it('joins space-separated terms with AND', () => {
    expect(buildMatchQuery('电工 秋林')).toEqual({
      uni: null,
      bi: '("电工") AND ("秋林")',
    });
  });

  it('splits one-character terms from the others', () => {
    expect(buildMatchQuery('电 焊 C1驾照')).toEqual({
      uni: '"电" AND "焊"',
      bi: '("c1" + "驾照")',
    });
  });

  it('returns null for a query of punctuation only', () => {
    expect(buildMatchQuery(' "*:() ')).toBeNull();
  });

  it('neutralises FTS5 syntax in the query', () => {
    expect(buildMatchQuery('电工" OR "a')).toEqual({
      uni: null,
      bi: '("电工") AND ("or"*) AND ("a"*)',
    });
  });
});

/**
 * Tokenises like the first version did, with regular expressions only: runs
 * are maximal sequences of Script=Han code points or of other letters and
 * digits. indexTokens classifies ASCII and U+4E00 to U+9FFF by code ranges,
 * so comparing with this checks that the ranges give the same tokens.
 */
function referenceTokens(...fields: string[]): { uni: string; bi: string } {
  const run = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
  const uni = new Set<string>();
  const bi: string[] = [];
  for (const field of fields) {
    for (const [text] of field.normalize('NFKC').toLowerCase().matchAll(run)) {
      const chars = [...text];
      if (/^\p{Script=Han}/u.test(text)) {
        for (const char of chars) uni.add(char);
        if (chars.length === 1) bi.push(text);
        for (let i = 0; i + 1 < chars.length; i++) bi.push(chars[i]! + chars[i + 1]!);
      } else {
        uni.add(text);
        bi.push(text);
      }
    }
    bi.push('\uE000');
  }
  return { uni: [...uni].join(' '), bi: bi.join(' ') };
}

describe('indexTokens code ranges', () => {
  it('matches the regex tokeniser on every code point', () => {
    // Each code point between two spaces and between two Han characters,
    // so its class shows in the runs it starts, joins or breaks.
    const points: string[] = [];
    for (let code = 0; code <= 0x3ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      points.push(String.fromCodePoint(code));
    }
    const spaced = points.join(' ');
    const joined = points.map((char) => `中${char}文`).join('');
    expect(indexTokens(spaced)).toEqual(referenceTokens(spaced));
    expect(indexTokens(joined)).toEqual(referenceTokens(joined));
  });

  it('matches the regex tokeniser on random text', () => {
    const alphabet = [...'维修电工C1驾照３Ｄ打印 ,.！、\n\t-_éÉß𠮷〇々⺀ⅱ'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), {
          maxLength: 5,
        }),
        (fields) => {
          const texts = fields.map((chars) => chars.join(''));
          expect(indexTokens(...texts)).toEqual(referenceTokens(...texts));
        },
      ),
    );
  });
});
