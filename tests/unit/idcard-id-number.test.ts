import { describe, expect, it } from 'vitest';
import {
  CHECK_CHARACTERS,
  ID_WEIGHTS,
  checkIdNumber,
  idCheckCharacter,
  withCheckCharacter,
} from '../../native/idcard/id-number.js';

describe('id number check', () => {
  it('uses the GB 11643 weights', () => {
    expect(ID_WEIGHTS).toEqual([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
    expect(CHECK_CHARACTERS).toBe('10X98765432');
  });

  it('matches the standard example', () => {
    // GB 11643-1999's own example number.
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toEqual({ valid: true });
  });

  it('maps every remainder', () => {
    // Only the last weighted digit varies: 2 * d mod 11 walks the remainders.
    const body = '6106301968040512';
    const table: Array<[string, string]> = [];
    for (let digit = 0; digit <= 9; digit += 1)
      table.push([String(digit), idCheckCharacter(body + String(digit))]);
    const base = [...body].reduce(
      (sum, char, index) => sum + Number(char) * (ID_WEIGHTS[index] ?? 0),
      0,
    );
    for (const [digit, check] of table) {
      const remainder = (base + Number(digit) * 2) % 11;
      expect(check, `digit ${digit}`).toBe(CHECK_CHARACTERS[remainder]);
    }
    expect(new Set(table.map(([, check]) => check)).size).toBe(10);
  });

  it('accepts the test citizen', () => {
    expect(withCheckCharacter('61063019680405123')).toBe('610630196804051236');
    expect(checkIdNumber('610630196804051236')).toEqual({ valid: true });
  });

  it('rejects a wrong check character', () => {
    const result = checkIdNumber('610630196804051235');
    expect(result.valid).toBe(false);
    expect(!result.valid && result.reason).toBe(
      'ID number check character is 5, expected 6',
    );
  });

  it('rejects a lower-case x', () => {
    expect(checkIdNumber('11010519491231002x').valid).toBe(false);
  });

  it('rejects a wrong length', () => {
    const result = checkIdNumber('61063019680405123');
    expect(!result.valid && result.reason).toContain('17 characters');
  });

  it('rejects an impossible birth date', () => {
    const id = withCheckCharacter('61063019680230123');
    const result = checkIdNumber(id);
    expect(!result.valid && result.reason).toBe(
      'ID number contains an invalid birth date',
    );
  });

  it('rejects non-digit bodies', () => {
    expect(() => idCheckCharacter('6106301968040512A')).toThrow(RangeError);
    expect(checkIdNumber('6106301968040512A6').valid).toBe(false);
  });
});
