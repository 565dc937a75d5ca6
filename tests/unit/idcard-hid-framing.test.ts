import { describe, expect, it } from 'vitest';
import {
  HID_REPORT_SIZE,
  HidResponseDecoder,
  decodeHidRequest,
  encodeHidRequest,
  encodeHidResponse,
} from '../../native/idcard/hid-framing.js';
import {
  SamFrameError,
  encodeRequest,
  encodeResponse,
  type DecodedItem,
} from '../../native/idcard/protocol.js';

function bodies(items: DecodedItem[]): string[] {
  return items.flatMap((item) =>
    item.kind === 'frame' ? [item.frame.body.toString('hex')] : [],
  );
}

describe('hid request report', () => {
  it('wraps find card byte for byte', () => {
    const report = encodeHidRequest(encodeRequest('findCard'));
    expect(report.length).toBe(HID_REPORT_SIZE);
    // 88 | seq 00 00 | len 0B 00 | B1 | AA AA AA 96 69 00 03 20 01 22 | sum
    expect(report.subarray(0, 16).toString('hex')).toBe(
      '8800000b00b1aaaaaa966900032001' + '22',
    );
    const sum = [
      0x0b, 0x00, 0xb1, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22,
    ].reduce((a, b) => a + b, 0);
    expect(report.readUInt16LE(16)).toBe(sum);
    expect(report.subarray(18).every((byte) => byte === 0)).toBe(true);
  });

  it('round-trips on the reader side', () => {
    const frame = encodeRequest('readText');
    expect(decodeHidRequest(encodeHidRequest(frame)).toString('hex')).toBe(
      frame.toString('hex'),
    );
  });

  it('rejects a corrupt request', () => {
    const report = encodeHidRequest(encodeRequest('findCard'));
    report[8] = 0x00;
    expect(() => decodeHidRequest(report)).toThrow(SamFrameError);
    const wrongFlag = encodeHidRequest(encodeRequest('findCard'));
    wrongFlag[0] = 0x11;
    expect(() => decodeHidRequest(wrongFlag)).toThrow(/0x88/u);
  });

  it('rejects an oversized frame', () => {
    expect(() => encodeHidRequest(Buffer.alloc(57))).toThrow(RangeError);
  });
});

describe('hid response reports', () => {
  const read = encodeResponse(
    0x90,
    Buffer.concat([Buffer.from('01000400', 'hex'), Buffer.alloc(1280, 0x42)]),
  );

  it('splits a reply into 54-byte parts', () => {
    const reports = encodeHidResponse(read);
    expect(read.length).toBe(1295);
    expect(reports).toHaveLength(Math.ceil(1295 / 54));
    expect(reports.every((report) => report.length === 64)).toBe(true);
    expect(reports[0]?.[0]).toBe(0xaa);
    expect(reports[0]?.readUInt16LE(3)).toBe(57);
    expect(reports[0]?.subarray(8, 13).toString('hex')).toBe('aaaaaa9669');
  });

  it('reassembles a multi-report reply', () => {
    const decoder = new HidResponseDecoder();
    const items = encodeHidResponse(read).flatMap((report) => decoder.push(report));
    expect(bodies(items)).toEqual([read.subarray(7, -1).toString('hex')]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('accepts any chunking', () => {
    const decoder = new HidResponseDecoder();
    const stream = Buffer.concat(encodeHidResponse(read));
    const items: DecodedItem[] = [];
    for (let offset = 0; offset < stream.length; offset += 13)
      items.push(...decoder.push(stream.subarray(offset, offset + 13)));
    expect(bodies(items)).toHaveLength(1);
  });

  it('reports a bad report and continues', () => {
    const decoder = new HidResponseDecoder();
    const [bad] = encodeHidResponse(encodeResponse(0x80));
    if (!bad) throw new Error('no report');
    bad[9] = (bad[9] ?? 0) ^ 0xff;
    const items = [
      ...decoder.push(bad),
      ...decoder.push(encodeHidResponse(encodeResponse(0x80))[0] ?? Buffer.alloc(0)),
    ];
    const errors = items.flatMap((item) => (item.kind === 'error' ? [item.error] : []));
    expect(errors.map((error) => error.code)).toEqual(['BAD_CHECKSUM']);
    expect(errors[0]?.message).toContain('HID response');
    expect(bodies(items)).toEqual(['000080']);
  });

  it('reports a wrong start byte', () => {
    const report = Buffer.alloc(64, 0x11);
    const [item] = new HidResponseDecoder().push(report);
    expect(item?.kind === 'error' && item.error.message).toContain('0x11');
  });
});
