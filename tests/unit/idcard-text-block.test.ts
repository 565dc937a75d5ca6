import { describe, expect, it } from 'vitest';
import { allEthnicities, ethnicityByCode } from '../../native/idcard/ethnicity.js';
import { TEST_CITIZEN } from '../../native/idcard/test-citizen.js';
import { encodeTextBlock } from '../../native/idcard/text-block-encoder.js';
import {
  TextBlockError,
  parseTextBlock,
  type CardText,
  type ForeignPermanent2017Text,
  type ForeignPermanent2023Text,
  type ResidencePermitText,
} from '../../native/idcard/text-block.js';
import { withCheckCharacter } from '../../native/idcard/id-number.js';

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Writes UCS-2 text into a block at a byte offset, for hand-made blocks. */
function write(block: Buffer, offset: number, text: string): void {
  Buffer.from(text, 'utf16le').copy(block, offset);
}

const PERMIT: ResidencePermitText = {
  cardType: 'hkMacauTaiwanPermit',
  name: '陈大文',
  gender: 'male',
  birthDate: '1990-01-02',
  address: '',
  idNumber: withCheckCharacter('81000019900102001'),
  issuingAuthority: '深圳市公安局',
  validity: { from: '2020-05-01', to: '2025-05-01' },
  passNumber: 'H12345678',
  issueCount: 2,
};

const FOREIGN_2017: ForeignPermanent2017Text = {
  cardType: 'foreignPermanent2017',
  name: '安娜',
  englishName: 'SMITH, ANNA MARIE',
  gender: 'female',
  birthDate: '1985-07-20',
  idNumber: 'USA110085072001',
  nationality: 'USA',
  validity: { from: '2017-06-15', to: '2027-06-15' },
  cardVersion: '01',
  authorityCode: '1500',
};

const FOREIGN_2023: ForeignPermanent2023Text = {
  cardType: 'foreignPermanent2023',
  name: '彼得',
  englishName: 'VAN DER BERG, PIETER JOHANNES MAXIMILIAN',
  gender: 'male',
  renewalCount: 1,
  birthDate: '1979-11-30',
  idNumber: withCheckCharacter('93661019791130001'),
  nationality: 'NLD',
  validity: { from: '2023-12-01', to: '2033-12-01' },
  previousNumberLink: '0102030405AB',
};

describe('text block parser', () => {
  it('parses a resident card', () => {
    const card = parseTextBlock(encodeTextBlock(TEST_CITIZEN));
    expect(card).toEqual(TEST_CITIZEN);
  });

  it('parses resident fields by offset', () => {
    // Built by hand, not by the encoder, so that offsets are checked too.
    const block = Buffer.from(' '.repeat(128), 'utf16le');
    write(block, 0, '李四');
    write(block, 30, '2');
    write(block, 32, '03');
    write(block, 36, '19700102');
    write(block, 52, '陕西省宜川县');
    write(block, 122, withCheckCharacter('61063019700102002'));
    write(block, 158, '宜川县公安局');
    write(block, 188, '20100101');
    write(block, 204, '20300101');
    const card = parseTextBlock(block);
    expect(card.cardType).toBe('resident');
    expect(card.name).toBe('李四');
    expect(card.gender).toBe('female');
    expect(card.cardType === 'resident' && card.ethnicity).toEqual({
      code: '03',
      name: '回族',
    });
    expect(card.birthDate).toBe('1970-01-02');
    expect(card.cardType === 'resident' && card.address).toBe('陕西省宜川县');
    expect(card.idNumber).toBe('610630197001020027');
    expect(card.validity).toEqual({ from: '2010-01-01', to: '2030-01-01' });
  });

  it('parses long-term validity', () => {
    const card = parseTextBlock(encodeTextBlock(TEST_CITIZEN));
    expect(card.validity.to).toBe('long-term');
  });

  it('parses a residence permit', () => {
    const block = encodeTextBlock(PERMIT);
    expect(block.subarray(248, 250).toString('utf16le')).toBe('J');
    expect(parseTextBlock(block)).toEqual(PERMIT);
  });

  it('parses a 2017 foreign card', () => {
    const block = encodeTextBlock(FOREIGN_2017);
    expect(block.subarray(248, 250).toString('utf16le')).toBe('I');
    expect(block.subarray(122, 152).toString('utf16le')).toBe('USA110085072001');
    expect(parseTextBlock(block)).toEqual(FOREIGN_2017);
  });

  it('parses a 2023 foreign card', () => {
    const block = encodeTextBlock(FOREIGN_2023);
    expect(block.subarray(248, 250).toString('utf16le')).toBe('Y');
    // The English name is longer than 35 characters, so it spans both parts.
    expect(block.subarray(220, 242).toString('utf16le').trim()).toBe('ILIAN');
    expect(parseTextBlock(block)).toEqual(FOREIGN_2023);
  });

  it('rejects a bad check character', () => {
    const block = encodeTextBlock({ ...TEST_CITIZEN, idNumber: '610630196804051230' });
    const error = caught(() => parseTextBlock(block));
    expect(error).toBeInstanceOf(TextBlockError);
    expect((error as TextBlockError).code).toBe('INVALID_ID_NUMBER');
    expect((error as TextBlockError).field).toBe('idNumber');
    expect((error as TextBlockError).message).toBe(
      'ID number check character is 0, expected 6',
    );
  });

  it('rejects a birth date mismatch', () => {
    const block = encodeTextBlock({ ...TEST_CITIZEN, birthDate: '1968-04-06' });
    const error = caught(() => parseTextBlock(block)) as TextBlockError;
    expect(error.code).toBe('INVALID_ID_NUMBER');
    expect(error.message).toContain('differs');
  });

  it('rejects a wrong size', () => {
    const error = caught(() => parseTextBlock(Buffer.alloc(255))) as TextBlockError;
    expect(error.code).toBe('BAD_SIZE');
    expect(error.message).toContain('255');
  });

  it('rejects an unknown card flag', () => {
    const block = encodeTextBlock(TEST_CITIZEN);
    write(block, 248, 'Q');
    const error = caught(() => parseTextBlock(block)) as TextBlockError;
    expect(error.code).toBe('UNKNOWN_CARD_TYPE');
    expect(error.message).toContain('U+0051');
  });

  it('rejects an invalid date', () => {
    const block = encodeTextBlock(TEST_CITIZEN);
    write(block, 188, '20160230');
    const error = caught(() => parseTextBlock(block)) as TextBlockError;
    expect(error.code).toBe('INVALID_DATE');
    expect(error.field).toBe('validFrom');
  });

  it('rejects an invalid gender', () => {
    const block = encodeTextBlock(TEST_CITIZEN);
    write(block, 30, '5');
    expect((caught(() => parseTextBlock(block)) as TextBlockError).field).toBe('gender');
  });

  it('rejects a bad 2017 number', () => {
    const block = encodeTextBlock({ ...FOREIGN_2017, idNumber: 'US1100850720012' });
    expect((caught(() => parseTextBlock(block)) as TextBlockError).code).toBe(
      'INVALID_ID_NUMBER',
    );
  });

  it('strips control characters', () => {
    const block = encodeTextBlock({ ...TEST_CITIZEN, name: '张\u001b@三\u0007丰\u007f' });
    expect(parseTextBlock(block).name).toBe('张@三丰');
  });

  it('drops unpaired surrogates', () => {
    const block = encodeTextBlock(TEST_CITIZEN);
    block.writeUInt16LE(0xd800, 2);
    expect(parseTextBlock(block).name).toBe('张丰');
  });

  it('keeps an unknown ethnicity code', () => {
    const block = encodeTextBlock(TEST_CITIZEN);
    write(block, 32, '77');
    const card = parseTextBlock(block);
    expect(card.cardType === 'resident' && card.ethnicity).toEqual({
      code: '77',
      name: null,
    });
  });

  it('round-trips every card type', () => {
    const cards: CardText[] = [TEST_CITIZEN, PERMIT, FOREIGN_2017, FOREIGN_2023];
    for (const card of cards)
      expect(parseTextBlock(encodeTextBlock(card)), card.cardType).toEqual(card);
  });
});

describe('ethnicity table', () => {
  it('has 56 groups plus 97 and 98', () => {
    const all = allEthnicities();
    expect(all).toHaveLength(58);
    expect(all.map((entry) => entry.code)).toEqual([
      ...Array.from({ length: 56 }, (_, index) => String(index + 1).padStart(2, '0')),
      '97',
      '98',
    ]);
  });

  it('looks up by code', () => {
    expect(ethnicityByCode('01')?.name).toBe('汉族');
    expect(ethnicityByCode('56')?.name).toBe('基诺族');
    expect(ethnicityByCode('98')?.name).toBe('外国血统中国籍人士');
    expect(ethnicityByCode('57')).toBeUndefined();
  });
});
