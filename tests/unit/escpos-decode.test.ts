import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EscPosEncoder,
  StatusStreamParser,
  commandKinds,
  decodeEscPos,
  renderJobSlip,
} from '../../native/escpos/index.js';

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

describe('decodeEscPos', () => {
  it('reads text in GB18030 and GBK', () => {
    const encoded = new EscPosEncoder({ encoding: 'gb18030' })
      .chineseMode(true)
      .line('宜川𠮷')
      .bytes();
    const document = decodeEscPos(encoded);
    expect(document.lines).toHaveLength(1);
    expect(document.lines[0]?.text).toBe('宜川𠮷');
    expect(document.lines[0]?.complete).toBe(true);
    expect(
      decodeEscPos(bytes(0xd2, 0xcb, 0x0a), { encoding: 'gbk' }).lines[0]?.text,
    ).toBe('宜');
  });

  it('tracks alignment and styles', () => {
    const encoded = new EscPosEncoder()
      .align('right')
      .bold(true)
      .text('A')
      .bold(false)
      .line('B')
      .bytes();
    const [line] = decodeEscPos(encoded).lines;
    expect(line?.alignment).toBe('right');
    expect(line?.segments.map((segment) => [segment.text, segment.bold])).toEqual([
      ['A', true],
      ['B', false],
    ]);
  });

  it('ESC ! sets bold and double size', () => {
    const [line] = decodeEscPos(bytes(0x1b, 0x21, 0x38, 0x41, 0x0a)).lines;
    expect(line?.segments[0]).toMatchObject({ bold: true, width: 2, height: 2 });
  });

  it('cut variants', () => {
    const document = decodeEscPos(
      bytes(
        0x1d,
        0x56,
        0x00,
        0x1d,
        0x56,
        0x31,
        0x1d,
        0x56,
        0x41,
        0x05,
        0x1d,
        0x56,
        0x42,
        0x00,
      ),
    );
    expect(document.cuts).toEqual(['full', 'partial', 'full', 'partial']);
    const feeds = document.items.map((item) =>
      item.kind === 'cut' ? item.feedUnits : -1,
    );
    expect(feeds).toEqual([0, 0, 5, 0]);
  });

  it('QR printed only after print function', () => {
    const stored = new EscPosEncoder().qrCode('hello').bytes();
    const withoutPrint = stored.subarray(0, stored.length - 8);
    expect(decodeEscPos(withoutPrint).qrCodes).toEqual([]);
    expect(decodeEscPos(stored).qrCodes).toEqual(['hello']);
    const kinds = commandKinds(decodeEscPos(stored));
    expect(kinds).toEqual([
      'qr-model',
      'qr-module-size',
      'qr-error-correction',
      'qr-store',
      'qr-print',
    ]);
  });

  it('status requests and ASB setting', () => {
    const document = decodeEscPos(
      bytes(0x10, 0x04, 0x01, 0x10, 0x04, 0x04, 0x1d, 0x61, 0x0f),
    );
    expect(document.items).toEqual([
      { kind: 'status-request', request: 1, offset: 0 },
      { kind: 'status-request', request: 4, offset: 3 },
      { kind: 'auto-status-back', mask: 0x0f, offset: 6 },
    ]);
  });

  it('unknown commands are listed', () => {
    const document = decodeEscPos(
      bytes(0x1b, 0x99, 0x41, 0x07, 0x1d, 0xf0, 0x1c, 0x99, 0x0a),
    );
    expect(document.unknown.map((item) => item.kind === 'unknown' && item.bytes)).toEqual(
      [[0x1b, 0x99], [0x07], [0x1d, 0xf0], [0x1c, 0x99]],
    );
    expect(document.lines[0]?.text).toBe('A');
  });

  it('known settings consume parameters', () => {
    // ESC t 0 would leave a stray byte 0x00 if its parameter were not read.
    const document = decodeEscPos(
      bytes(0x1b, 0x74, 0x00, 0x1b, 0x33, 0x41, 0x1d, 0x4c, 0x00, 0x00, 0x41, 0x0a),
    );
    expect(document.unknown).toEqual([]);
    expect(document.lines.map((line) => line.text)).toEqual(['A']);
    expect(document.items[0]).toEqual({
      kind: 'setting',
      command: 'ESC t code table',
      parameters: [0],
      offset: 0,
    });
  });

  it('raster image is skipped whole', () => {
    // GS v 0, 2 bytes wide, 2 dots high: 4 data bytes, some of them 0x1B.
    const document = decodeEscPos(
      bytes(0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x1b, 0x40, 0x1b, 0x40, 0x41),
    );
    expect(commandKinds(document)).toEqual(['setting']);
    expect(document.lines.map((line) => line.text)).toEqual(['A']);
  });

  it('command cut short is truncated', () => {
    for (const tail of [
      [0x1b],
      [0x1b, 0x45],
      [0x1d, 0x28, 0x6b, 0x10, 0x00, 0x31],
      [0x1d, 0x56, 0x41],
      [0x10, 0x04],
    ]) {
      const document = decodeEscPos(bytes(0x41, ...tail));
      expect(document.unknown).toEqual([{ kind: 'truncated', bytes: tail, offset: 1 }]);
      expect(document.lines).toEqual([
        expect.objectContaining({ text: 'A', complete: false }),
      ]);
    }
  });

  it('other GS ( functions are unknown', () => {
    const document = decodeEscPos(
      bytes(0x1d, 0x28, 0x4c, 0x02, 0x00, 0x30, 0x32, 0x41, 0x0a),
    );
    expect(document.unknown).toHaveLength(1);
    expect(document.lines.map((line) => line.text)).toEqual(['A']);
  });

  it('init resets the style', () => {
    const document = decodeEscPos(
      bytes(0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11, 0x1b, 0x40, 0x41, 0x0a),
    );
    expect(document.lines[0]?.segments[0]).toMatchObject({
      bold: false,
      width: 1,
      height: 1,
    });
  });
});

describe('decoder and parser fuzz', () => {
  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (input, gbk) => {
        const document = decodeEscPos(input, { encoding: gbk ? 'gbk' : 'gb18030' });
        // Item offsets strictly increase, so no byte starts two items.
        let last = -1;
        for (const item of document.items) {
          expect(item.offset).toBeGreaterThan(last);
          last = item.offset;
        }
        expect(document.items.length).toBeLessThanOrEqual(input.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated job slips never throw', () => {
    const slip = renderJobSlip(
      {
        stationName: '宜川县零工市场',
        title: '苹果采摘工',
        employer: '秋林镇合作社',
        pay: '150元/天',
        place: '秋林镇',
        headcount: 3,
        contactName: '王先生',
        contactPhone: '13800000000',
        qrPayload: 'https://kiosk.example/jobs/42',
        printedAt: new Date('2025-09-01T02:30:00Z'),
        footer: '谢谢',
      },
      { columns: 32 },
    ).bytes;
    const mutation = fc.array(
      fc.tuple(fc.nat({ max: slip.length - 1 }), fc.integer({ min: 0, max: 255 })),
      {
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(mutation, fc.nat({ max: slip.length }), (changes, cutAt) => {
        const mutated = Uint8Array.from(slip);
        for (const [index, value] of changes) mutated[index] = value;
        const document = decodeEscPos(mutated.subarray(0, cutAt));
        expect(Array.isArray(document.lines)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('huge GS ( k length does not hang', () => {
    const document = decodeEscPos(
      bytes(0x1d, 0x28, 0x6b, 0xff, 0xff, 0x31, 0x50, 0x30, 0x41),
    );
    expect(document.unknown).toHaveLength(1);
    expect(document.unknown[0]?.kind).toBe('truncated');
  });

  it('status parser on random bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 50 }),
        (chunks) => {
          const parser = new StatusStreamParser();
          let consumed = 0;
          let total = 0;
          for (const chunk of chunks) {
            total += chunk.length;
            for (const event of parser.push(chunk))
              consumed += event.type === 'asb' ? 4 : 1;
          }
          // At most three bytes of a partial ASB message stay buffered.
          expect(total - consumed).toBeGreaterThanOrEqual(0);
          expect(total - consumed).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('status parser keeps replies among junk', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .integer({ min: 0, max: 255 })
            .filter((byte) => (byte & 0x93) !== 0x12 && (byte & 0x93) !== 0x10),
        ),
        fc.array(fc.constantFrom(0x12, 0x16, 0x1a, 0x32, 0x7e), {
          minLength: 1,
          maxLength: 10,
        }),
        (junk, replies) => {
          // Junk that can start neither a reply nor an ASB message, then replies.
          const parser = new StatusStreamParser();
          const events = parser.push(Uint8Array.from([...junk, ...replies]));
          const realtime = events
            .filter((event) => event.type === 'realtime')
            .map((event) => event.type === 'realtime' && event.byte);
          expect(realtime).toEqual(replies);
        },
      ),
      { numRuns: 500 },
    );
  });
});
