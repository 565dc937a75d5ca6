import { describe, expect, it } from 'vitest';
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

  it('drops punctuation and markup characters', () => {
    const tokens = indexTokens('<b>保安</b>！');
    expect(tokens.bi.split(' ')).toEqual(['b', '保安', 'b', '\uE000']);
  });
});

describe('buildMatchQuery', () => {
  it('uses single characters for a one-character query', () => {
    expect(buildMatchQuery('电')).toBe('uni : "电"');
  });

  it('uses one pair for a two-character query', () => {
    expect(buildMatchQuery('护工')).toBe('bi : ("护工")');
  });

  it('chains pairs into a phrase for longer queries', () => {
    expect(buildMatchQuery('维修电工')).toBe('bi : ("维修" + "修电" + "电工")');
  });

  it('joins space-separated terms with AND', () => {
    expect(buildMatchQuery('电工 秋林')).toBe('bi : ("电工") AND bi : ("秋林")');
  });

  it('returns null for a query of punctuation only', () => {
    expect(buildMatchQuery(' "*:() ')).toBeNull();
  });

  it('neutralises FTS5 syntax in the query', () => {
    expect(buildMatchQuery('电工" OR "a')).toBe(
      'bi : ("电工") AND bi : ("or"*) AND bi : ("a"*)',
    );
  });
});
