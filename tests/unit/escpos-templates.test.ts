import { describe, expect, it } from 'vitest';
import {
  SUBSTITUTE_CHARACTER,
  TEST_PAGE_SAMPLES,
  commandKinds,
  decodeEscPos,
  formatPrintedAt,
  renderJobSlip,
  renderTestPage,
  textWidth,
  type JobSlipData,
} from '../../native/escpos/index.js';

const SLIP: JobSlipData = {
  stationName: '宜川县零工市场',
  title: '苹果采摘工（秋林镇果园）',
  employer: '宜川县秋林镇绿源果业专业合作社',
  pay: '150元/天',
  place: '秋林镇 西村果园',
  headcount: 10,
  contactName: '王先生',
  contactPhone: '13800000000',
  qrPayload: 'https://kiosk.example/jobs/42',
  printedAt: new Date('2025-09-01T02:30:00Z'),
  footer: '宜川县人力资源和社会保障局',
};

/** Bytes ESC, GS, DLE and FS with the byte after them, as hex pairs. */
function commandStarts(bytes: Uint8Array): string[] {
  const starts: string[] = [];
  bytes.forEach((byte, index) => {
    if (byte === 0x1b || byte === 0x1d || byte === 0x10 || byte === 0x1c) {
      starts.push(Buffer.from(bytes.subarray(index, index + 2)).toString('hex'));
    }
  });
  return starts;
}

describe('renderJobSlip', () => {
  it('decodes back to the posting', () => {
    const job = renderJobSlip(SLIP, { columns: 32 });
    const document = decodeEscPos(job.bytes);
    const texts = document.lines.map((line) => line.text);

    expect(texts[0]).toBe('宜川县零工市场');
    expect(texts).toContain('苹果采摘工（秋林');
    expect(texts).toContain('镇果园）');
    expect(texts).toContain('薪资待遇：150元/天');
    expect(texts).toContain('工作地点：秋林镇 西村果园');
    expect(texts).toContain('招聘人数：10人');
    expect(texts).toContain('联系方式：王先生 13800000000');
    expect(texts).toContain('打印时间：2025-09-01 10:30');
    expect(texts).toContain('宜川县人力资源和社会保障局');
    expect(document.qrCodes).toEqual(['https://kiosk.example/jobs/42']);
    expect(document.cuts).toEqual(['partial']);
    expect(document.unknown).toEqual([]);
    expect(job.substituted).toBe(0);
  });

  it('title is double size and bold', () => {
    const document = decodeEscPos(renderJobSlip(SLIP, { columns: 32 }).bytes);
    const title = document.lines.find((line) => line.text === '苹果采摘工（秋林');
    expect(title?.segments[0]).toMatchObject({
      width: 2,
      height: 2,
      bold: true,
      chineseMode: true,
    });
    const pay = document.lines.find((line) => line.text.startsWith('薪资待遇'));
    expect(pay?.segments[0]).toMatchObject({ width: 1, height: 1, bold: false });
  });

  it('lines fit 58 mm and 80 mm paper', () => {
    for (const columns of [32, 48] as const) {
      const document = decodeEscPos(renderJobSlip(SLIP, { columns }).bytes);
      for (const line of document.lines) {
        const width = line.segments.reduce(
          (sum, segment) => sum + textWidth(segment.text, 'gb18030') * segment.width,
          0,
        );
        expect(width).toBeLessThanOrEqual(columns);
      }
    }
  });

  it('wraps long values under the label', () => {
    const document = decodeEscPos(renderJobSlip(SLIP, { columns: 32 }).bytes);
    const texts = document.lines.map((line) => line.text);
    const index = texts.findIndex((text) => text.startsWith('用工单位：'));
    expect(texts[index]).toBe('用工单位：宜川县秋林镇绿源果业专');
    expect(texts[index + 1]).toBe('          业合作社');
  });

  it('unknown headcount prints 若干', () => {
    const document = decodeEscPos(
      renderJobSlip({ ...SLIP, headcount: null }, { columns: 48 }).bytes,
    );
    expect(document.lines.map((line) => line.text)).toContain('招聘人数：若干');
  });

  it('empty QR payload leaves the code out', () => {
    const document = decodeEscPos(
      renderJobSlip({ ...SLIP, qrPayload: '\u0000 ' }, { columns: 32 }).bytes,
    );
    expect(document.qrCodes).toEqual([' ']);
    const none = decodeEscPos(
      renderJobSlip({ ...SLIP, qrPayload: '' }, { columns: 32 }).bytes,
    );
    expect(none.qrCodes).toEqual([]);
    expect(none.lines.map((line) => line.text)).not.toContain('扫码查看岗位详情');
  });

  it('QR share text keeps Chinese and line breaks', () => {
    const shareText =
      '苹果采摘工 150元/天\n联系 王先生 13800000000\nhttps://kiosk.example/jobs/42';
    const document = decodeEscPos(
      renderJobSlip({ ...SLIP, qrPayload: shareText }, { columns: 32 }).bytes,
    );
    expect(document.qrCodes).toEqual([shareText]);
    const store = document.items.find((item) => item.kind === 'qr-store');
    expect(store?.kind).toBe('qr-store');
    if (store?.kind !== 'qr-store') return;
    expect(store.byteLength).toBe(Buffer.byteLength(shareText, 'utf8'));
  });

  it('GBK slip substitutes rare name characters', () => {
    const job = renderJobSlip(
      { ...SLIP, contactName: '𠮷先生', title: '招工😀' },
      { columns: 32, encoding: 'gbk' },
    );
    expect(job.substituted).toBe(2);
    const texts = decodeEscPos(job.bytes, { encoding: 'gbk' }).lines.map(
      (line) => line.text,
    );
    expect(texts).toContain(`联系方式：${SUBSTITUTE_CHARACTER}先生 13800000000`);
    expect(texts).toContain(`招工${SUBSTITUTE_CHARACTER}`);
  });

  it('rejects bad headcount and columns', () => {
    expect(() => renderJobSlip({ ...SLIP, headcount: -1 }, { columns: 32 })).toThrow(
      /headcount must be a whole number of 0 or more, or null, got -1/,
    );
    expect(() =>
      renderJobSlip({ ...SLIP, headcount: Number.NaN }, { columns: 32 }),
    ).toThrow(/headcount/);
    expect(() => renderJobSlip(SLIP, { columns: 40 as 32 })).toThrow(
      /columns must be 32 \(58 mm paper\) or 48/,
    );
    expect(() => renderTestPage({ columns: 0 as 48 })).toThrow(/columns must be/);
  });

  it('rejects an invalid printed time', () => {
    expect(() =>
      renderJobSlip({ ...SLIP, printedAt: new Date('x') }, { columns: 32 }),
    ).toThrow(/printedAt is not a valid date/);
  });
});

describe('job slip injection', () => {
  const HOSTILE =
    '招工\u001b@\u001dV\u0000\u0010\u0004\u0001\u001c.\u0000\u009b\u0085\u001b!\u0030\u001d(k\u0003\u0000\u0031\u0051\u0030完';

  it('prints control text as text only', () => {
    const benign = renderJobSlip(SLIP, { columns: 32 });
    const hostileSlip: JobSlipData = {
      ...SLIP,
      stationName: `站${HOSTILE}`,
      title: HOSTILE,
      employer: HOSTILE,
      pay: HOSTILE,
      place: HOSTILE,
      contactName: HOSTILE,
      contactPhone: HOSTILE,
      footer: HOSTILE,
      qrPayload: `https://kiosk.example/jobs/42${HOSTILE}`,
    };
    const hostile = renderJobSlip(hostileSlip, { columns: 32 });
    const benignDocument = decodeEscPos(benign.bytes);
    const hostileDocument = decodeEscPos(hostile.bytes);

    // The template issues the same commands whatever the text; wrapping may
    // add line feeds, so compare the commands without them.
    const withoutFeeds = (kinds: string[]): string[] =>
      kinds.filter((kind) => kind !== 'line-feed');
    expect(withoutFeeds(commandKinds(hostileDocument))).toEqual(
      withoutFeeds(commandKinds(benignDocument)),
    );
    expect(hostileDocument.unknown).toEqual([]);
    expect(hostileDocument.cuts).toEqual(['partial']);
    expect(hostileDocument.items.filter((item) => item.kind === 'init')).toHaveLength(1);
    expect(
      hostileDocument.items.filter((item) => item.kind === 'status-request'),
    ).toHaveLength(0);
    expect(hostileDocument.qrCodes).toEqual([
      'https://kiosk.example/jobs/42招工@V.!0(k1Q0完',
    ]);

    const text = hostileDocument.lines.map((line) => line.text).join('');
    expect(text).toContain('招工@V.!0(k1Q0完');
    // Each ESC, GS, DLE, FS byte in the output starts a command the template wrote.
    expect(commandStarts(hostile.bytes)).toEqual(commandStarts(benign.bytes));
  });

  it('no control byte inside text runs', () => {
    const hostile = renderJobSlip(
      { ...SLIP, title: HOSTILE, employer: HOSTILE },
      { columns: 48, encoding: 'gbk' },
    );
    for (const item of decodeEscPos(hostile.bytes, { encoding: 'gbk' }).items) {
      if (item.kind !== 'text') continue;
      expect(/[\u0000-\u001f\u007f-\u009f]/.test(item.text)).toBe(false);
    }
  });
});

describe('renderTestPage', () => {
  it('shows sizes, bold, samples and a QR', () => {
    const job = renderTestPage({ columns: 48 });
    const document = decodeEscPos(job.bytes);
    const sizes = document.items.filter((item) => item.kind === 'size');
    expect(
      sizes.map((item) => (item.kind === 'size' ? `${item.width}x${item.height}` : '')),
    ).toEqual(['1x1', '2x2', '3x3', '4x4', '2x1', '1x2', '1x1']);
    const texts = document.lines.map((line) => line.text);
    expect(texts).toContain('加粗 Bold');
    expect(texts.some((text) => text.includes(TEST_PAGE_SAMPLES.gb18030))).toBe(true);
    expect(texts.some((text) => text.includes('￥100'))).toBe(true);
    expect(document.qrCodes).toHaveLength(1);
    expect(document.cuts).toEqual(['partial']);
    expect(job.substituted).toBe(0);
  });

  it('GBK test page shows substitutes', () => {
    const job = renderTestPage({ columns: 32, encoding: 'gbk' });
    // 𠮷 and 𬱖 of the GB18030 sample (䶮 has the GBK code FE 9F), and 𠮷 😀 €
    // of the demo (¥ maps to ￥).
    expect(job.substituted).toBe(5);
    const texts = decodeEscPos(job.bytes, { encoding: 'gbk' }).lines.map(
      (line) => line.text,
    );
    expect(texts).toContain(`替换：□ □ ￥ □`);
  });
});

describe('formatPrintedAt', () => {
  it('uses China Standard Time', () => {
    expect(formatPrintedAt(new Date('2025-12-31T16:05:00Z'))).toBe('2026-01-01 00:05');
  });
});
