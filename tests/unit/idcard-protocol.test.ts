import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  SamFrameDecoder,
  SamFrameError,
  encodeFrame,
  encodeRequest,
  encodeResponse,
  xorChecksum,
  type DecodedItem,
} from '../../native/idcard/protocol.js';
import {
  SamStatusError,
  parseExtraAddress,
  parseFindCard,
  parseReadCard,
  parseResponse,
  parseSamId,
  parseSelectCard,
} from '../../native/idcard/responses.js';
import { knownStatuses, samStatus } from '../../native/idcard/status.js';

const bytes = (hex: string) => Buffer.from(hex.replaceAll(' ', ''), 'hex');
const FIND_REQUEST = bytes('AA AA AA 96 69 00 03 20 01 22');
const FIND_SUCCESS = bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const FIND_FAILURE = bytes('AA AA AA 96 69 00 04 00 00 80 84');

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function frames(items: DecodedItem[]): Buffer[] {
  return items.flatMap((item) => (item.kind === 'frame' ? [item.frame.body] : []));
}

function errors(items: DecodedItem[]): SamFrameError[] {
  return items.flatMap((item) => (item.kind === 'error' ? [item.error] : []));
}

describe('sam request encoding', () => {
  it('encodes find card byte for byte', () => {
    expect([...encodeRequest('findCard')]).toEqual([...FIND_REQUEST]);
  });

  it('encodes every command', () => {
    const expected: Record<keyof typeof COMMANDS, string> = {
      resetSam: 'AAAAAA9669 0003 10FF EC',
      samStatus: 'AAAAAA9669 0003 11FF ED',
      readSamId: 'AAAAAA9669 0003 12FF EE',
      findCard: 'AAAAAA9669 0003 2001 22',
      selectCard: 'AAAAAA9669 0003 2002 21',
      readText: 'AAAAAA9669 0003 3001 32',
      readExtraAddress: 'AAAAAA9669 0003 3003 30',
      readWithFingerprint: 'AAAAAA9669 0003 3010 23',
    };
    for (const [name, hex] of Object.entries(expected)) {
      expect(encodeRequest(name as keyof typeof COMMANDS).toString('hex'), name).toBe(
        bytes(hex).toString('hex'),
      );
    }
  });

  it('encodes request data', () => {
    const frame = encodeRequest('findCard', Buffer.from([0x50]));
    expect(frame.readUInt16BE(5)).toBe(4);
    expect(frame[9]).toBe(0x50);
    expect(frame[10]).toBe(0x00 ^ 0x04 ^ 0x20 ^ 0x01 ^ 0x50);
  });

  it('encodes the worked responses', () => {
    expect(encodeResponse(0x9f, Buffer.alloc(4)).toString('hex')).toBe(
      FIND_SUCCESS.toString('hex'),
    );
    expect(encodeResponse(0x80).toString('hex')).toBe(FIND_FAILURE.toString('hex'));
  });

  it('rejects a too short body', () => {
    expect(() => encodeFrame(Buffer.from([0x20]))).toThrow(RangeError);
  });

  it('xor checksum of worked frames', () => {
    expect(xorChecksum(FIND_REQUEST.subarray(5, -1))).toBe(0x22);
    expect(xorChecksum(FIND_SUCCESS.subarray(5, -1))).toBe(0x97);
    expect(xorChecksum(FIND_FAILURE.subarray(5, -1))).toBe(0x84);
  });
});

describe('sam frame decoder', () => {
  it('decodes a whole frame', () => {
    const items = new SamFrameDecoder().push(FIND_SUCCESS);
    expect(items).toHaveLength(1);
    expect(frames(items)[0]?.toString('hex')).toBe('00009f00000000');
  });

  it('decodes a reply split into single bytes', () => {
    const decoder = new SamFrameDecoder();
    const items: DecodedItem[] = [];
    for (const byte of FIND_SUCCESS) {
      items.push(...decoder.push(Buffer.from([byte])));
      if (items.length === 0)
        expect(decoder.bufferedBytes).toBeLessThanOrEqual(FIND_SUCCESS.length);
    }
    expect(frames(items).map((body) => body.toString('hex'))).toEqual(['00009f00000000']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('decodes several frames in one chunk', () => {
    const items = new SamFrameDecoder().push(
      Buffer.concat([FIND_FAILURE, FIND_SUCCESS, FIND_FAILURE]),
    );
    expect(frames(items).map((body) => body[2])).toEqual([0x80, 0x9f, 0x80]);
    expect(errors(items)).toHaveLength(0);
  });

  it('skips junk before a frame', () => {
    const decoder = new SamFrameDecoder();
    const items = decoder.push(Buffer.concat([bytes('01 02 FF 69 96'), FIND_FAILURE]));
    expect(frames(items)).toHaveLength(1);
    expect(errors(items)).toHaveLength(0);
    expect(decoder.skippedBytes).toBe(5);
  });

  it('resyncs on AA 00 AA AA 96 69', () => {
    const reply = Buffer.concat([bytes('AA 00'), FIND_SUCCESS]);
    const items = new SamFrameDecoder().push(reply);
    expect(frames(items).map((body) => body[2])).toEqual([0x9f]);
  });

  it('keeps a preamble split across chunks', () => {
    const decoder = new SamFrameDecoder();
    expect(decoder.push(bytes('00 11 AA AA'))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(2);
    const items = decoder.push(FIND_FAILURE.subarray(2));
    expect(frames(items)).toHaveLength(1);
  });

  it('reports a bad checksum and continues', () => {
    const bad = Buffer.from(FIND_SUCCESS);
    bad[bad.length - 1] = 0x00;
    const items = new SamFrameDecoder().push(Buffer.concat([bad, FIND_FAILURE]));
    const [error] = errors(items);
    expect(error).toBeInstanceOf(SamFrameError);
    expect(error?.code).toBe('BAD_CHECKSUM');
    expect(error?.field).toBe('checksum');
    expect(error?.message).toContain('0x97');
    expect(frames(items).map((body) => body[2])).toEqual([0x80]);
  });

  it('reports a bad length and continues', () => {
    const tooShort = bytes('AA AA AA 96 69 00 01 00');
    const tooLong = bytes('AA AA AA 96 69 FF FF 00');
    const items = new SamFrameDecoder().push(
      Buffer.concat([tooShort, tooLong, FIND_FAILURE]),
    );
    const found = errors(items);
    expect(found.map((error) => error.code)).toEqual(['BAD_LENGTH', 'BAD_LENGTH']);
    expect(found.every((error) => error.field === 'length')).toBe(true);
    expect(found[1]?.message).toContain('65535');
    expect(frames(items)).toHaveLength(1);
  });

  it('finds a frame hidden in a corrupt one', () => {
    // A header that claims 6 bytes, but a real frame starts inside it.
    const broken = Buffer.concat([bytes('AA AA AA 96 69 00 06 00'), FIND_FAILURE]);
    const items = new SamFrameDecoder().push(broken);
    expect(errors(items).map((error) => error.code)).toEqual(['BAD_CHECKSUM']);
    expect(frames(items).map((body) => body[2])).toEqual([0x80]);
  });

  it('waits for an incomplete frame', () => {
    const decoder = new SamFrameDecoder();
    expect(decoder.push(FIND_SUCCESS.subarray(0, 9))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(9);
    decoder.reset();
    expect(decoder.bufferedBytes).toBe(0);
    expect(frames(decoder.push(FIND_FAILURE))).toHaveLength(1);
  });

  it('bounds buffered bytes', () => {
    const decoder = new SamFrameDecoder({ maxLength: 100 });
    decoder.push(bytes('AA AA AA 96 69 00 64'));
    decoder.push(Buffer.alloc(90, 0x11));
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(107);
    decoder.push(Buffer.alloc(50_000, 0x33));
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(4);
  });
});

describe('sam responses', () => {
  const decode = (frame: Buffer) => {
    const [item] = new SamFrameDecoder().push(frame);
    if (item?.kind !== 'frame') throw new Error('no frame');
    return parseResponse(item.frame);
  };

  it('parses find success', () => {
    const result = parseFindCard(decode(FIND_SUCCESS));
    expect(result.present).toBe(true);
    expect(result.present && result.managementNumber.toString('hex')).toBe('00000000');
  });

  it('parses find failure', () => {
    const response = decode(FIND_FAILURE);
    expect(response.status.name).toBe('NO_CARD');
    expect(parseFindCard(response)).toEqual({ present: false });
  });

  it('rejects a short body', () => {
    const error = caught(() => parseResponse({ body: Buffer.from([0, 0]) }));
    expect(error).toBeInstanceOf(SamFrameError);
    expect((error as SamFrameError).field).toBe('body');
  });

  it('turns other statuses into typed errors', () => {
    const response = decode(encodeResponse(0x41));
    expect(() => parseFindCard(response)).toThrow(SamStatusError);
    const error = caught(() => parseSelectCard(decode(encodeResponse(0x81))));
    expect(error).toBeInstanceOf(SamStatusError);
    expect((error as SamStatusError).status.name).toBe('SELECT_FAILED');
    expect((error as SamStatusError).message).toBe(
      'selectCard failed: selecting the card failed (SW3 0x81)',
    );
  });

  it('parses select card', () => {
    const serial = bytes('0102030405060708');
    expect(
      parseSelectCard(decode(encodeResponse(0x90, serial))).serialNumber.toString('hex'),
    ).toBe('0102030405060708');
  });

  it('parses read text and photo', () => {
    const text = Buffer.alloc(256, 0x20);
    const photo = Buffer.alloc(1024, 0x77);
    const data = Buffer.concat([bytes('0100 0400'), text, photo]);
    const frame = encodeResponse(0x90, data);
    expect(frame.readUInt16BE(5)).toBe(0x0508);
    const blocks = parseReadCard(decode(frame), 'readText');
    expect(blocks.text.length).toBe(256);
    expect(blocks.photo.length).toBe(1024);
    expect(blocks.photo[0]).toBe(0x77);
    expect(blocks.fingerprint).toBeNull();
  });

  it('parses read with fingerprint', () => {
    const data = Buffer.concat([
      bytes('0100 0400 0400'),
      Buffer.alloc(256),
      Buffer.alloc(1024),
      Buffer.alloc(1024, 9),
    ]);
    const frame = encodeResponse(0x90, data);
    expect(frame.readUInt16BE(5)).toBe(0x090a);
    const blocks = parseReadCard(decode(frame), 'readWithFingerprint');
    expect(blocks.fingerprint?.length).toBe(1024);
    expect(blocks.fingerprint?.[0]).toBe(9);
  });

  it('parses an empty fingerprint', () => {
    const data = Buffer.concat([
      bytes('0100 0400 0000'),
      Buffer.alloc(256),
      Buffer.alloc(1024),
    ]);
    const frame = encodeResponse(0x90, data);
    expect(frame.readUInt16BE(5)).toBe(0x050a);
    expect(parseReadCard(decode(frame), 'readWithFingerprint').fingerprint).toBeNull();
  });

  it('accepts little-endian block lengths', () => {
    const data = Buffer.concat([
      bytes('0001 0004'),
      Buffer.alloc(256, 1),
      Buffer.alloc(1024, 2),
    ]);
    const blocks = parseReadCard(decode(encodeResponse(0x90, data)), 'readText');
    expect(blocks.text.length).toBe(256);
    expect(blocks.photo.length).toBe(1024);
  });

  it('rejects lengths that do not add up', () => {
    const data = Buffer.concat([bytes('0100 0400'), Buffer.alloc(100)]);
    expect(() => parseReadCard(decode(encodeResponse(0x90, data)), 'readText')).toThrow(
      /do not add up/u,
    );
  });

  it('parses the extra address', () => {
    const address = Buffer.from('宜川县新址路2号'.padEnd(35, ' '), 'utf16le');
    expect(parseExtraAddress(decode(encodeResponse(0x90, address)))).toBe(
      '宜川县新址路2号',
    );
    expect(parseExtraAddress(decode(encodeResponse(0x91)))).toBeNull();
  });

  it('formats the sam id', () => {
    const id = bytes('05000100 01000000 15CD5B07 40E20100');
    expect(parseSamId(decode(encodeResponse(0x90, id)))).toBe(
      '05.01-1-123456789-000123456',
    );
  });
});

describe('sam status table', () => {
  it('names the documented codes', () => {
    const names = Object.fromEntries(
      knownStatuses().map((status) => [status.code, status.name]),
    );
    expect(names[0x90]).toBe('OK');
    expect(names[0x9f]).toBe('CARD_FOUND');
    expect(names[0x80]).toBe('NO_CARD');
    expect(names[0x81]).toBe('SELECT_FAILED');
    expect(names[0x10]).toBe('RECEIVE_CHECKSUM_ERROR');
    expect(names[0x41]).toBe('READ_FAILED');
    expect(names[0x91]).toBe('NO_CONTENT');
    expect(knownStatuses()).toHaveLength(18);
  });

  it('describes an unknown code', () => {
    const status = samStatus(0x5a);
    expect(status.name).toBe('UNKNOWN_STATUS');
    expect(status.description).toContain('0x5A');
  });
});
