// Check character of the 18-character citizen ID number (GB 11643-1999,
// ISO 7064 MOD 11-2): the weighted sum of the first 17 digits mod 11 picks
// the 18th character. Each weight is 2^(17 - i) mod 11 for i = 0..16.

export const ID_WEIGHTS: readonly number[] = Array.from(
  { length: 17 },
  (_, index) => 2 ** (17 - index) % 11,
);
/** Check character for each remainder 0..10 of the weighted sum. */
export const CHECK_CHARACTERS = '10X98765432';

/** Computes the check character of the first 17 digits; throws RangeError on other input. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/u.test(first17)) {
    throw new RangeError(
      `ID number body must be 17 digits, got ${first17.length} characters`,
    );
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += Number(first17[index]) * (ID_WEIGHTS[index] ?? 0);
  }
  return CHECK_CHARACTERS[sum % 11] ?? '';
}

/** Appends the check character to 17 digits, e.g. for test cards. */
export function withCheckCharacter(first17: string): string {
  return first17 + idCheckCharacter(first17);
}

/** Outcome of an ID number check; `reason` is a plain English sentence. */
export type IdNumberCheck = { valid: true } | { valid: false; reason: string };

/**
 * Checks an 18-character number: 17 digits, a check character that matches
 * (X in upper case), and a real birth date at characters 7-14.
 */
export function checkIdNumber(id: string): IdNumberCheck {
  if (id.length !== 18)
    return { valid: false, reason: `ID number has ${id.length} characters, expected 18` };
  if (!/^\d{17}[\dX]$/u.test(id)) {
    return {
      valid: false,
      reason: 'ID number must be 17 digits followed by a digit or X',
    };
  }
  const expected = idCheckCharacter(id.slice(0, 17));
  if (id[17] !== expected) {
    return {
      valid: false,
      reason: `ID number check character is ${id[17]}, expected ${expected}`,
    };
  }
  if (!isRealDate(id.slice(6, 14))) {
    return { valid: false, reason: 'ID number contains an invalid birth date' };
  }
  return { valid: true };
}

/** True when `yyyymmdd` is a calendar date between 1850 and 2199. */
export function isRealDate(yyyymmdd: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/u.exec(yyyymmdd);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1850 || year > 2199) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}
