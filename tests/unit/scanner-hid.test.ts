import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HidPosReportAssembler,
  HidPosScanner,
  SimulatedHidScanner,
  decodeScanText,
  filterHidPosScanners,
  hidPosReports,
  symbologyName,
  type BarcodeScan,
  type ReportResult,
} from '../../native/scanner/index.js';
import { HidTransport } from '../../native/transport/index.js';

function scanOf(result: ReportResult | undefined): BarcodeScan {
  if (result?.type !== 'scan')
    throw new Error(`expected a scan, got ${JSON.stringify(result)}`);
  return result.scan;
}

describe('HidPosReportAssembler', () => {
  it('reads the Access-IS example report', () => {
    // Report id 2, 4 data bytes " 100", AIM ]Q0, vendor id 's', no continuation.
    const report = Buffer.alloc(64);
    Buffer.from([0x02, 0x04, 0x5d, 0x51, 0x30, 0x20, 0x31, 0x30, 0x30]).copy(report);
    report[61] = 0x73;
    const scan = scanOf(new HidPosReportAssembler().push(report));
    expect(scan.text).toBe(' 100');
    expect(scan.aimId).toBe(']Q0');
    expect(scan.symbology).toBe('QR Code');
    expect(scan.vendorSymbology).toBe(0x73);
  });

  it('joins a 60-byte code from two reports', () => {
    const text = 'M1GATHERGOOD/MICHAEL YABCDEF LHRDURAK 3542 052Y003D23  12';
    const payload = `${text}${'x'.repeat(60 - text.length)}`;
    const reports = hidPosReports(payload, { aimId: ']L0' });
    expect(reports).toHaveLength(2);
    expect(reports[0]?.[1]).toBe(56);
    expect(reports[0]?.[63]).toBe(1);
    expect(reports[1]?.[1]).toBe(4);
    expect(reports[1]?.[63]).toBe(0);

    const assembler = new HidPosReportAssembler();
    expect(assembler.push(reports[0] ?? Buffer.alloc(0))).toEqual({ type: 'partial' });
    const scan = scanOf(assembler.push(reports[1] ?? Buffer.alloc(0)));
    expect(scan.text).toBe(payload);
    expect(scan.symbology).toBe('PDF417');
  });

  it('round-trips a long Chinese share text', () => {
    const shareText =
      '苹果采摘工 150元/天\n联系 王先生\nhttps://kiosk.example/jobs/42'.repeat(5);
    const assembler = new HidPosReportAssembler();
    const results = hidPosReports(shareText).map((report) => assembler.push(report));
    const scan = scanOf(results[results.length - 1]);
    expect(scan.data).toEqual(new Uint8Array(Buffer.from(shareText, 'utf8')));
    expect(scan.text).toBe(shareText.replace(/\n/g, ''));
    expect(results.slice(0, -1).every((result) => result.type === 'partial')).toBe(true);
  });

  it('GBK bytes decode as GB18030', () => {
    const gbk = iconv.encode('宜川县', 'gbk');
    expect(decodeScanText(gbk)).toBe('宜川县');
    expect(decodeScanText(Buffer.from('宜川县', 'utf8'))).toBe('宜川县');
  });

  it('control bytes stay in data only', () => {
    // A GS1 code with a group separator between two element strings.
    const data = Buffer.from('0109501101530003\u001d17250101', 'latin1');
    const scan = scanOf(
      new HidPosReportAssembler().push(
        hidPosReports(data, { aimId: ']d2' })[0] ?? Buffer.alloc(0),
      ),
    );
    expect(scan.data[16]).toBe(0x1d);
    expect(scan.text).toBe('010950110153000317250101');
    expect(scan.symbology).toBe('Data Matrix');
  });

  it('other report ids are ignored', () => {
    const result = new HidPosReportAssembler().push(Buffer.from([0x04, 0x01, 0x00]));
    expect(result).toEqual({
      type: 'ignored',
      reason: 'report id 0x4 is not scanned data',
    });
  });

  it('bad length is an error and resets', () => {
    const assembler = new HidPosReportAssembler();
    const [first] = hidPosReports('a'.repeat(100));
    assembler.push(first ?? Buffer.alloc(0));
    const bad = Buffer.alloc(64);
    bad[0] = 0x02;
    bad[1] = 57;
    expect(assembler.push(bad)).toMatchObject({ type: 'error' });
    expect(scanOf(assembler.push(hidPosReports('ok')[0] ?? Buffer.alloc(0))).text).toBe(
      'ok',
    );
    expect(assembler.push(Buffer.from([0x02, 0x10, 0x5d]))).toMatchObject({
      type: 'error',
      message: 'invalid scanned-data report: length byte 16 does not fit a 3-byte report',
    });
  });

  it('endless continuation is cut off', () => {
    const assembler = new HidPosReportAssembler();
    const report = hidPosReports('a'.repeat(112))[0] ?? Buffer.alloc(0);
    let last: ReportResult | undefined;
    for (let i = 0; i < 200 && last?.type !== 'error'; i += 1)
      last = assembler.push(report);
    expect(last).toMatchObject({
      type: 'error',
      message: 'scanned code exceeds 8192 bytes; dropped',
    });
  });

  it('random reports never throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 40 }),
        (reports) => {
          const assembler = new HidPosReportAssembler();
          for (const report of reports) {
            const result = assembler.push(report);
            expect(['scan', 'partial', 'ignored', 'error']).toContain(result.type);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('HID POS helpers', () => {
  it('filters usage page 0x8C', () => {
    const devices = [
      {
        vendorId: 0x0c2e,
        productId: 0x0b61,
        usagePage: 0x8c,
        usage: 0x02,
        path: '/dev/hidraw3',
      },
      {
        vendorId: 0x0c2e,
        productId: 0x0b61,
        usagePage: 0x01,
        usage: 0x06,
        path: '/dev/hidraw4',
      },
      { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw5' },
    ];
    expect(filterHidPosScanners(devices).map((device) => device.path)).toEqual([
      '/dev/hidraw3',
    ]);
  });

  it('names AIM symbologies', () => {
    expect(symbologyName(']E0')).toBe('EAN/UPC');
    expect(symbologyName(']C1')).toBe('Code 128');
    expect(symbologyName(']Q1')).toBe('QR Code');
    expect(symbologyName(']?0')).toBe('unknown');
    expect(symbologyName('')).toBe('unknown');
  });

  it('rejects a bad AIM id', () => {
    expect(() => hidPosReports('x', { aimId: 'Q1' })).toThrow(
      /aimId must be 3 characters/,
    );
  });
});

describe('HidPosScanner over HidTransport', () => {
  const scanners: HidPosScanner[] = [];
  afterEach(async () => {
    for (const scanner of scanners.splice(0)) await scanner.close();
  });

  async function open(): Promise<{
    device: SimulatedHidScanner;
    scanner: HidPosScanner;
    transport: HidTransport;
  }> {
    const device = new SimulatedHidScanner();
    const transport = new HidTransport({
      path: '/dev/hidraw-sim',
      openDevice: () => Promise.resolve(device),
    });
    const scanner = new HidPosScanner(transport);
    scanners.push(scanner);
    await scanner.open();
    return { device, scanner, transport };
  }

  function nextScan(scanner: HidPosScanner): Promise<BarcodeScan> {
    return new Promise((resolve) => scanner.once('scan', resolve));
  }

  it('emits one scan per code', async () => {
    const { device, scanner } = await open();
    const seen: string[] = [];
    scanner.on('scan', (scan) => seen.push(scan.text));
    const second = new Promise<void>((resolve) =>
      scanner.on('scan', () => seen.length === 2 && resolve()),
    );
    await device.scan(
      'https://kiosk.example/jobs/42?from=slip&station=danzhou&lang=zh-CN&x=1',
    );
    await device.scan('6901234567892', { aimId: ']E0' });
    await second;
    expect(seen).toEqual([
      'https://kiosk.example/jobs/42?from=slip&station=danzhou&lang=zh-CN&x=1',
      '6901234567892',
    ]);
  });

  it('malformed reports are counted', async () => {
    const { device, scanner } = await open();
    const bad = Buffer.alloc(64);
    bad[0] = 0x02;
    bad[1] = 200;
    const scanned = nextScan(scanner);
    await device.sendReports([bad, ...hidPosReports('after')]);
    expect((await scanned).text).toBe('after');
    expect(scanner.malformedReports).toBe(1);
  });

  it('unplug emits disconnect', async () => {
    const { device, scanner, transport } = await open();
    const lost = new Promise<string>((resolve) =>
      scanner.once('disconnect', (cause) => resolve(cause.code)),
    );
    device.unplug();
    expect(await lost).toBe('DISCONNECTED');
    expect(transport.isOpen).toBe(false);
  });
});
