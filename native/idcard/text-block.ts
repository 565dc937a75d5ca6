// Parser of the 256-byte text block of a card read (30 01): UCS-2
// little-endian text, space padded. The character at byte 248 gives the card
// type. The resident and HK/Macau/Taiwan layouts match Johann356/readinfo
// (PCSCGetData.h) and hevz/hev-idcard-reader; the 2017 foreign permanent
// resident layout matches a public Android reader (analysisGreenCard).
import { ethnicityByCode } from './ethnicity.js';
import { checkIdNumber, isRealDate } from './id-number.js';

export const TEXT_BLOCK_SIZE = 256;
/** Byte offset of the card type flag. */
export const CARD_TYPE_OFFSET = 248;

export type CardType =
  'resident' | 'hkMacauTaiwanPermit' | 'foreignPermanent2017' | 'foreignPermanent2023';

/** Gender code of GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 not stated. */
export type Gender = 'unknown' | 'male' | 'female' | 'unspecified';

/** Card validity. Dates are YYYY-MM-DD. */
export interface Validity {
  from: string;
  /** YYYY-MM-DD, or the string 'long-term' for 长期. */
  to: string;
}

interface CardTextBase {
  cardType: CardType;
  /** Chinese name; may be empty on a foreign permanent resident card. */
  name: string;
  gender: Gender;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** Citizen ID number, residence permit number or permanent resident number. */
  idNumber: string;
  validity: Validity;
}

export interface ResidentCardText extends CardTextBase {
  cardType: 'resident';
  /** GB/T 3304 code and name; `name` is null for a code outside the table. */
  ethnicity: { code: string; name: string | null };
  address: string;
  issuingAuthority: string;
}

export interface ResidencePermitText extends CardTextBase {
  cardType: 'hkMacauTaiwanPermit';
  address: string;
  issuingAuthority: string;
  /** Number of the HK/Macau or Taiwan travel pass. */
  passNumber: string;
  /** Times the permit was issued, or null when the field is blank. */
  issueCount: number | null;
}

export interface ForeignPermanent2017Text extends CardTextBase {
  cardType: 'foreignPermanent2017';
  englishName: string;
  /** GB/T 2659 alpha-3 code, e.g. USA. */
  nationality: string;
  cardVersion: string;
  /** Code of the issuing authority. */
  authorityCode: string;
}

export interface ForeignPermanent2023Text extends CardTextBase {
  cardType: 'foreignPermanent2023';
  englishName: string;
  nationality: string;
  /** Renewal count, or null when blank. */
  renewalCount: number | null;
  /** The 6 raw bytes that link to the old 15-character number, as hex. */
  previousNumberLink: string;
}

export type CardText =
  | ResidentCardText
  | ResidencePermitText
  | ForeignPermanent2017Text
  | ForeignPermanent2023Text;

/** Stable codes of {@link TextBlockError}. */
export type TextBlockErrorCode =
  | 'BAD_SIZE'
  | 'UNKNOWN_CARD_TYPE'
  | 'INVALID_DATE'
  | 'INVALID_ID_NUMBER'
  | 'INVALID_FIELD';

/** The text block cannot be trusted; `field` names the field that failed. */
export class TextBlockError extends Error {
  override readonly name = 'TextBlockError';

  constructor(
    readonly code: TextBlockErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Byte offset and size of one text field. */
interface Field {
  name: string;
  offset: number;
  size: number;
}

const field = (name: string, offset: number, size: number): Field => ({
  name,
  offset,
  size,
});

/** Resident ID card layout; the HK/Macau/Taiwan permit shares bytes 0-219. */
const RESIDENT = {
  name: field('name', 0, 30),
  gender: field('gender', 30, 2),
  ethnicity: field('ethnicity', 32, 4),
  birthDate: field('birthDate', 36, 16),
  address: field('address', 52, 70),
  idNumber: field('idNumber', 122, 36),
  issuingAuthority: field('issuingAuthority', 158, 30),
  validFrom: field('validFrom', 188, 16),
  validTo: field('validTo', 204, 16),
  passNumber: field('passNumber', 220, 18),
  issueCount: field('issueCount', 238, 4),
};

const FOREIGN_2017 = {
  englishName: field('englishName', 0, 120),
  gender: field('gender', 120, 2),
  idNumber: field('idNumber', 122, 30),
  nationality: field('nationality', 152, 6),
  name: field('name', 158, 30),
  validFrom: field('validFrom', 188, 16),
  validTo: field('validTo', 204, 16),
  birthDate: field('birthDate', 220, 16),
  cardVersion: field('cardVersion', 236, 4),
  authorityCode: field('authorityCode', 240, 8),
};

// NOTE: the 2023 layout follows public descriptions of GA 467 readers; no
// source code for it was checked.
const FOREIGN_2023 = {
  name: field('name', 0, 30),
  gender: field('gender', 30, 2),
  renewalCount: field('renewalCount', 32, 4),
  birthDate: field('birthDate', 36, 16),
  englishName1: field('englishName', 52, 70),
  idNumber: field('idNumber', 122, 36),
  validFrom: field('validFrom', 188, 16),
  validTo: field('validTo', 204, 16),
  englishName2: field('englishName', 220, 22),
  nationality: field('nationality', 242, 6),
  previousNumberLink: field('previousNumberLink', 250, 6),
};

export const TEXT_BLOCK_LAYOUTS = {
  resident: RESIDENT,
  foreign2017: FOREIGN_2017,
  foreign2023: FOREIGN_2023,
};

/**
 * Parses a 256-byte text block. Throws TextBlockError, and nothing else, for
 * a wrong size, an unknown card type flag, an invalid date, or an ID number
 * whose check character or birth date is wrong. Control characters are
 * removed from every field, so card text is safe to print or display.
 */
export function parseTextBlock(block: Uint8Array): CardText {
  if (block.length !== TEXT_BLOCK_SIZE) {
    throw new TextBlockError(
      'BAD_SIZE',
      'block',
      `Text block has ${block.length} bytes, expected ${TEXT_BLOCK_SIZE}`,
    );
  }
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const flag = readText(bytes, field('cardType', CARD_TYPE_OFFSET, 2));
  switch (flag) {
    case '':
      return parseResident(bytes);
    case 'J':
      return parsePermit(bytes);
    case 'I':
      return parseForeign2017(bytes);
    case 'Y':
      return parseForeign2023(bytes);
    default:
      throw new TextBlockError(
        'UNKNOWN_CARD_TYPE',
        'cardType',
        `Unknown card type flag U+${flag.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')} at byte ${CARD_TYPE_OFFSET}`,
      );
  }
}

function parseResident(bytes: Buffer): ResidentCardText {
  const birthDate = readDate(bytes, RESIDENT.birthDate);
  const idNumber = readText(bytes, RESIDENT.idNumber);
  checkCitizenNumber(idNumber, birthDate);
  const ethnicityCode = readText(bytes, RESIDENT.ethnicity);
  return {
    cardType: 'resident',
    name: readText(bytes, RESIDENT.name),
    gender: readGender(bytes, RESIDENT.gender),
    ethnicity: {
      code: ethnicityCode,
      name: ethnicityByCode(ethnicityCode)?.name ?? null,
    },
    birthDate,
    address: readText(bytes, RESIDENT.address),
    idNumber,
    issuingAuthority: readText(bytes, RESIDENT.issuingAuthority),
    validity: readValidity(bytes, RESIDENT.validFrom, RESIDENT.validTo),
  };
}

function parsePermit(bytes: Buffer): ResidencePermitText {
  const birthDate = readDate(bytes, RESIDENT.birthDate);
  const idNumber = readText(bytes, RESIDENT.idNumber);
  checkCitizenNumber(idNumber, birthDate);
  return {
    cardType: 'hkMacauTaiwanPermit',
    name: readText(bytes, RESIDENT.name),
    gender: readGender(bytes, RESIDENT.gender),
    birthDate,
    address: readText(bytes, RESIDENT.address),
    idNumber,
    issuingAuthority: readText(bytes, RESIDENT.issuingAuthority),
    validity: readValidity(bytes, RESIDENT.validFrom, RESIDENT.validTo),
    passNumber: readText(bytes, RESIDENT.passNumber),
    issueCount: readCount(bytes, RESIDENT.issueCount),
  };
}

function parseForeign2017(bytes: Buffer): ForeignPermanent2017Text {
  const idNumber = readText(bytes, FOREIGN_2017.idNumber);
  // The 2017 number is 3 letters (nationality) and 12 digits; its check
  // digit algorithm is not public, so only the format is checked.
  if (!/^[A-Z]{3}\d{12}$/u.test(idNumber)) {
    throw new TextBlockError(
      'INVALID_ID_NUMBER',
      'idNumber',
      'Permanent resident number must be 3 capital letters followed by 12 digits',
    );
  }
  return {
    cardType: 'foreignPermanent2017',
    name: readText(bytes, FOREIGN_2017.name),
    englishName: readText(bytes, FOREIGN_2017.englishName),
    gender: readGender(bytes, FOREIGN_2017.gender),
    birthDate: readDate(bytes, FOREIGN_2017.birthDate),
    idNumber,
    nationality: readText(bytes, FOREIGN_2017.nationality),
    validity: readValidity(bytes, FOREIGN_2017.validFrom, FOREIGN_2017.validTo),
    cardVersion: readText(bytes, FOREIGN_2017.cardVersion),
    authorityCode: readText(bytes, FOREIGN_2017.authorityCode),
  };
}

function parseForeign2023(bytes: Buffer): ForeignPermanent2023Text {
  const birthDate = readDate(bytes, FOREIGN_2023.birthDate);
  const idNumber = readText(bytes, FOREIGN_2023.idNumber);
  // NOTE: the 2023 number is taken to use the citizen ID check character,
  // as its 18-character layout suggests; no source read here confirms it.
  if (!idNumber.startsWith('9')) {
    throw new TextBlockError(
      'INVALID_ID_NUMBER',
      'idNumber',
      'Permanent resident ID number (2023) must start with 9',
    );
  }
  checkCitizenNumber(idNumber, birthDate);
  const link = bytes.subarray(
    FOREIGN_2023.previousNumberLink.offset,
    FOREIGN_2023.previousNumberLink.offset + 6,
  );
  return {
    cardType: 'foreignPermanent2023',
    name: readText(bytes, FOREIGN_2023.name),
    englishName: (
      readRaw(bytes, FOREIGN_2023.englishName1) +
      readRaw(bytes, FOREIGN_2023.englishName2)
    ).trim(),
    gender: readGender(bytes, FOREIGN_2023.gender),
    renewalCount: readCount(bytes, FOREIGN_2023.renewalCount),
    birthDate,
    idNumber,
    nationality: readText(bytes, FOREIGN_2023.nationality),
    validity: readValidity(bytes, FOREIGN_2023.validFrom, FOREIGN_2023.validTo),
    previousNumberLink: link.toString('hex').toUpperCase(),
  };
}

function checkCitizenNumber(idNumber: string, birthDate: string): void {
  const check = checkIdNumber(idNumber);
  if (!check.valid)
    throw new TextBlockError('INVALID_ID_NUMBER', 'idNumber', check.reason);
  if (idNumber.slice(6, 14) !== birthDate.replaceAll('-', '')) {
    throw new TextBlockError(
      'INVALID_ID_NUMBER',
      'idNumber',
      'Birth date in the ID number differs from the birth date field',
    );
  }
}

/**
 * Decodes a field without trimming: control characters, U+007F and unpaired
 * surrogates are removed, because card text may reach a printer or a page.
 */
function readRaw(bytes: Buffer, at: Field): string {
  const text = bytes.subarray(at.offset, at.offset + at.size).toString('utf16le');
  return text.replace(
    /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu,
    '',
  );
}

function readText(bytes: Buffer, at: Field): string {
  return readRaw(bytes, at).trim();
}

function readDate(bytes: Buffer, at: Field): string {
  const value = readText(bytes, at);
  if (!isRealDate(value)) {
    throw new TextBlockError(
      'INVALID_DATE',
      at.name,
      `Field ${at.name} is not a valid YYYYMMDD date`,
    );
  }
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

function readValidity(bytes: Buffer, from: Field, to: Field): Validity {
  const end = readText(bytes, to);
  return {
    from: readDate(bytes, from),
    to: end === '长期' ? 'long-term' : readDate(bytes, to),
  };
}

function readGender(bytes: Buffer, at: Field): Gender {
  const code = readText(bytes, at);
  switch (code) {
    case '0':
      return 'unknown';
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '9':
      return 'unspecified';
    default:
      throw new TextBlockError(
        'INVALID_FIELD',
        at.name,
        'Gender code must be 0, 1, 2 or 9',
      );
  }
}

function readCount(bytes: Buffer, at: Field): number | null {
  const value = readText(bytes, at);
  if (value === '') return null;
  if (!/^\d+$/u.test(value)) {
    throw new TextBlockError('INVALID_FIELD', at.name, `Field ${at.name} must be digits`);
  }
  return Number(value);
}
