import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  EscPosEncoder,
  QR_MODEL2_BYTE_CAPACITY,
  QrPayloadTooLongError,
  statusRequest,
} from '../../native/escpos/index.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?=.)/g, '$1 ');
}

describe('EscPosEncoder', () => {
  it('init is ESC @', () => {
    expect(hex(new EscPosEncoder().init().bytes())).toBe('1b 40');
  });

  it('Chinese mode on and off', () => {
    expect(hex(new EscPosEncoder().chineseMode(true).bytes())).toBe('1c 26');
    expect(hex(new EscPosEncoder().chineseMode(false).bytes())).toBe('1c 2e');
  });

  it('GB18030 line has the GB2312 codes', () => {
    // 宜 D2CB, 川 B4A8, 县 CFD8 in GB2312 (and so in GBK and GB18030).
    const bytes = new EscPosEncoder({ encoding: 'gb18030' }).line('宜川县 A1').bytes();
    expect(hex(bytes)).toBe('d2 cb b4 a8 cf d8 20 41 31 0a');
  });

  it('GB18030 writes a 4-byte code', () => {
    // GB18030 maps U+10000 + i to 90+i/12600, 30+i/1260%10, 81+i/10%126, 30+i%10.
    // For 𠮷 U+20BB7, i = 68535: 95 34 B2 35.
    expect(hex(new EscPosEncoder({ encoding: 'gb18030' }).text('𠮷').bytes())).toBe(
      '95 34 b2 35',
    );
  });

  it('alignment, bold, size and feed', () => {
    const bytes = new EscPosEncoder()
      .align('center')
      .bold(true)
      .size(2, 2)
      .size(1, 1)
      .size(8, 3)
      .bold(false)
      .align('right')
      .feed(3)
      .lineFeed()
      .bytes();
    expect(hex(bytes)).toBe(
      '1b 61 01 1b 45 01 1d 21 11 1d 21 00 1d 21 72 1b 45 00 1b 61 02 1b 64 03 0a',
    );
  });

  it('rejects sizes and feeds out of range', () => {
    const encoder = new EscPosEncoder();
    expect(() => encoder.size(9, 1)).toThrow(
      /size width must be an integer from 1 to 8, got 9/,
    );
    expect(() => encoder.size(1, 0)).toThrow(/size height/);
    expect(() => encoder.feed(256)).toThrow(/feed lines/);
    expect(() => encoder.feed(1.5)).toThrow(/feed lines/);
    expect(encoder.bytes().length).toBe(0);
  });

  it('QR command counts payload bytes', () => {
    // 宜 E5 AE 9C, 川 E5 B7 9D, then " job": 10 UTF-8 bytes for 6 characters.
    const bytes = new EscPosEncoder()
      .qrCode('宜川 job', { moduleSize: 5, errorCorrection: 'Q' })
      .bytes();
    expect(hex(bytes)).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00', // model 2
        '1d 28 6b 03 00 31 43 05', // module size 5
        '1d 28 6b 03 00 31 45 32', // error correction Q
        '1d 28 6b 0d 00 31 50 30 e5 ae 9c e5 b7 9d 20 6a 6f 62', // store, pL = 10 + 3
        '1d 28 6b 03 00 31 51 30', // print
      ].join(' '),
    );
  });

  it('QR store length uses pH above 255 bytes', () => {
    const bytes = new EscPosEncoder().qrCode('a'.repeat(300)).bytes();
    const store = Buffer.from(bytes).indexOf(
      Buffer.from([0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30]),
    );
    expect(store).toBeGreaterThan(0);
  });

  it('QR payload limit is in bytes', () => {
    const limit = QR_MODEL2_BYTE_CAPACITY.M;
    expect(() => new EscPosEncoder().qrCode('a'.repeat(limit))).not.toThrow();
    expect(() => new EscPosEncoder().qrCode('a'.repeat(limit + 1))).toThrow(
      QrPayloadTooLongError,
    );
    // 778 Chinese characters are 2334 UTF-8 bytes: over the limit of 2331.
    const chinese = '岗'.repeat(778);
    expect(() => new EscPosEncoder().qrCode(chinese)).toThrow(
      /2334 bytes, more than the 2331 bytes/,
    );
    expect(() =>
      new EscPosEncoder().qrCode(chinese, { errorCorrection: 'L' }),
    ).not.toThrow();
  });

  it('QR capacity matches the qrcode package', () => {
    for (const level of ['L', 'M', 'Q', 'H'] as const) {
      const limit = QR_MODEL2_BYTE_CAPACITY[level];
      const fits = QRCode.create([{ data: new Uint8Array(limit), mode: 'byte' }], {
        errorCorrectionLevel: level,
      });
      expect(fits.version).toBe(40);
      const tooLong = [{ data: new Uint8Array(limit + 1), mode: 'byte' as const }];
      expect(() => QRCode.create(tooLong, { errorCorrectionLevel: level })).toThrow();
    }
  });

  it('rejects empty QR and bad module size', () => {
    expect(() => new EscPosEncoder().qrCode('')).toThrow(/QR payload is empty/);
    expect(() => new EscPosEncoder().qrCode('\u0000\u001b')).toThrow(
      /QR payload is empty/,
    );
    expect(() => new EscPosEncoder().qrCode('x', { moduleSize: 17 })).toThrow(
      /QR module size/,
    );
  });

  it('QR payload loses control characters', () => {
    const bytes = new EscPosEncoder().qrCode('a\u001bb\u0010c').bytes();
    expect(
      Buffer.from(bytes).includes(
        Buffer.from([0x1d, 0x28, 0x6b, 0x06, 0x00, 0x31, 0x50, 0x30, 0x61, 0x62, 0x63]),
      ),
    ).toBe(true);
  });

  it('cut partial and full with feed', () => {
    expect(hex(new EscPosEncoder().cut().bytes())).toBe('1d 56 42 00');
    expect(hex(new EscPosEncoder().cut('partial', 0).bytes())).toBe('1d 56 42 00');
    expect(hex(new EscPosEncoder().cut('full', 3).bytes())).toBe('1d 56 41 03');
    expect(() => new EscPosEncoder().cut('full', 300)).toThrow(/cut feed units/);
  });

  it('status requests are DLE EOT 1 to 4', () => {
    expect(hex(statusRequest(1))).toBe('10 04 01');
    expect(hex(statusRequest(2))).toBe('10 04 02');
    expect(hex(statusRequest(3))).toBe('10 04 03');
    expect(hex(statusRequest(4))).toBe('10 04 04');
    expect(hex(new EscPosEncoder().statusRequest(4).bytes())).toBe('10 04 04');
    expect(() => statusRequest(5 as 1)).toThrow(
      /status request must be an integer from 1 to 4/,
    );
  });

  it('automatic status back keeps defined bits', () => {
    expect(hex(new EscPosEncoder().autoStatusBack(0xff).bytes())).toBe('1d 61 4f');
    expect(hex(new EscPosEncoder().autoStatusBack(0).bytes())).toBe('1d 61 00');
  });

  it('text with line breaks sends LF', () => {
    const bytes = new EscPosEncoder().textWithLineBreaks('a\r\nb\rc').bytes();
    expect(hex(bytes)).toBe('61 0a 62 0a 63');
    expect(hex(new EscPosEncoder().text('a\nb').bytes())).toBe('61 20 62');
  });
});
