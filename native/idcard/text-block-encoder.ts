// Builds 256-byte text blocks from card data: the reverse of parseTextBlock,
// for the simulator and tests. Real readers only ever send these blocks.
import {
  CARD_TYPE_OFFSET,
  TEXT_BLOCK_LAYOUTS,
  TEXT_BLOCK_SIZE,
  type CardText,
  type Gender,
  type Validity,
} from './text-block.js';

const GENDER_CODES: Record<Gender, string> = {
  unknown: '0',
  male: '1',
  female: '2',
  unspecified: '9',
};

/** Writes `text` at a field, space padded and cut to the field's size. */
function put(block: Buffer, at: { offset: number; size: number }, text: string): void {
  const bytes = Buffer.from(
    text.padEnd(at.size / 2, ' ').slice(0, at.size / 2),
    'utf16le',
  );
  bytes.copy(block, at.offset, 0, at.size);
}

const compact = (date: string) => date.replaceAll('-', '');

function putValidity(
  block: Buffer,
  from: { offset: number; size: number },
  to: { offset: number; size: number },
  validity: Validity,
): void {
  put(block, from, compact(validity.from));
  put(block, to, validity.to === 'long-term' ? '长期' : compact(validity.to));
}

/** Encodes card data as a text block; fields too long for their slot are cut. */
export function encodeTextBlock(card: CardText): Buffer {
  const block = Buffer.from(' '.repeat(TEXT_BLOCK_SIZE / 2), 'utf16le');
  const resident = TEXT_BLOCK_LAYOUTS.resident;
  const flag = { offset: CARD_TYPE_OFFSET, size: 2 };

  switch (card.cardType) {
    case 'resident':
    case 'hkMacauTaiwanPermit':
      put(block, resident.name, card.name);
      put(block, resident.gender, GENDER_CODES[card.gender]);
      put(block, resident.birthDate, compact(card.birthDate));
      put(block, resident.address, card.address);
      put(block, resident.idNumber, card.idNumber);
      put(block, resident.issuingAuthority, card.issuingAuthority);
      putValidity(block, resident.validFrom, resident.validTo, card.validity);
      if (card.cardType === 'resident') {
        put(block, resident.ethnicity, card.ethnicity.code);
      } else {
        put(block, resident.passNumber, card.passNumber);
        put(
          block,
          resident.issueCount,
          card.issueCount === null ? '' : String(card.issueCount).padStart(2, '0'),
        );
        put(block, flag, 'J');
      }
      break;
    case 'foreignPermanent2017': {
      const layout = TEXT_BLOCK_LAYOUTS.foreign2017;
      put(block, layout.englishName, card.englishName);
      put(block, layout.gender, GENDER_CODES[card.gender]);
      put(block, layout.idNumber, card.idNumber);
      put(block, layout.nationality, card.nationality);
      put(block, layout.name, card.name);
      putValidity(block, layout.validFrom, layout.validTo, card.validity);
      put(block, layout.birthDate, compact(card.birthDate));
      put(block, layout.cardVersion, card.cardVersion);
      put(block, layout.authorityCode, card.authorityCode);
      put(block, flag, 'I');
      break;
    }
    case 'foreignPermanent2023': {
      const layout = TEXT_BLOCK_LAYOUTS.foreign2023;
      const firstPartChars = layout.englishName1.size / 2;
      put(block, layout.name, card.name);
      put(block, layout.gender, GENDER_CODES[card.gender]);
      put(
        block,
        layout.renewalCount,
        card.renewalCount === null ? '' : String(card.renewalCount).padStart(2, '0'),
      );
      put(block, layout.birthDate, compact(card.birthDate));
      put(block, layout.englishName1, card.englishName.slice(0, firstPartChars));
      put(block, layout.idNumber, card.idNumber);
      putValidity(block, layout.validFrom, layout.validTo, card.validity);
      put(block, layout.englishName2, card.englishName.slice(firstPartChars));
      put(block, layout.nationality, card.nationality);
      put(block, flag, 'Y');
      Buffer.from(card.previousNumberLink.padEnd(12, '0').slice(0, 12), 'hex').copy(
        block,
        layout.previousNumberLink.offset,
      );
      break;
    }
  }
  return block;
}
